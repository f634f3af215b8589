"""Comparing careers: /compare/?careers=a,b, its htmx region, its URL, bad input, its cost."""

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from careers.forms import MAX_ROLES
from guides.models import Industry, RoleIndustry, Skill
from occupations.models import Projection, SourceRelease
from salaries.models import Release
from tests.builders import (
    make_area,
    make_career_level,
    make_draft,
    make_estimate,
    make_occupation,
    make_onet,
    make_onet_profile,
    make_projection,
    make_role,
    make_skill,
    rate_onet,
)

pytestmark = pytest.mark.django_db

COMPARE = reverse("careers:compare")
HTMX = {"HX-Request": "true", "HX-Target": "comparison"}
# The roles; their industries, career levels (with salaries) and skills; the official wages;
# the projections; the O*NET occupations with their core tasks, technologies, tools and skills.
COMPARE_QUERIES = 11
ONET_CREDIT = (
    "This site incorporates information from the O*NET 30.1 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. O*NET® is a trademark of USDOL/ETA."
)


def url(*slugs, **params):
    query = "&".join(f"{name}={value}" for name, value in params.items())
    careers = f"careers={','.join(slugs)}" if slugs else ""
    return f"{COMPARE}?{'&'.join(part for part in (careers, query) if part)}"


def guide(slug, title, code=None, **overrides):
    occupation = make_occupation(code, f"{title} (official)") if code else None
    return make_role(slug=slug, title=title, occupation=occupation, **overrides)


@pytest.fixture
def roles():
    """A clerk and a nurse with full guides, and an occupation with only official data."""
    clerk = guide(
        "clerk", "Office Clerk", "43-9061",
        typical_education="High school diploma or equivalent",
        growth_percent=Decimal("5.0"), growth_label="As fast as average",
        growth_period_start=2024, growth_period_end=2034, growth_source="BLS Projections",
        annual_openings=300000, annual_openings_approximate=True,
        annual_openings_source="BLS Projections, 2024-2034",
    )  # fmt: skip
    nurse = guide("nurse", "Registered Nurse", "29-1141")
    receptionist = guide("receptionist", "Receptionist", "43-4171", introduction="")
    national = make_area()
    make_estimate(clerk.occupation, national, employment=2464940)
    make_estimate(
        nurse.occupation, national, annual_median=93600, annual_p10=66030, annual_p90=135320
    )
    make_estimate(receptionist.occupation, national, annual_median=37230)
    finance = Industry.objects.create(name="Financial Services", slug="financial-services")
    RoleIndustry.objects.create(role=clerk, industry=finance, order=1)
    make_career_level(clerk, title="Junior Clerk")
    make_career_level(clerk, title="Senior Clerk")
    return {"clerk": clerk, "nurse": nurse, "receptionist": receptionist}


def add_skills(role, names, kind=Skill.Kind.TECHNICAL):
    for name in names:
        make_skill(role, kind=kind, name=name, text=f"{name}, as the guide puts it.")


# The full page and the htmx region


def test_full_page_shows_each_career_in_a_column(client, roles):
    response = client.get(url("clerk", "nurse", "receptionist"))

    assert response.status_code == 200
    text = response.text
    assert "<html" in text and "<h1>Compare careers</h1>" in text
    assert '<div id="comparison" ' in text
    assert "<caption" in text and "Three careers side by side</span></caption>" in text
    assert text.count('<th scope="col"') == 3
    assert '<th scope="row">Typical education to enter' in text
    for role in roles.values():
        assert (
            f'<a href="{role.get_absolute_url()}" class="compare__title">{role.title}</a>' in text
        )
    assert (
        text.index("Office Clerk") < text.index("Registered Nurse") < text.index("Receptionist<")
    )
    assert (
        "<title>Compare Office Clerk, Registered Nurse and Receptionist · careerguide</title>"
        in text
    )
    assert {"HX-Request", "HX-Target"} <= set(response.headers["Vary"].split(", "))
    assert "django_htmx/htmx-2.min.js" in text


def test_page_has_no_inline_script_or_style(client, roles):
    text = client.get(url("clerk", "nurse")).text

    assert "<script>" not in text and "<style" not in text and " style=" not in text
    assert " onclick=" not in text


def test_the_reader_chooses_the_careers_in_view(client, roles):
    text = client.get(url("clerk", "nurse", "receptionist")).text

    view = re.search(r'<fieldset class="compare-view">.*?</fieldset>', text, re.S).group()
    assert "<legend>Careers in view</legend>" in view
    toggles = re.findall(
        r'<input type="checkbox" id="(show-\d)" class="visually-hidden" checked>'
        r'<label for="\1">(.*?)<',
        view,
    )
    assert toggles == [
        ("show-1", "Office Clerk"), ("show-2", "Registered Nurse"), ("show-3", "Receptionist"),
    ]  # fmt: skip
    # One column for the row headings, then one a career: the columns the toggles hide.
    assert '<colgroup><col><col class="compare__career"><col class="compare__career">' in text
    assert text.count('<col class="compare__career">') == 3
    assert text.index("compare-view") < text.index("<table")


