"""Starting a guide from an occupation's official data: a draft prefilled with the official rows,
each item marked with its source, the occupation's public page unchanged until the draft is
published."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from guides import drafts
from guides.models import (
    EducationLevel,
    GuideDraft,
    RelatedRole,
    Responsibility,
    Role,
    Section,
    Skill,
)
from occupations.models import (
    Descriptor,
    EducationCategory,
    Projection,
    RelatedOccupation,
    Task,
    Technology,
)
from tests.admin_forms import EVERY_PART, change_form_data
from tests.builders import (
    make_area,
    make_estimate,
    make_occupation_role,
    make_onet,
    make_onet_profile,
    make_projection,
    make_related,
    make_role,
    rate_onet,
)
from tests.guides.conftest import staff

pytestmark = pytest.mark.django_db

CORE_TASKS = [
    "Compile, copy, sort, and file records of office activities, business transactions, and "
    "other activities.",
    "Answer telephones, direct calls, and take messages.",
]
SUPPLEMENTAL = "Deliver messages and run errands."
TECHNOLOGIES = [
    ("Microsoft Excel", "Spreadsheet software", True),
    ("Intuit QuickBooks", "Accounting software", False),
]
# Starting a guide on a page the public sees: the session and user, the role locked, its checks,
# the official rows (one query a list), one INSERT a part, the role's save, its search text and
# the revision, in a savepoint rolled back once the revision is read back; then that revision
# stored as the draft's, the draft and the log.
PINNED = 65
HIGH_SCHOOL_ONET = "High School Diploma - or the equivalent (for example, GED)"


def make_clerks(code="43-9061", title="Office Clerks, General", tasks=CORE_TASKS,
                technologies=TECHNOLOGIES):  # fmt: skip
    """Office clerks' occupation page with its official rows, as the imports store them."""
    role = make_occupation_role(code, title, 45010)
    occupation = role.occupation
    make_estimate(occupation, make_area())  # BLS OEWS May 2025: annual median 45,010
    make_projection(occupation)  # BLS Employment Projections 2024-34
    onet = make_onet(
        occupation, f"{code}.00", title,
        tasks=[(SUPPLEMENTAL, "supplemental"), *((text, "core") for text in tasks)],
        technologies=technologies,
    )  # fmt: skip
    make_onet_profile(
        onet,
        education=[("Less than a High School Diploma", "10.5"), (HIGH_SCHOOL_ONET, "70.2")],
    )
    rate_onet(onet, "skill", "Active Listening", "3.75", level="3.50")
    rate_onet(onet, "skill", "Reading Comprehension", "3.90", importance_suppressed=True)
    rate_onet(onet, "knowledge", "Clerical", "4.19")
    rate_onet(onet, "work_style", "Dependability", "1.80")
    rate_onet(onet, "work_style", "Innovation", "-0.20")  # hinders the work: not a skill
    receptionists = Role.objects.filter(occupation="43-4171").first() or make_occupation_role(
        "43-4171",
        "Receptionists and Information Clerks",
        37230,
        slug="receptionists-and-information-clerks",
    )
    make_related(onet, "43-4171.00", "Receptionists and Information Clerks",
                 receptionists.occupation, index=1)  # fmt: skip
    make_related(onet, "43-9199.00", "Not in the wage data", None, index=2)
    return role


def start_url(role):
    return reverse("admin:guides_role_start_guide", args=[role.pk])


def started(client, role):
    """Start the guide of `role` and publish the draft that keeps it: the guide as starting it
    makes it, in the public tables."""
    assert client.post(start_url(role)).status_code == 302
    publish(client, role)


def publish(client, role):
    response = client.post(reverse("admin:guides_role_publish_draft", args=[role.pk]))
    assert response.status_code == 302 and not GuideDraft.objects.filter(role=role).exists()
    role.refresh_from_db()


def items(role):
    return (
        list(role.responsibilities.values_list("text", "source")),
        list(role.skills.values_list("kind", "name", "text", "source")),
        list(role.related_links.values_list("related__slug", "source")),
    )


# --- What it prefills -------------------------------------------------------------------------


