"""The job post kit /careers/<slug>/job-post/: a draft job post from a guide and official pay."""

import html
import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from careers import job_post
from guides.markdown import render_markdown
from guides.models import Responsibility, Role, Skill
from salaries.currency import format_money
from salaries.figures import describe_wage
from salaries.models import WageEstimate
from tests.builders import (
    make_area,
    make_career_level,
    make_draft,
    make_estimate,
    make_occupation,
    make_responsibility,
    make_role,
    make_skill,
    make_state,
)

pytestmark = pytest.mark.django_db

# The role, its responsibilities, its skills, its levels with their pay, the official estimates.
JOB_POST_QUERIES = 5

SOURCE = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"


@pytest.fixture
def occupation():
    return make_occupation()


@pytest.fixture
def role(occupation):
    role = make_role(
        title="Back Office Assistant",
        introduction="Back office assistants keep records *straight*.\n\nThey work behind the "
        "scenes & rarely meet clients.",
        typical_education="High school diploma or equivalent",
        occupation=occupation,
    )
    make_career_level(role, title="Junior Back Office Assistant", years_from=0, years_to=2,
                      description="Routine data entry under supervision.")  # fmt: skip
    make_career_level(role, title="Senior Back Office Assistant", years_from=4, years_to=None,
                      description="Complex reconciliation; trains juniors.")  # fmt: skip
    make_responsibility(role, text="Process invoices and payments.")
    make_responsibility(role, text="File and archive records.")
    make_skill(role, Skill.Kind.EDUCATION, text="High school diploma.")
    make_skill(role, Skill.Kind.TECHNICAL, name="Spreadsheets", text="Sort and filter data.")
    make_skill(role, Skill.Kind.SOFT, name="Attention to detail", text="Catch errors early.")
    return role


@pytest.fixture
def figures(occupation):
    """National and California estimates, with different numbers."""
    national = make_estimate(occupation, make_area())
    california = make_estimate(
        occupation, make_area("6", "California", "2", "CA"),
        annual_p25=41230, annual_median=52340, annual_p75=63450,
    )  # fmt: skip
    return national, california


def url(role, **params):
    base = reverse("careers:job_post", args=[role.slug])
    return f"{base}?{urlencode(params)}" if params else base


def textarea(response, element_id):
    """The unescaped content of a textarea of the page."""
    found = re.search(rf'<textarea id="{element_id}"[^>]*>(.*?)</textarea>', response.text, re.S)
    assert found, f"no textarea #{element_id}"
    return html.unescape(found[1])


def kit(client, role, **params):
    response = client.get(url(role, **params))
    assert response.status_code == 200, response.text
    return textarea(response, "job-post-text"), textarea(response, "job-post-markdown"), response


# --- Pay ------------------------------------------------------------------------------------


def test_pay_is_the_states_official_figures_exactly(client, role, figures):
    _, california = figures

    text, markdown, _ = kit(client, role, state="CA")

    low = describe_wage(california, "annual_p25")
    high = describe_wage(california, "annual_p75")
    median = describe_wage(california, "annual_median")
    assert (low, median, high) == ("$41,230", "$52,340", "$63,450")
    for version in (text, markdown):
        assert "25th to 75th percentile" in version
        assert f"{low} to {high} a year" in version
        assert f"{median} a year" in version
        assert f"{SOURCE}, May 2025, California" in version
        assert "Office Clerks, General (SOC 43-9061)" in version
        assert "$45,010" not in version  # not the national median


def test_no_state_gives_the_national_figures(client, role, figures):
    national, _ = figures

    text, markdown, _ = kit(client, role)

    for version in (text, markdown):
        assert (
            f"{describe_wage(national, 'annual_p25')} to {describe_wage(national, 'annual_p75')}"
            in version
        )  # noqa: E501
        assert "$45,010 a year" in version
        assert f"{SOURCE}, May 2025, U.S." in version
        assert "California" not in version


def test_state_code_is_case_insensitive(client, role, figures):
    text, _, _ = kit(client, role, state="ca")
    assert f"{SOURCE}, May 2025, California" in text


def test_top_coded_percentile_says_or_more(client, role, occupation):
    make_estimate(occupation, make_area(), annual_p75=None, markers={"annual_p75": "#"})

    text, markdown, response = kit(client, role)

    assert "$36,350 to $239,200 or more a year" in text
    assert "$36,350 to $239,200 or more a year" in markdown
    assert "$239,200 or more" in response.text  # and in the preview


def test_unpublished_figures_say_so(client, role, occupation):
    unpublished = {"annual_p25": "*", "annual_p75": "*", "annual_median": "*"}
    make_estimate(occupation, make_area(), **dict.fromkeys(unpublished), markers=unpublished)

    text, _, _ = kit(client, role)

    assert "Official pay, 25th to 75th percentile: not published\n" in text
    assert "Official median: not published\n" in text