def test_one_career_has_nothing_to_choose_from(client, roles):
    text = client.get(url("clerk")).text

    assert "compare-view" not in text and '<col class="compare__career">' in text


def test_the_stylesheet_hides_each_career_a_comparison_can_hold():
    """The toggles work by the stylesheet alone: a rule for each of the MAX_ROLES columns, and
    the table's width for each number of careers switched off but one."""
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text()

    for number in range(1, MAX_ROLES + 1):
        column = number + 1  # after the row headings
        assert (
            f"#comparison:has(#show-{number}:not(:checked)) "
            f".compare :is(thead th, td:not([colspan])):nth-child({column})"
        ) in css
    for hidden in range(1, MAX_ROLES):
        unchecked = " ~ ".join(["input:not(:checked)"] * hidden)
        assert (
            f"#comparison:has(.compare-view {unchecked}) .compare {{\n  --hidden: {hidden};" in css
        )
        assert f".compare col:nth-last-child(-n + {hidden})" in css


def test_htmx_request_gets_only_the_comparison_region(client, roles):
    response = client.get(url("clerk", "nurse"), headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert '<table class="figures compare compare--2">' in response.text
    assert (
        "<title>Compare Office Clerk and Registered Nurse · careerguide</title>" in response.text
    )
    assert 'id="comparison-status" data-hx-swap-oob="innerHTML"' in response.text
    assert response.headers["HX-Push-Url"] == url("clerk", "nurse")
    assert {"HX-Request", "HX-Target"} <= set(response.headers["Vary"].split(", "))


def test_htmx_request_for_another_target_gets_the_full_page(client, roles):
    # Such as htmx restoring history it has no copy of: the whole page, as without htmx.
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = client.get(url("clerk", "nurse"), headers=headers)

    assert "<html" in response.text
    assert response.text.count('id="comparison-status"') == 1
    assert response.text.count("<title>") == 1


def test_guide_facts_side_by_side(client, roles):
    text = client.get(url("clerk", "receptionist")).text

    assert '<span class="badge">Full guide</span>' in text
    assert "No guide yet: official data only" in text
    assert "High school diploma or equivalent" in text
    assert "5%" in text and "As fast as average" in text and "2024–2034" in text
    assert "Source: BLS Projections" in text
    assert "≈</abbr>300,000" in text and "Source: BLS Projections, 2024-2034" in text
    assert "Financial Services" in text
    # Guide-only facts of the occupation without a guide: a plain note, never an error.
    assert text.count("No guide yet</span>") == 6


def test_guide_facts_the_guide_leaves_out_say_so(client, roles):
    text = client.get(url("clerk", "nurse")).text

    assert "Not in the guide" in text
    assert "No guide yet</span>" not in text


def test_salary_by_career_level_with_its_source(client, roles):
    text = client.get(url("clerk", "nurse")).text

    assert 'Junior Clerk: <span class="compare__number">$41,000</span>' in text
    assert 'Senior Clerk: <span class="compare__number">$42,000</span>' in text
    assert "Source: Test source, 2025" in text


def test_official_figures_with_their_source(client, roles):
    text = client.get(url("clerk", "nurse", "receptionist")).text

    assert "$45,010" in text and "$93,600" in text and "$37,230" in text
    nurse = cells(row(text, "Pay by percentile"))[1]
    assert "<dd>$66,030</dd>" in nurse and "<dd>$135,320</dd>" in nurse
    assert "2,464,940" in text
    assert text.count("BLS OEWS, May 2025, national;") == 3
    assert "SOC 29-1141" in text


def test_official_figures_missing_or_unpublished(client, roles):
    make_estimate(
        make_occupation("27-2011", "Actors"), make_area(), annual_median=None, annual_p10=None,
        annual_p90=None, employment=None,
        markers={"annual_median": "*", "annual_p10": "*", "annual_p90": "*"},
    )  # fmt: skip
    make_role(slug="actors", title="Actors", introduction="", occupation_id="27-2011")
    make_role(slug="unlinked", title="Unlinked")

    text = client.get(url("actors", "unlinked")).text

    assert '<span class="compare__missing">not published</span>' in text
    assert "<dt>10th</dt><dd>not published</dd>" in cells(row(text, "Pay by percentile"))[0]
    for heading in ("Median pay", "Pay by percentile", "Employment", "Source of official pay"):
        assert "Not in the official data" in cells(row(text, heading))[1]


def test_top_coded_figures(client, roles):
    make_estimate(
        make_occupation("29-1211", "Anesthesiologists"), make_area(), annual_median=None,
        annual_p90=None, markers={"annual_median": "#", "annual_p90": "#"},
    )  # fmt: skip
    make_role(slug="anesthesiologists", title="Anesthesiologists", occupation_id="29-1211")

    text = client.get(url("clerk", "anesthesiologists")).text

    assert '<span class="compare__figure">$239,200 or more</span>' in text


def test_official_figures_are_the_newest_release(client, roles):
    # Not make_release(): it looks releases up by the default name whatever name it is given.
    older = Release.objects.create(name="May 2024", reference_date=date(2024, 5, 1))
    make_estimate(roles["nurse"].occupation, make_area(), release=older, annual_median=1)
    text = client.get(url("clerk", "nurse")).text

    assert "May 2024" not in text and "$1<" not in text


# Official data for every career: BLS projections, OEWS percentiles, O*NET


def official_profile(occupation, onet_code, skills=(), tools=(), zone=None, bright="", **fields):
    """The occupation's BLS projection (`fields` over the clerk's) and an O*NET occupation
    with its tasks, technologies, tools, job zone, Bright Outlook and skills (name, importance,
    and any of rate_onet's flags)."""
    tasks, technologies = fields.pop("tasks", ()), fields.pop("technologies", ())
    make_projection(occupation, **fields)
    onet = make_onet(occupation, onet_code, occupation.title, tasks, (), technologies)
    make_onet_profile(onet, tools=tools, zone=zone, bright=bright)
    for name, importance, *flags in skills:
        rate_onet(onet, "skill", name, importance, **dict(flags))
    return onet


@pytest.fixture
def official(roles):
    """The official data of the three careers, and BLS's projection of all occupations."""
    official_profile(
        roles["clerk"].occupation, "43-9061.00", zone=2,
        tasks=[("Operate office machines.", "core"), ("Answer telephones.", "core"),
               ("Maintain filing systems.", "core"), ("Compile records.", "core"),
               ("Count materials.", "supplemental")],
        technologies=[("Microsoft Word", "Word processing software", True),
                      ("QuickBooks", "Accounting software", False),
                      ("Microsoft Excel", "Spreadsheet software", True)],
        tools=["Photocopiers", "Desktop computers"],
        skills=[("Active Listening", "3.75"), ("Speaking", "3.62"),
                ("Reading Comprehension", "3.50"), ("Writing", "3.25"),
                ("Time Management", "3.12"), ("Service Orientation", "3.00"),
                ("Mathematics", "2.88"), ("Persuasion", "3.90", ("importance_suppressed", True))],
    )  # fmt: skip
    official_profile(
        roles["nurse"].occupation, "29-1141.00", zone=4,
        bright="Rapid Growth; Numerous Job Openings",
        change_percent=Decimal("4.9"), change=Decimal("166.1"), openings=Decimal("189.1"),
        entry_education="Bachelor's degree", work_experience="None", job_training="None",
        tasks=[("Record patients' medical information.", "core"),
               ("Monitor patients.", "supplemental")],
        technologies=[("MEDITECH software", "Medical software", False),
                      ("Microsoft Excel", "Spreadsheet software", True),
                      ("Epic Systems", "Medical software", True)],
        tools=["Stethoscopes", "Desktop computers"],
        skills=[("Social Perceptiveness", "4.12"), ("Active Listening", "4.00"),
                ("Speaking", "3.95"), ("Critical Thinking", "3.90"), ("Coordination", "3.85"),
                ("Service Orientation", "3.80"), ("Reading Comprehension", "3.70")],
    )  # fmt: skip
    official_profile(
        roles["receptionist"].occupation, "43-4171.00", zone=2, change_percent=Decimal("0.0"),
        technologies=[("Microsoft Excel", "Spreadsheet software", True),
                      ("Microsoft Word", "Word processing software", True)],
        tools=["Desktop computers"], skills=[("Active Listening", "3.88")],
    )  # fmt: skip
    total = make_occupation("00-0000", "All Occupations", group="total")
    make_projection(total, change_percent=Decimal("3.1"), change=Decimal("5211.8"))
    return roles


def row(text, heading):
    """The table row whose heading starts with `heading`, as HTML."""
    start = text.index(f'<th scope="row">{heading}')
    return text[text.rindex("<tr", 0, start) : text.index("</tr>", start)]


def cells(html):
    return re.findall(r"<td[^>]*>(.*?)</td>", html, re.DOTALL)


def names(items):
    return [item.name for item in items]


def test_education_and_training_for_every_career(client, official):
    text = client.get(url("clerk", "nurse", "receptionist")).text

    education = row(text, "Typical education to enter")
    assert "BLS Employment Projections 2024-34" in education
    assert "High school diploma or equivalent" in cells(education)[0]
    assert "Bachelor&#x27;s degree" in cells(education)[1]
    assert len(cells(education)) == 3
    assert "None" in cells(row(text, "Work experience in a related occupation"))[1]
    training = cells(row(text, "Typical on-the-job training"))
    assert "Short-term on-the-job training" in training[0] and "None" in training[1]
    zones = row(text, "Job zone")
    assert "O*NET Database 30.1" in zones
    assert "Job Zone 2" in cells(zones)[0] and "Job Zone 4" in cells(zones)[1]


def test_outlook_and_openings_beside_the_average_of_all_occupations(client, official):
    text = client.get(url("clerk", "nurse", "receptionist")).text

    change = row(text, "Projected change")
    assert "2024–2034" in change and "BLS Employment Projections 2024-34" in change
    assert "All occupations: 3.1%" in change
    clerk, nurse, receptionist = cells(change)
    assert "−6.7%" in clerk and "projected to decline" in clerk
    assert "4.9%" in nurse and "projected to grow" in nurse
    assert "0%" in receptionist and "projected to stay the same" in receptionist
    openings = cells(row(text, 'Openings a year <span class="compare__source">'))
    assert "282,400" in openings[0] and "189,100" in openings[1]
    bright = cells(row(text, "Bright Outlook"))
    assert '<span class="badge">Bright Outlook</span>' in bright[1]
    assert "Rapid Growth; Numerous Job Openings" in bright[1]
    assert "Not a Bright Outlook occupation" in bright[0]


def test_the_average_of_another_release_is_not_shown(client, official):
    older = SourceRelease.objects.create(
        kind="projections", name="2023-33", first_year=2023, last_year=2033, credit="BLS."
    )
    Projection.objects.filter(occupation_id="00-0000").update(release=older)

    text = client.get(url("clerk", "nurse")).text

    assert "All occupations:" not in text


def test_pay_percentiles_for_every_career(client, official):
    text = client.get(url("clerk", "receptionist")).text

    percentiles = row(text, "Pay by percentile")
    assert "BLS OEWS May 2025, national" in percentiles
    clerk = cells(percentiles)[0]
    for label, amount in [("10th", "$30,310"), ("25th", "$36,350"), ("Median", "$45,010"),
                          ("75th", "$54,300"), ("90th", "$64,680")]:  # fmt: skip
        assert f"<dt>{label}</dt><dd>{amount}</dd>" in clerk
    assert "A year" in clerk


def test_pay_percentiles_are_hourly_where_bls_publishes_only_hourly(client, official):
    make_estimate(
        make_occupation("27-2011", "Actors"), make_area(), hourly_only=True, annual_mean=None,
        annual_p10=None, annual_p25=None, annual_median=None, annual_p75=None, annual_p90=None,
    )  # fmt: skip
    make_role(slug="actors", title="Actors", introduction="", occupation_id="27-2011")

    response = client.get(url("actors", "clerk"))
    actors = cells(row(response.text, "Pay by percentile"))[0]

    assert "<dt>10th</dt><dd>$14.57</dd>" in actors and "<dt>90th</dt><dd>$31.10</dd>" in actors
    assert "An hour: BLS publishes only hourly wages" in actors
    assert "not published" not in actors
    assert "$21.64" in cells(row(response.text, "Median pay"))[0]


def test_top_coded_percentiles_are_shown_as_bls_does(client, official):
    make_estimate(
        make_occupation("29-1211", "Anesthesiologists"), make_area(), annual_median=None,
        annual_p75=None, annual_p90=None,
        markers={"annual_median": "#", "annual_p75": "#", "annual_p90": "#"},
    )  # fmt: skip
    make_role(slug="anesthesiologists", title="Anesthesiologists", occupation_id="29-1211")

    text = client.get(url("clerk", "anesthesiologists")).text
    anesthesiologists = cells(row(text, "Pay by percentile"))[1]

    assert "<dt>90th</dt><dd>$239,200 or more</dd>" in anesthesiologists
    assert "<dt>75th</dt><dd>$239,200 or more</dd>" in anesthesiologists
    assert "<dt>10th</dt><dd>$30,310</dd>" in anesthesiologists


def test_the_most_important_onet_skills_of_each(client, official):
    response = client.get(url("clerk", "nurse"))
    text, columns = response.text, response.context["columns"]

    clerk = [rating.descriptor.name for rating in columns[0]["onet"][0].top_skills]
    assert clerk == ["Active Listening", "Speaking", "Reading Comprehension", "Writing",
                     "Time Management", "Service Orientation"]  # fmt: skip
    skills = row(text, "Most important skills")
    assert "O*NET Database 29" in skills
    assert 'Active Listening <span class="compare__qualifier">3.75</span>' in cells(skills)[0]
    assert "Mathematics" not in text  # the seventh
    assert "Persuasion" not in text  # an importance O*NET recommends suppressing
    # In every career's list, in the first one's order.
    assert response.context["common_onet_skills"] == [
        "Active Listening", "Speaking", "Service Orientation",
    ]  # fmt: skip
    assert "Service Orientation" in row(text, "Most important in all")


def test_technologies_in_common_and_only_in_one(client, official):
    two = client.get(url("clerk", "nurse")).context
    three = client.get(url("clerk", "nurse", "receptionist"))

    assert names(two["common_technologies"]) == ["Microsoft Excel"]
    # Hot technologies first, then by name.
    assert names(two["columns"][0]["only_technologies"]) == ["Microsoft Word", "QuickBooks"]
    assert names(two["columns"][1]["only_technologies"]) == ["Epic Systems", "MEDITECH software"]
    # The receptionist uses Microsoft Word too: no longer only the clerk's.
    assert names(three.context["common_technologies"]) == ["Microsoft Excel"]
    assert names(three.context["columns"][0]["only_technologies"]) == ["QuickBooks"]
    assert names(three.context["columns"][2]["only_technologies"]) == []
    only = cells(row(three.text, "Technology only this career uses"))
    assert 'Epic Systems <span class="compare__qualifier">hot</span>' in only[1]
    assert "None" in only[2]


def test_tools_in_common_and_only_in_one(client, official):
    response = client.get(url("clerk", "nurse"))

    assert names(response.context["common_tools"]) == ["Desktop computers"]
    assert names(response.context["columns"][0]["only_tools"]) == ["Photocopiers"]
    assert names(response.context["columns"][1]["only_tools"]) == ["Stethoscopes"]
    assert "Desktop computers" in row(response.text, "Tools in common")


def test_the_first_core_tasks_of_each(client, official):
    text = client.get(url("clerk", "nurse")).text

    clerk, nurse = cells(row(text, "Core tasks"))
    assert "<li>Operate office machines.</li>" in clerk
    assert "<summary>1 more core task</summary>" in clerk and "Compile records." in clerk
    assert "Record patients&#x27; medical information." in nurse
    assert "Count materials." not in text and "Monitor patients." not in text  # supplemental


def test_onet_content_carries_its_credit(client, official):
    text = client.get(url("clerk", "nurse")).text

    assert ONET_CREDIT in text
    assert "the O*NET 29 Database" in text.split('<p class="credit">')[1]


def test_no_credit_without_onet_content(client, roles):
    text = client.get(url("clerk", "nurse")).text

    assert "CC BY 4.0" not in text and '<p class="credit">' not in text


def test_official_data_only_comparison_has_no_guide_rows(client, official):
    actors = make_occupation("27-2011", "Actors")
    make_role(slug="actors", title="Actors", introduction="", occupation=actors)

    text = client.get(url("receptionist", "actors")).text

    assert "No guide yet: official data only" in text
    assert "No guide yet</span>" not in text and "(the guide" not in text


def test_an_occupation_described_by_several_onet_occupations(client, official):
    combined = make_occupation("31-1120", "Home Health and Personal Care Aides")
    make_role(slug="aides", title="Aides", introduction="", occupation=combined)
    make_onet(combined, "31-1121.00", "Home Health Aides", [("Bathe patients.", "core")], (),
              [("Microsoft Excel", "Spreadsheet software", True)])  # fmt: skip
    make_onet(combined, "31-1122.00", "Personal Care Aides", [("Cook meals.", "core")], (),
              [("Epic Systems", "Medical software", True)])  # fmt: skip

    response = client.get(url("clerk", "aides"))
    tasks = cells(row(response.text, "Core tasks"))[1]

    assert "Home Health Aides" in tasks and "Bathe patients." in tasks
    assert "Personal Care Aides" in tasks and "Cook meals." in tasks
    assert names(response.context["common_technologies"]) == ["Microsoft Excel"]
    assert names(response.context["columns"][1]["only_technologies"]) == ["Epic Systems"]


def test_a_career_without_official_data_says_so(client, official):
    make_role(slug="unlinked", title="Unlinked")

    text = client.get(url("clerk", "unlinked")).text

    for heading in ("Typical education to enter", "Job zone", "Projected change",
                    "Most important skills", "Core tasks"):  # fmt: skip
        assert "Not in the official data" in cells(row(text, heading))[1]
    assert "None in common" in row(text, "Technology in common")


# Skills in the guides


def test_skills_in_common_and_unique_to_each(client, roles):
    clerk, nurse = roles["clerk"], roles["nurse"]
    add_skills(clerk, ["Attention to Detail", "Typing"])
    add_skills(nurse, ["attention to  detail", "Patient Care"])
    make_skill(clerk, kind=Skill.Kind.SOFT, text="Teamwork")
    make_skill(nurse, kind=Skill.Kind.SOFT, text="TEAMWORK")

    response = client.get(url("clerk", "nurse"))
    columns = response.context["columns"]

    # In the first guide's order (soft skills, then technical ones) and its wording.
    assert response.context["common_skills"] == ["Teamwork", "Attention to Detail"]
    assert columns[0]["unique_skills"] == ["Typing"]
    assert columns[1]["unique_skills"] == ["Patient Care"]
    assert '<td colspan="2">' in response.text


def test_skills_shared_by_some_but_not_all(client, roles):
    third = guide("teacher", "Teacher")
    add_skills(roles["clerk"], ["Typing", "Filing", "Patience"])
    add_skills(roles["nurse"], ["Typing", "Patience"])
    add_skills(third, ["Patience"])

    response = client.get(url("clerk", "nurse", "teacher"))
    columns = response.context["columns"]

    assert response.context["common_skills"] == ["Patience"]
    assert columns[0]["unique_skills"] == ["Filing"]
    assert columns[0]["shared_skills"] == ["Typing"]
    assert columns[2]["shared_skills"] == []
    assert "Skills shared with some of the others" in response.text


def test_education_requirements_are_not_compared_as_skills(client, roles):
    add_skills(roles["clerk"], ["High school diploma"], kind=Skill.Kind.EDUCATION)
    add_skills(roles["nurse"], ["High school diploma"], kind=Skill.Kind.EDUCATION)

    response = client.get(url("clerk", "nurse"))

    assert response.context["common_skills"] == []
    assert "guides list no skill in common" in response.text


def test_long_skill_lists_show_the_rest_on_request(client, roles):
    add_skills(roles["clerk"], [f"Skill {number}" for number in range(10)])
    add_skills(roles["nurse"], ["Other"])

    text = client.get(url("clerk", "nurse")).text

    assert "<summary>4 more</summary>" in text
    assert "Skill 9" in text


def test_a_guide_without_skills_shares_none(client, roles):
    add_skills(roles["clerk"], ["Typing"])

    response = client.get(url("clerk", "nurse"))

    assert response.context["common_skills"] == []
    assert response.context["columns"][0]["unique_skills"] == ["Typing"]
    assert "the two guides list no skill in common" in response.text


def test_skills_need_two_guides(client, roles):
    add_skills(roles["clerk"], ["Typing"])

    text = client.get(url("clerk", "receptionist")).text

    assert "only one of these has one" in text


# Adding, removing, and the URL


def test_each_column_links_to_the_comparison_without_it(client, roles):
    text = client.get(url("clerk", "nurse", "receptionist")).text

    for remaining in [("nurse", "receptionist"), ("clerk", "receptionist"), ("clerk", "nurse")]:
        remove = url(*remaining)
        assert f'<a href="{remove}" class="compare__remove"' in text
        assert (
            f'data-hx-get="{remove}" data-hx-target="#comparison" data-hx-push-url="true"' in text
        )
    # Named by aria-label: a visually hidden span would escape the table's scrolling box.
    assert 'aria-label="Remove Registered Nurse">Remove</a>' in text


def test_removing_a_career_by_link(client, roles):
    response = client.get(url("clerk", "receptionist"))

    assert response.status_code == 200
    assert [role.slug for role in response.context["roles"]] == ["clerk", "receptionist"]


def test_add_form_is_a_plain_get_form_with_htmx(client, roles):
    text = client.get(url("clerk", "nurse")).text

    assert f'<form method="get" action="{COMPARE}" class="compare-add"' in text
    assert f'data-hx-get="{COMPARE}" data-hx-target="#comparison" data-hx-push-url="true"' in text
    assert '<input type="hidden" name="careers" value="clerk,nurse">' in text
    assert '<label for="id_add">Add a career</label>' in text


def test_adding_a_career_redirects_to_the_comparison_url(client, roles):
    response = client.get(url("clerk", "nurse", add="receptionist"))

    assert response.status_code == 302
    assert response.url == url("clerk", "nurse", "receptionist")


def test_the_redirect_varies_on_htmx_which_gets_the_page_instead(client, roles):
    response = client.get(url("clerk", "nurse", add="receptionist"))

    assert {"HX-Request", "HX-Target"} <= set(response.headers["Vary"].split(", "))


def test_adding_by_title(client, roles):
    guide("school-teacher", "School Teacher")

    response = client.get(url("clerk", add="School%20Teacher"))

    assert response.url == url("clerk", "school-teacher")


def test_adding_with_htmx_pushes_the_comparison_url(client, roles):
    response = client.get(url("clerk", "nurse", add="receptionist"), headers=HTMX)

    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == url("clerk", "nurse", "receptionist")
    assert '<input type="hidden" name="careers" value="clerk,nurse,receptionist">' in response.text


def test_adding_to_an_empty_comparison(client, roles):
    response = client.get(f"{COMPARE}?careers=&add=clerk")

    assert response.url == url("clerk")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("careers=Nurse,CLERK", ("nurse", "clerk")),
        ("careers=nurse,clerk,nurse,NURSE", ("nurse", "clerk")),
        ("careers=%20nurse%20,,clerk,", ("nurse", "clerk")),
        ("careers=nurse&careers=clerk", ("nurse", "clerk")),
        ("careers=nurse,clerk&add=nurse", ("nurse", "clerk")),
        ("careers=nurse,clerk&add=", ("nurse", "clerk")),
    ],
)
def test_the_url_is_normalised(client, roles, query, expected):
    response = client.get(f"{COMPARE}?{query}")

    assert response.status_code == 302
    assert response.url == url(*expected)
    assert client.get(response.url).status_code == 200