def test_starting_prefills_each_part_from_the_official_rows_with_its_source(editor):
    role = make_clerks()

    started(editor, role)

    assert list(role.responsibilities.values_list("order", "text", "source")) == [
        (1, CORE_TASKS[0], "O*NET Database 30.1: core tasks"),
        (2, CORE_TASKS[1], "O*NET Database 30.1: core tasks"),
    ]
    skills = list(role.skills.values_list("kind", "order", "name", "text", "source"))
    description = "What {} means, as O*NET describes it."
    assert skills == [
        ("education", 1, "Typical education needed for entry",
         "High school diploma or equivalent", "BLS Employment Projections 2024-34"),
        ("education", 2, "Work experience in a related occupation", "None",
         "BLS Employment Projections 2024-34"),
        ("education", 3, "Typical on-the-job training needed to attain competency in the "
         "occupation",
         "Short-term on-the-job training", "BLS Employment Projections 2024-34"),
        ("education", 4, "Required level of education", HIGH_SCHOOL_ONET,
         "O*NET Database 30.1: education, training and experience"),
        ("soft", 1, "Dependability", description.format("Dependability"),
         "O*NET Database 30.1: work styles"),
        ("technical", 1, "Accounting software", "Intuit QuickBooks",
         "O*NET Database 30.1: technology skills"),
        ("technical", 2, "Spreadsheet software", "Microsoft Excel",
         "O*NET Database 30.1: technology skills"),
        ("technical", 3, "Active Listening", description.format("Active Listening"),
         "O*NET Database 29: skills"),
        ("technical", 4, "Clerical", description.format("Clerical"),
         "O*NET Database 29: knowledge"),
    ]  # fmt: skip
    assert list(role.related_links.values_list("order", "related__slug", "source")) == [
        (1, "receptionists-and-information-clerks",
         "O*NET Database 30.1: related occupations"),
    ]  # fmt: skip
    assert not role.sections.exists() and not role.steps.exists()
    assert not role.career_levels.exists() and not role.faqs.exists()


def test_the_key_facts_are_the_official_figures_with_their_source_and_date(editor):
    role = make_clerks()

    started(editor, role)

    assert (role.median_pay, role.median_pay_currency) == (45010, "USD")
    assert (role.median_pay_source, role.median_pay_year) == ("BLS OEWS May 2025", 2025)
    assert role.growth_percent == Decimal("-6.7")
    assert (role.growth_period_start, role.growth_period_end) == (2024, 2034)
    assert role.growth_source == "BLS Employment Projections 2024-34"
    assert role.annual_openings == 282400
    assert role.annual_openings_source == "BLS Employment Projections 2024-34"
    assert role.typical_education == "High school diploma or equivalent"
    assert role.education_level == EducationLevel.HIGH_SCHOOL
    assert role.growth_label == ""  # words of an editor's, not a figure


def test_an_editors_own_key_facts_are_kept(editor):
    role = make_clerks()
    Role.objects.filter(pk=role.pk).update(
        growth_percent=Decimal("3.0"), growth_source="Our survey", typical_education="Any"
    )

    started(editor, role)

    assert (role.growth_percent, role.growth_source) == (Decimal("3.0"), "Our survey")
    assert role.typical_education == "Any"
    assert role.median_pay == 45010  # empty before: filled


def test_nothing_is_invented_every_prefilled_text_is_an_official_rows(editor):
    role = make_clerks()

    started(editor, role)

    projection = Projection.objects.get()
    official = {
        *Task.objects.values_list("text", flat=True),
        *Technology.objects.values_list("example", flat=True),
        *Descriptor.objects.values_list("description", flat=True),
        *EducationCategory.objects.values_list("description", flat=True),
        projection.entry_education, projection.work_experience, projection.job_training,
    }  # fmt: skip
    texts = [*role.responsibilities.values_list("text", flat=True),
             *role.skills.values_list("text", flat=True)]  # fmt: skip
    assert texts and set(texts) <= official
    assert SUPPLEMENTAL not in texts
    related = set(role.related_links.values_list("related__occupation", flat=True))
    assert related <= set(RelatedOccupation.objects.values_list("occupation", flat=True))
    assert all(source for *_, source in [*items(role)[0], *items(role)[1], *items(role)[2]])