def test_a_range_without_one_end_is_not_published(client, role, occupation):
    make_estimate(occupation, make_area(), annual_p75=None, markers={"annual_p75": "*"})

    text, _, _ = kit(client, role)

    assert "Official pay, 25th to 75th percentile: not published\n" in text
    assert "Official median: $45,010 a year\n" in text


def test_hourly_only_occupation_gives_hourly_figures(client, role, occupation):
    make_estimate(occupation, make_area(), hourly_only=True, annual_p25=None, annual_median=None,
                  annual_p75=None)  # fmt: skip

    text, _, _ = kit(client, role)

    assert "$17.48 to $26.11 an hour" in text and "Official median: $21.64 an hour" in text


def test_the_levels_guide_band_with_its_source(client, role, figures):
    senior = role.career_levels.get(order=2)

    text, markdown, _ = kit(client, role, level=senior.order)

    band = senior.salary
    median, average = format_money(band.median), format_money(band.average)
    for version in (text, markdown):
        assert f"median {median}, average {average} a year" in version
        assert "Test source, 2025" in version
        assert "Senior Back Office Assistant" in version
        assert "4+ years" in version
        assert "Complex reconciliation; trains juniors." in version
        assert "Junior Back Office Assistant" not in version


def test_default_is_the_first_level(client, role, figures):
    text, _, _ = kit(client, role)

    assert text.startswith("Junior Back Office Assistant\nExperience: 0-2 years\n")
    assert "Routine data entry under supervision." in text
    assert "median $41,000, average $43,000 a year" in text


def test_each_pay_figure_is_labelled_with_its_source(client, role, figures):
    level = role.career_levels.order_by("order").first()  # the junior level

    text, markdown, _ = kit(client, role, level=level.order, state="CA")

    salary = level.salary
    official = f"{SOURCE}, May 2025, California"
    guide = f"{salary.source}, {salary.year}"
    assert "Official median: $52,340 a year\n" in text
    assert f"Source of the official pay: {official}\n" in text
    assert "The guide's estimate for this level: median $41,000, average $43,000 a year\n" in text
    assert f"Source of the guide's estimate: {guide}\n" in text
    assert "- **Official median:** $52,340 a year\n" in markdown
    assert f"- **Source of the guide's estimate:** {guide}\n" in markdown


def test_a_level_without_pay_has_no_guide_band(client, role, figures):
    level = make_career_level(role, with_salary=False, title="Lead")

    text, _, _ = kit(client, role, level=level.order)

    assert "The guide's estimate for this level" not in text
    assert "Test source" not in text


def test_without_official_figures_the_post_has_no_official_pay(client, role):
    text, _, response = kit(client, role)

    assert SOURCE not in text and "percentile" not in text
    assert "No official wage figures have been published for this occupation" in response.text
    assert 'name="state"' not in response.text  # nothing to choose


def test_a_role_without_an_occupation(client):
    role = make_role(title="Unlinked")
    make_responsibility(role, text="Do the unlinked work.")

    text, _, response = kit(client, role)

    assert "Do the unlinked work." in text
    assert "not linked to an official occupation" in response.text
    response = client.get(url(role, state="CA"))
    assert response.status_code == 400
    assert "There are no official figures by state for this role." in response.text


# --- The guide's parts ----------------------------------------------------------------------


def test_every_part_of_the_guide_appears_in_both_versions(client, role, figures):
    text, markdown, response = kit(client, role)

    facts = [
        "Back office assistants keep records straight.",
        "They work behind the scenes & rarely meet clients.",
        *Responsibility.objects.filter(role=role).values_list("text", flat=True),
        "High school diploma.",
        "Spreadsheets: Sort and filter data.",
        "Attention to detail: Catch errors early.",
        "High school diploma or equivalent",
        f"http://testserver{role.get_absolute_url()}",
    ]
    for fact in facts:
        assert fact in text, fact
        assert fact in markdown.replace("**", ""), fact
    preview = html.unescape(response.text)
    for item in Responsibility.objects.filter(role=role):
        assert f"<li>{item.text}</li>" in preview


def test_markdown_and_text_hold_the_same_facts(role, figures):
    national, _ = figures
    parts = job_post.assemble(role, role.career_levels.first(), national, "https://x.test/g/")

    text, markdown = job_post.as_text(parts), job_post.as_markdown(parts)

    def facts(version):
        plain = re.sub(r"[*#\\]|^- ", "", version, flags=re.M)
        return set(re.findall(r"[\w$&]+(?:[,.'+-][\w$]+)*", plain.lower()))

    # The same words (headings aside: UPPER in text, ## in Markdown), the same figures.
    assert facts(text) == facts(markdown)
    for figure in re.findall(r"\$[\d,]+", text):
        assert markdown.count(figure) == text.count(figure)