def test_a_normal_url_is_not_redirected_even_with_other_parameters(client, roles):
    response = client.get(url("clerk", "nurse", utm_source="newsletter"))

    assert response.status_code == 200


def test_canonical_link(client, roles):
    text = client.get(url("clerk", "nurse", utm_source="newsletter")).text

    assert f'<link rel="canonical" href="http://testserver{url("clerk", "nurse")}">' in text


# Bad input


def test_unknown_career_is_named_and_the_others_still_show(client, roles):
    response = client.get(url("clerk", "no-such-career", "nurse"))

    assert response.status_code == 200
    assert "We couldn't find a career called “no-such-career”" in response.text
    assert [role.slug for role in response.context["roles"]] == ["clerk", "nurse"]


def test_unknown_career_added_stays_in_the_box(client, roles):
    response = client.get(url("clerk", "nurse", add="nures"), headers=HTMX)

    assert "We couldn't find a career called “nures”" in response.text
    assert 'name="add" id="id_add" value="nures"' in response.text
    assert response.headers["HX-Push-Url"] == url("clerk", "nurse")


def test_a_draft_is_indistinguishable_from_an_unknown_career(client, roles):
    make_draft(slug="secret", title="Secret Role")
    make_role(slug="soon", title="Future Role", published_at=timezone.now() + timedelta(days=1))

    draft = client.get(url("clerk", "nurse", "secret"))
    future = client.get(url("clerk", "nurse", "soon"))
    unknown = client.get(url("clerk", "nurse", "zzzzzz"))

    assert draft.status_code == future.status_code == unknown.status_code == 200
    assert draft.text.replace("secret", "zzzzzz") == unknown.text
    assert future.text.replace("soon", "zzzzzz") == unknown.text
    assert "Secret Role" not in draft.text and "Future Role" not in future.text