# --- A draft: the public page is unchanged until the draft is published ----------------------


def test_starting_keeps_a_draft_and_changes_nothing_the_public_sees(editor, client):
    role = make_clerks()

    response = editor.post(start_url(role))

    assert response.status_code == 302
    assert response.url == reverse("admin:guides_role_change", args=[role.pk])
    assert GuideDraft.objects.filter(role=role, saved_by__username="editor").exists()
    assert items(role) == ([], [], [])
    role.refresh_from_db()
    assert role.median_pay is None and role.status == Role.Status.PUBLISHED
    editor.logout()
    page = client.get(role.get_absolute_url())
    assert page.status_code == 200
    assert "careers/occupation_detail.html" in [t.name for t in page.templates]
    assert Role.objects.with_guide().count() == 0


def test_a_role_the_public_does_not_see_is_started_directly(editor):
    role = make_clerks()
    Role.objects.filter(pk=role.pk).update(status=Role.Status.DRAFT)

    assert editor.post(start_url(role)).status_code == 302

    assert not GuideDraft.objects.exists()
    assert items(role)[0] == [(text, "O*NET Database 30.1: core tasks") for text in CORE_TASKS]
    version = Version.objects.get_for_object(role).get()
    assert version.revision.comment == "Started from official data."


def test_a_revision_records_the_start_with_every_prefilled_item(editor):
    role = make_clerks()

    editor.post(start_url(role))

    revision = GuideDraft.objects.get(role=role).revision
    assert revision.comment == f"{drafts.SAVED} Started from official data."
    assert revision.user.username == "editor"
    kept = revision.version_set.filter(content_type__model="responsibility")
    assert sorted(version.field_dict["text"] for version in kept) == sorted(CORE_TASKS)


def test_a_started_guide_goes_public_only_when_its_draft_is_published(editor):
    role = make_clerks()
    editor.post(start_url(role))
    url = reverse("admin:guides_role_change", args=[role.pk])
    data = change_form_data(editor.get(url), introduction="Office clerks keep offices running.")

    assert editor.post(url, data).status_code == 302

    assert not Role.objects.get(pk=role.pk).has_guide  # the introduction is in the draft
    page = Client().get(role.get_absolute_url())
    assert "careers/occupation_detail.html" in [t.name for t in page.templates]
    assert "Office clerks keep offices running." not in page.text
    publish(editor, role)
    assert role.has_guide and role.introduction == "Office clerks keep offices running."
    assert items(role)[0] == [(text, "O*NET Database 30.1: core tasks") for text in CORE_TASKS]


def test_the_checks_page_lists_what_a_started_guide_still_needs(editor):
    role = make_clerks()
    editor.post(start_url(role))

    response = editor.get(reverse("admin:guides_role_checks"))

    heading, rows = response.context["checks"]["started"]
    assert [started.pk for started, _ in rows] == [role.pk]
    detail = rows[0][1]
    assert detail.startswith("Missing: introduction; What the role is;")
    assert "steps to become one" in detail and "career levels" in detail
    assert "; responsibilities" not in detail and "related roles" not in detail
    assert heading in response.text and "Office Clerks, General" in response.text


def test_the_checks_page_follows_the_draft_as_the_guide_is_written(editor):
    role = make_clerks()
    editor.post(start_url(role))
    url = reverse("admin:guides_role_change", args=[role.pk])
    data = change_form_data(editor.get(url), introduction="Office clerks keep offices running.")
    editor.post(url, data)

    checks = editor.get(reverse("admin:guides_role_checks")).context["checks"]

    assert checks["started"][1] == []
    [(guide, detail)] = checks["missing"][1]
    assert guide.pk == role.pk and detail.startswith("Missing: What the role is;")
    assert [row.pk for row, _ in checks["drafts"][1]] == [role.pk]


def test_the_guide_screen_shows_which_items_came_from_official_data(editor):
    role = make_clerks()
    editor.post(start_url(role))

    screen = editor.get(reverse("admin:guides_role_change", args=[role.pk]), EVERY_PART)

    assert screen.context["draft"] is not None  # the screen shows the guide as started
    assert "O*NET Database 30.1: core tasks" in screen.text
    assert "O*NET Database 29: knowledge" in screen.text
    assert start_url(role) not in screen.text  # started: nothing more to start