def test_assemble_gives_parts_from_the_guide(role, figures):
    _, california = figures
    level = role.career_levels.get(order=1)

    parts = job_post.assemble(role, level, california)

    assert parts["title"] == "Junior Back Office Assistant"
    assert parts["summary"] == [
        "Back office assistants keep records straight.",
        "They work behind the scenes & rarely meet clients.",
    ]
    assert parts["responsibilities"] == [
        "Process invoices and payments.", "File and archive records.",
    ]  # fmt: skip
    assert parts["technical_skills"] == [{"name": "Spreadsheets", "text": "Sort and filter data."}]
    assert parts["official_pay"]["range"] == "$41,230 to $63,450 a year"
    assert parts["official_pay"]["median"] == "$52,340 a year"
    assert parts["guide_pay"]["source"] == "Test source"
    assert parts["guide_url"] == role.get_absolute_url()


def test_markdown_shows_guide_text_as_written():
    parts = {
        "role_title": "A_B", "title": "# Not a heading", "years": "", "level_description": "",
        "summary": ["Use *stars* and [brackets] and <script>x</script>."],
        "responsibilities": ["1. Numbered by the editor", "- dashed"],
        "education_requirements": [], "technical_skills": [], "soft_skills": [],
        "typical_education": "", "official_pay": None, "guide_pay": None,
        "guide_url": "https://example.test/careers/a-b/",
    }  # fmt: skip

    rendered = render_markdown(job_post.as_markdown(parts))

    assert "<h3>" in rendered and "# Not a heading" in rendered
    assert "*stars*" in rendered and "[brackets]" in rendered
    assert "&lt;script&gt;x&lt;/script&gt;" in rendered and "<script>" not in rendered
    assert "<li>1. Numbered by the editor</li>" in rendered and "<li>- dashed</li>" in rendered
    assert 'href="https://example.test/careers/a-b/"' in rendered and ">A_B</a>" in rendered
    assert job_post.as_text(parts).startswith("# Not a heading\n")  # plain text is as written


def test_nothing_but_the_guide_and_the_data(role, figures):
    """Every line of the text version is a heading or label of the kit, or comes from the
    guide or the official data."""
    _, california = figures
    level = role.career_levels.get(order=1)
    parts = job_post.assemble(role, level, california, "https://x.test/g/")
    sources = {
        *parts["summary"], level.title, level.description, role.typical_education,
        *role.responsibilities.values_list("text", flat=True),
        *(f"{s.name}: {s.text}" if s.name else s.text for s in role.skills.all()),
    }  # fmt: skip
    headings = {"ABOUT THE ROLE", "AT THIS LEVEL", "RESPONSIBILITIES", "EDUCATION REQUIREMENTS",
                "TECHNICAL SKILLS", "SOFT SKILLS", "TYPICAL EDUCATION", "PAY", ""}  # fmt: skip
    labelled = ("Experience: ", "Official pay, 25th to 75th percentile: ", "Official median: ",
                "Occupation: ", "Source of the official pay: ",
                "The guide's estimate for this level: ", "Source of the guide's estimate: ",
                "Career guide: ")  # fmt: skip

    for line in job_post.as_text(parts).splitlines():
        line = line.removeprefix("- ")
        assert line in sources or line in headings or line.startswith(labelled), line


# --- The form -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"level": "9"}, "This guide has no career level “9”"),
        ({"level": "junior"}, "This guide has no career level “junior”"),
        ({"state": "ZZ"}, "There are no official figures for this role in a state “ZZ”"),
        ({"state": "TX"}, "There are no official figures for this role in a state “TX”"),
        ({"level": "1", "state": "California"}, "in a state “CALIFORNIA”"),
    ],
)
def test_unknown_level_or_state_is_a_400_with_a_message(client, role, figures, params, message):
    response = client.get(url(role, **params))

    assert response.status_code == 400
    assert message in html.unescape(response.text)
    assert 'role="alert"' in response.text
    assert "job-post-text" not in response.text  # no kit for a choice that was not made


def test_an_error_is_tied_to_its_control(client, role, figures):
    page = client.get(url(role, level="9")).text

    assert 'aria-describedby="id_level_error"' in page
    assert '<div id="id_level_error"><p>This guide has no career level' in html.unescape(page)