def test_more_than_four_shows_the_first_four_and_says_so(client, roles):
    for slug in ("a", "b", "c"):
        guide(slug, f"Role {slug.upper()}")

    response = client.get(url("clerk", "nurse", "receptionist", "a", "b", "c"))

    assert response.status_code == 200
    assert [role.slug for role in response.context["roles"]] == [
        "clerk", "nurse", "receptionist", "a",
    ]  # fmt: skip
    assert "You can compare up to four careers at once, so we left out “b”, “c”" in response.text
    assert 'name="add"' not in response.text
    assert "the most at once" in response.text


def test_adding_a_fifth_is_refused_politely(client, roles):
    guide("a", "Role A")

    response = client.get(url("clerk", "nurse", "receptionist", "a", add="b"), headers=HTMX)

    assert "we left out “b”" in response.text
    assert response.headers["HX-Push-Url"] == url("clerk", "nurse", "receptionist", "a")


def test_many_names_are_counted_not_listed(client, roles):
    names = [f"n{number}" for number in range(40)]

    response = client.get(url("clerk", "nurse", "receptionist", "x", *names))

    assert "“n4”" in response.text and "“n5”" not in response.text
    assert "and 35 more" in response.text


def test_nothing_chosen_explains_and_links_to_all_careers(client, roles):
    response = client.get(COMPARE)

    assert response.status_code == 200
    assert "Choose at least two careers to compare" in response.text
    assert f'<a href="{reverse("careers:list")}">all careers</a>' in response.text
    assert "<table" not in response.text