def test_an_editor_who_rewrites_a_prefilled_item_makes_it_theirs(editor):
    role = make_clerks()
    editor.post(start_url(role))
    url = reverse("admin:guides_role_change", args=[role.pk])
    page = editor.get(url, {"part": "responsibilities"})
    data = change_form_data(page, **{"responsibilities-0-text": "File the office's records."})

    response = editor.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    publish(editor, role)
    assert list(role.responsibilities.values_list("text", "source")) == [
        ("File the office's records.", ""),
        (CORE_TASKS[1], "O*NET Database 30.1: core tasks"),
    ]


# --- The confirmation page --------------------------------------------------------------------


def test_the_confirmation_page_says_what_will_be_prefilled_and_changes_nothing(editor):
    role = make_clerks()

    response = editor.get(start_url(role))

    assert response.status_code == 200
    counts = dict(response.context["counts"])
    assert counts == {"responsibilities": 2, "skills": 9, "related roles": 1}
    assert "45,010" in response.text and "BLS OEWS May 2025" in response.text
    assert 'name="csrfmiddlewaretoken"' in response.text
    assert items(role) == ([], [], [])
    role.refresh_from_db()
    assert role.median_pay is None


def test_the_guide_screen_of_an_occupation_page_links_to_starting_a_guide(editor):
    role = make_clerks()
    written = make_role(title="Written")

    assert start_url(role) in editor.get(reverse("admin:guides_role_change", args=[role.pk])).text
    assert (
        "start-guide"
        not in editor.get(reverse("admin:guides_role_change", args=[written.pk])).text
    )


# --- Who may, and what is refused -------------------------------------------------------------


def test_a_reviewer_may_not_start_a_guide(reviewer):
    role = make_clerks()

    assert reviewer.get(start_url(role)).status_code == 403
    assert reviewer.post(start_url(role)).status_code == 403
    assert items(role) == ([], [], [])


def test_anonymous_visitors_are_sent_to_sign_in(client):
    role = make_clerks()

    response = client.post(start_url(role))

    assert response.status_code == 302 and "/login/" in response.url
    assert items(role) == ([], [], [])