def test_a_guide_without_levels(client, figures):
    role = make_role(title="Levelless", occupation=figures[0].occupation)

    text, _, response = kit(client, role)
    assert text.startswith("Levelless\n\nABOUT THE ROLE\n")
    assert 'name="level"' not in response.text

    response = client.get(url(role, level="1"))
    assert response.status_code == 400
    assert "This guide describes no career levels to choose from." in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"level": "1" * 10_000},
        {"state": "C" * 10_000},
        {"level": "\x00", "state": "\x00"},
        {"level": "1\x00", "state": "CA\x00"},
        {"level": "-1", "state": "<script>"},
        {"level": "１"},  # a full-width digit
        {"level": "1.0", "state": " CA "},
    ],
    ids=["long-level", "long-state", "nul", "nul-suffix", "markup", "full-width", "spaces"],
)
def test_hostile_input_is_never_a_500(client, role, figures, params):
    response = client.get(url(role, **params))

    assert response.status_code == 400
    assert "\x00" not in response.text
    assert "<script>" not in response.text


def test_form_controls_are_labelled_and_keep_the_choice(client, role, figures):
    _, _, response = kit(client, role, level=2, state="CA")

    page = response.text
    assert '<label for="id_level">Career level</label>' in page
    assert '<label for="id_state">State</label>' in page
    assert '<option value="2" selected>Senior Back Office Assistant (4+ years)</option>' in page
    assert '<option value="CA" selected>California</option>' in page
    assert '<option value="">United States (national figures)</option>' in page
    assert page.count("<h1") == 1
    assert '<label for="job-post-text">' in page and '<label for="job-post-markdown">' in page
    assert page.count("readonly") == 2
    assert "<style" not in page and " style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", page)


# --- Which roles have a kit -----------------------------------------------------------------


def test_draft_is_a_404_for_anonymous_and_previewable_by_staff(client, django_user_model):
    draft = make_draft(title="Draft Role")

    assert client.get(url(draft)).status_code == 404

    user = django_user_model.objects.create_user("previewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="preview_role"))
    client.force_login(user)
    response = client.get(url(draft))
    assert response.status_code == 200
    assert "Preview: not published." in response.text
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_an_occupation_page_has_no_kit(client, occupation):
    page = make_role(title="Office Clerks, General", introduction="", occupation=occupation)
    make_estimate(occupation, make_area())

    assert client.get(role_url := url(page)).status_code == 404
    assert client.get(role_url + "?state=CA").status_code == 404


def test_unknown_slug_is_a_404(client):
    assert client.get("/careers/no-such-career/job-post/").status_code == 404


def test_an_old_slug_redirects_with_the_choice(client, role):
    old = role.slug
    role.slug = "back-office-associate"
    role.save()

    response = client.get(f"/careers/{old}/job-post/?level=2&state=CA")

    assert response.status_code == 301
    assert response["Location"] == "/careers/back-office-associate/job-post/?level=2&state=CA"


def test_the_guide_links_to_its_kit(client, role):
    page = client.get(role.get_absolute_url()).text
    assert f'<a href="{url(role)}">Write a job post</a>' in page


# --- Cost -----------------------------------------------------------------------------------


def test_query_count_is_constant(client, role, occupation, figures, django_assert_num_queries):
    with django_assert_num_queries(JOB_POST_QUERIES):
        client.get(url(role, state="CA"))

    for number in range(30):
        make_responsibility(role)
        make_skill(role, Skill.Kind.TECHNICAL)
        make_estimate(occupation, make_state(number))
    for _ in range(5):
        make_career_level(role)
    with django_assert_num_queries(JOB_POST_QUERIES):
        response = client.get(url(role, level=7, state="AB"))
    assert response.status_code == 200
    assert response.text.count('<option value="') == 7 + 32  # levels; national and states


# --- The shipped guide ----------------------------------------------------------------------


def test_the_shipped_back_office_assistant_guide(client, occupation):
    make_estimate(occupation, make_area())
    make_estimate(occupation, make_area("6", "California", "2", "CA"), annual_p25=40100)
    call_command("load_guides", verbosity=0)
    role = Role.objects.get(slug="back-office-assistant")
    responsibilities = list(role.responsibilities.values_list("text", flat=True))
    assert len(responsibilities) >= 5

    text, markdown, _ = kit(client, role, level=2, state="CA")

    for responsibility in responsibilities:
        assert f"- {responsibility}" in text
    assert "Manage and organize physical and digital records" in markdown
    level = role.career_levels.get(order=2)
    assert text.startswith(f"{level.title}\nExperience: {level.years}\n")
    assert f"{SOURCE}, May 2025, California" in text and "$40,100 to $54,300 a year" in text
    assert f"median {format_money(level.salary.median)}" in text
    assert WageEstimate.objects.count() == 2  # the kit read the data, changed nothing