def test_one_career_asks_for_another(client, roles):
    response = client.get(url("nurse"))

    assert response.status_code == 200
    assert "Add at least one more career to compare with Registered Nurse" in response.text
    assert f'<a href="{reverse("careers:list")}">all careers</a>' in response.text


@pytest.mark.parametrize(
    "careers",
    [
        "x" * 5000,
        "clerk,nurse\x00",
        ",".join(["clerk"] * 400),
    ],
)
def test_malformed_list_is_a_400_with_a_message(client, roles, careers):
    response = client.get(COMPARE, {"careers": careers})

    assert response.status_code == 400
    assert "We could not read that list of careers" in response.text
    assert "<table" not in response.text


def test_nul_in_the_url_is_a_400_with_a_message(client, roles):
    response = client.get(f"{COMPARE}?careers=clerk,nurse%00")

    assert response.status_code == 400
    assert "We could not read that list of careers" in response.text


def test_malformed_add_is_a_400_with_a_message(client, roles):
    response = client.get(COMPARE, {"careers": "clerk,nurse", "add": "y" * 5000})

    assert response.status_code == 400
    assert "We could not read that list of careers" in response.text


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert(1)</script>",
        "clerk' OR '1'='1",
        "'; DROP TABLE guides_role; --",
        "../../etc/passwd",
        "%s%s%n",
        "ñandú",
        "\u202eevil",
        "💼",
        "{{ request }}",
        "a" * 201,
    ],
)
def test_injection_and_odd_names_are_named_safely(client, roles, name):
    response = client.get(COMPARE, {"careers": f"clerk,{name}", "add": ""})

    assert response.status_code == 200
    assert "We couldn't find" in response.text
    assert "<script>alert" not in response.text
    assert [role.slug for role in response.context["roles"]] == ["clerk"]