def test_the_post_needs_its_csrf_token(django_user_model):
    from django.test import Client

    role = make_clerks()
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff(django_user_model, "editor", "Editors"))

    assert client.post(start_url(role)).status_code == 403
    assert items(role) == ([], [], [])


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("written", "has a written guide"),
        ("demo", "demo role"),
        ("no occupation", "names no occupation"),
        ("not imported", "no official data"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_role_that_cannot_be_started_is_refused_and_unchanged(editor, case, message, method):
    make_clerks()
    role = {
        "written": lambda: make_role(occupation_id="43-9061"),
        "demo": lambda: make_role(occupation_id="43-9061", introduction="", is_demo=True),
        "no occupation": lambda: make_role(introduction=""),
        "not imported": lambda: make_role(occupation_id="99-9999", introduction=""),
    }[case]()
    before = Role.objects.filter(pk=role.pk).values().get()

    response = getattr(editor, method)(start_url(role))

    assert response.status_code == 400
    assert message in response.text
    assert items(role) == ([], [], [])
    assert Role.objects.filter(pk=role.pk).values().get() == before
    assert not Version.objects.get_for_object(role).exists()


@pytest.mark.parametrize("pk", ["999999", "abc", "1%00"])
def test_a_role_that_does_not_exist_is_a_404(editor, pk):
    url = reverse("admin:guides_role_start_guide", args=["1"]).replace("/1/", f"/{pk}/")

    assert editor.get(url).status_code == 404
    assert editor.post(url).status_code == 404


def test_starting_twice_is_refused_and_duplicates_nothing(editor):
    role = make_clerks()
    editor.post(start_url(role))
    draft = GuideDraft.objects.get(role=role)

    again = editor.post(start_url(role))

    assert again.status_code == 409
    assert "started already" in again.text
    assert GuideDraft.objects.get(role=role).revision_id == draft.revision_id
    assert items(role) == ([], [], [])
    publish(editor, role)
    assert editor.post(start_url(role)).status_code == 409  # and once published


def test_an_occupation_page_with_an_editors_parts_is_not_started_over(editor):
    role = make_clerks()
    Section.objects.create(role=role, kind=Section.Kind.OVERVIEW, body="Ours.")

    assert editor.post(start_url(role)).status_code == 409
    assert items(role) == ([], [], [])


# --- Its cost ---------------------------------------------------------------------------------


def test_starting_costs_the_same_queries_however_many_items(
    django_user_model, client, django_assert_num_queries
):
    client.force_login(staff(django_user_model, "editor", "Editors"))
    # The session, permissions and content types, fetched once.
    client.post(start_url(make_clerks("43-9063", "Office Clerks, Warming Up")))
    few = make_clerks()
    with CaptureQueriesContext(connection) as first:
        client.post(start_url(few))
    many = make_clerks(
        "43-9062", "More Office Clerks",
        tasks=[f"Task number {n}." for n in range(40)],
        technologies=[(f"Program {n}", f"Software kind {n}", False) for n in range(30)],
    )  # fmt: skip

    with django_assert_num_queries(len(first)):
        client.post(start_url(many))

    for role in (few, many):
        publish(client, role)
    assert few.responsibilities.count() == 2 and few.skills.count() == 9
    assert Responsibility.objects.filter(role=many).count() == 40
    assert Skill.objects.filter(role=many, kind=Skill.Kind.TECHNICAL).count() == 32
    assert RelatedRole.objects.filter(role=many).count() == 1


def test_starting_costs_a_pinned_number_of_queries(
    django_user_model, client, django_assert_num_queries
):
    client.force_login(staff(django_user_model, "editor", "Editors"))
    client.post(start_url(make_clerks("43-9063", "Office Clerks, Warming Up")))
    role = make_clerks()

    with django_assert_num_queries(PINNED):
        assert client.post(start_url(role)).status_code == 302


# --- On the shipped official files ------------------------------------------------------------


def test_a_guide_started_on_the_shipped_files_holds_their_rows(editor):
    """Registered Nurses, from the OEWS national file, BLS's projections and O*NET 30.1 and 29
    as fixtures/ ships them and `make run` imports them."""
    from io import StringIO
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command

    fixtures = Path(settings.BASE_DIR) / "fixtures"
    projections = fixtures / "projections"
    for name, *args in [
        ("import_oews", "--published", "2026-05-15",
         fixtures / "oews" / "oews_may2025_national.csv.gz"),
        ("import_projections", "--published", "2025-08-28", "--reasons",
         projections / "ep_2024_34_table_1_12_utilization_factors.csv.gz",
         projections / "ep_2024_34_table_1_2_projections_and_characteristics.csv.gz"),
        ("import_onet", fixtures / "onet"),
        ("import_onet_traits", fixtures / "onet", fixtures / "onet_skills_29"),
        ("sync_careers",),
    ]:  # fmt: skip
        call_command(name, *map(str, args), stdout=StringIO(), stderr=StringIO())
    role = Role.objects.get(occupation="29-1141")

    started(editor, role)

    core = Task.objects.filter(onet_occupation="29-1141.00", kind=Task.Kind.CORE)
    assert list(role.responsibilities.values_list("text", flat=True)) == [
        task.text for task in core.order_by("position")
    ]
    assert set(role.responsibilities.values_list("source", flat=True)) == {
        "O*NET Database 30.1: core tasks"
    }
    technologies = Technology.objects.filter(onet_occupation="29-1141.00")
    assert list(
        role.skills.filter(source__endswith="technology skills").values_list("name", "text")
    ) == list(technologies.values_list("commodity", "example"))
    assert role.skills.filter(source="O*NET Database 29: skills").count() == 5
    assert role.related_links.exists()
    assert role.median_pay == role.occupation.national_annual_median
    assert (role.median_pay_source, role.median_pay_year) == ("BLS OEWS May 2025", 2025)
    assert role.growth_percent == Projection.objects.get(occupation="29-1141").change_percent
    assert role.typical_education == "Bachelor's degree"
    assert not role.has_guide