def test_unknown_parameters_are_ignored(client, roles):
    response = client.get(url("clerk", "nurse", sort="drop", page="-1"))

    assert response.status_code == 200
    assert len(response.context["roles"]) == 2


# Cost


def test_query_count_is_constant_in_the_number_of_careers(client, django_assert_num_queries):
    area = make_area()
    slugs = []
    for number in range(4):
        role = guide(f"r{number}", f"Role {number}", f"11-10{number}1")
        make_estimate(role.occupation, area)
        add_skills(role, ["Shared", f"Own {number}"])
        make_career_level(role)
        official_profile(
            role.occupation, f"11-10{number}1.00", zone=number + 1, bright="Rapid Growth",
            tasks=[(f"Task {number}", "core")], tools=["Desktop computers", f"Tool {number}"],
            technologies=[("Microsoft Excel", "Spreadsheet software", True),
                          (f"Software {number}", "Other software", False)],
            skills=[("Speaking", "3.50"), (f"Skill {number}", "3.00")],
        )  # fmt: skip
        slugs.append(role.slug)

    for count in (2, 3, 4):
        with django_assert_num_queries(COMPARE_QUERIES):
            response = client.get(url(*slugs[:count]))
        assert response.status_code == 200
        assert names(response.context["common_technologies"]) == ["Microsoft Excel"]
        assert response.text.count("Task ") == count
    with django_assert_num_queries(COMPARE_QUERIES):
        assert client.get(url(*slugs), headers=HTMX).status_code == 200


def test_query_count_is_constant_in_the_size_of_each_career(client, django_assert_num_queries):
    area = make_area()
    industries = [Industry.objects.create(name=f"I{n}", slug=f"i{n}") for n in range(10)]
    for prefix, size in [("small", 3), ("large", 30)]:
        for number in range(2):
            role = guide(f"{prefix}{number}", f"{prefix} {number}", f"11-{size:02}{number}1")
            make_estimate(role.occupation, area)
            add_skills(role, [f"Skill {n}" for n in range(size)])
            for order in range(size // 3):
                RoleIndustry.objects.create(role=role, industry=industries[order], order=order)
                make_career_level(role)
            official_profile(
                role.occupation, f"11-{size:02}{number}1.00",
                tasks=[(f"Task {n}", "core") for n in range(size)],
                technologies=[(f"Software {n}", "Other", n % 2 == 0) for n in range(size)],
                tools=[f"Tool {n}" for n in range(size)],
                skills=[(f"Skill {n}", "3.00") for n in range(size)],
            )  # fmt: skip

    with django_assert_num_queries(COMPARE_QUERIES):
        small = client.get(url("small0", "small1"))
    with django_assert_num_queries(COMPARE_QUERIES):
        large = client.get(url("large0", "large1"))
    assert len(small.context["common_skills"]) == 3
    assert len(large.context["common_skills"]) == 30
    common = large.context["common_technologies"] + large.context["common_technologies_more"]
    assert len(common) == 30
    assert "Level 10:" in large.text


def test_bad_input_costs_no_more(client, official, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(COMPARE, {"careers": "x" * 5000})
    with django_assert_num_queries(0):
        client.get(COMPARE)
    with django_assert_num_queries(COMPARE_QUERIES):
        client.get(url("clerk", "nope", "nurse", "receptionist", "more", "and-more"))


# The "Compare" link beside a career


def render_toggle(role, compare):
    template = Template(
        '{% include "careers/compare_toggle.html" with role=role compare=compare_slugs %}'
    )
    return template.render(Context({"role": role, "compare_slugs": compare}))


def test_toggle_adds_the_career_to_the_comparison(roles):
    html = render_toggle(roles["nurse"], ["clerk"])

    assert f'href="{COMPARE}?careers=clerk,nurse"' in html
    assert '>Compare<span class="visually-hidden"> Registered Nurse</span></a>' in html


def test_toggle_starts_a_comparison(roles):
    for nothing in ([], None, ""):
        assert f'href="{COMPARE}?careers=nurse"' in render_toggle(roles["nurse"], nothing)


def test_toggle_says_when_the_career_is_compared(roles):
    html = render_toggle(roles["nurse"], ["clerk", "nurse"])

    assert "In comparison" in html
    assert f'href="{COMPARE}?careers=clerk,nurse"' in html


def test_toggle_when_the_comparison_is_full(roles):
    html = render_toggle(roles["nurse"], ["a", "b", "c", "d"])

    assert "Comparison full" in html
    assert "nurse" not in html.split("href=")[1].split('"')[1]
