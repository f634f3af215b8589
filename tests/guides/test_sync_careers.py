"""
manage.py sync_careers, the step after an import of official data: every detailed occupation
gets a career page of its own, the pages once made for summary rows (groups of occupations)
are retired to the occupation tree, and editors' roles are never overwritten or deleted.
"""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from guides.models import RelatedRole, RetiredAddress, Role, SlugHistory
from tests.builders import make_draft, make_faq, make_projection, make_role, make_section
from tests.salaries.test_import_oews import (
    NATIONAL,
    OCCUPATION_CODES,
    STATE,
    US_CLERKS,
    edit,
    write_csv,
)
from tests.salaries.test_import_oews import run as import_oews

pytestmark = pytest.mark.django_db

# The summary rows of the test files (all occupations, a major and a minor group): no careers.
SUMMARY_CODES = {"00-0000", "43-0000", "43-9000"}
DETAILED_CODES = OCCUPATION_CODES - SUMMARY_CODES


def run(*paths):
    """Import the files, then sync the careers; return what the sync wrote to stdout."""
    import_oews(*paths)
    out = io.StringIO()
    call_command("sync_careers", stdout=out)
    return out.getvalue()


@pytest.fixture
def national(tmp_path):
    return write_csv(tmp_path, "oews_may2025_national.csv", NATIONAL)


@pytest.fixture
def state(tmp_path):
    return write_csv(tmp_path, "oews_may2025_state.csv", STATE)


def test_the_first_sync_names_what_it_created(national, state):
    output = run(national, state)

    assert Role.objects.count() == len(DETAILED_CODES)
    assert f"Careers: {len(DETAILED_CODES)} new occupation pages" in output


def test_careers_carry_their_occupations_newest_national_median(national):
    run(national)
    clerks = Role.objects.get(occupation="43-9061")
    assert clerks.official_median == 45010

    raised = edit(US_CLERKS, A_MEDIAN="50000")
    output = run(write_csv(national.parent, "oews_may2025_national.csv", [raised]))

    clerks.refresh_from_db()
    assert clerks.official_median == 50000
    assert "official figures (pay, outlook, education, job zone, group) changed: 1." in output


def test_careers_carry_their_occupations_newest_projected_growth(national):
    run(national)
    clerks = Role.objects.get(occupation="43-9061")
    assert clerks.official_growth is None  # no projections imported yet
    make_projection(clerks.occupation)  # BLS 2024-34: -6.7%

    call_command("sync_careers", verbosity=0)

    clerks.refresh_from_db()
    assert clerks.official_growth == Decimal("-6.7")


def test_one_published_role_per_detailed_occupation(national, state):
    before = timezone.now()
    run(national, state)

    roles = Role.objects.all()
    assert {role.occupation_id for role in roles} == DETAILED_CODES
    assert len(roles) == len(DETAILED_CODES)
    for role in roles:
        assert role.status == Role.Status.PUBLISHED
        assert before <= role.published_at <= timezone.now()
        assert role.title == role.occupation.title
    assert Role.objects.published().count() == len(DETAILED_CODES)
    clerks = Role.objects.get(occupation="43-9061")
    assert (clerks.title, clerks.slug) == ("Office Clerks, General", "office-clerks-general")


def test_an_editors_role_is_never_overwritten(national):
    editor = make_draft(
        title="Office Clerk",
        slug="office-clerk",
        introduction="Written by an editor.",
        occupation_id="43-9061",
    )
    run(national)
    run(write_csv(national.parent, "oews_may2025_national.csv", [edit(US_CLERKS, OCC_TITLE="X")]))

    editor.refresh_from_db()
    assert (editor.title, editor.slug, editor.introduction) == (
        "Office Clerk",
        "office-clerk",
        "Written by an editor.",
    )
    assert editor.status == Role.Status.DRAFT
    assert editor.published_at is None
    assert editor.occupation_id == "43-9061"


def test_an_unlinked_role_with_the_same_slug_keeps_its_slug(national):
    editor = make_role(title="Office clerks", slug="office-clerks-general", introduction="Mine.")

    run(national)

    editor.refresh_from_db()
    assert (editor.title, editor.slug, editor.introduction) == (
        "Office clerks",
        "office-clerks-general",
        "Mine.",
    )
    created = Role.objects.get(occupation="43-9061")
    assert created.slug == "office-clerks-general-43-9061"


def test_an_existing_role_for_the_occupation_prevents_a_new_one(national):
    make_draft(title="Office Clerk", slug="office-clerk", occupation_id="43-9061")

    output = run(national)

    assert Role.objects.filter(occupation="43-9061").count() == 1
    detailed = len(NATIONAL) - len(SUMMARY_CODES)
    assert Role.objects.count() == detailed
    assert f"{detailed - 1} new occupation pages" in output


def test_reimport_creates_no_more_roles(national):
    run(national)
    roles = set(Role.objects.values_list("pk", "slug", "occupation_id"))

    second = run(national)
    third = run(national)

    assert set(Role.objects.values_list("pk", "slug", "occupation_id")) == roles
    assert "nothing changed" in second and "nothing changed" in third


def made_before(code, title, slug):
    """A career page as sync_careers made one for every row, summary rows too, before."""
    return make_role(title=title, slug=slug, introduction="", occupation_id=code)


def test_the_pages_made_for_summary_rows_are_retired_to_their_groups(national):
    import_oews(national)
    made_before("00-0000", "All Occupations", "all-occupations")
    office = made_before(
        "43-0000", "Office and Administrative Support Occupations", "office-support-occupations"
    )
    office.slug = "office-and-administrative-support-occupations"
    office.save()  # its first address is in its history
    made_before("43-9061", "Office Clerks, General", "office-clerks-general")

    output = run(national)

    assert "Summary-row careers retired: 2 (their addresses lead" in output
    assert set(Role.objects.values_list("occupation_id", flat=True)) == {
        "43-9061",
        "11-9032",
        "27-2031",
    }  # the national file's detailed occupations
    assert dict(RetiredAddress.objects.values_list("slug", "occupation_code")) == {
        "all-occupations": "00-0000",
        "office-support-occupations": "43-0000",
        "office-and-administrative-support-occupations": "43-0000",
    }
    assert not SlugHistory.objects.exists()
    again = run(national)
    assert "nothing changed" in again and "kept" not in again
    assert RetiredAddress.objects.count() == 3


def _write_a_guide(role):
    role.introduction = "Written by an editor."
    role.save()


def _retitle(role):
    role.title = "Office work"
    role.save()


def _link_from_a_guide(role):
    RelatedRole.objects.create(role=make_role(), related=role, order=1)


@pytest.mark.parametrize(
    "work", [_write_a_guide, make_faq, make_section, _link_from_a_guide, _retitle]
)
def test_a_summary_rows_page_editors_worked_on_is_kept_and_named(national, work):
    import_oews(national)
    worked_on = made_before(
        "43-0000", "Office and Administrative Support Occupations", "office-support"
    )
    work(worked_on)
    made_before("43-9000", "Other Office and Administrative Support Workers", "other-office")

    output = run(national)

    assert Role.objects.filter(pk=worked_on.pk).exists()
    assert list(RetiredAddress.objects.values_list("slug", flat=True)) == ["other-office"]
    assert "Summary-row careers retired: 1 " in output
    assert "Summary-row careers kept, as editors worked on them" in output
    assert output.rstrip().endswith(": office-support")


def test_new_pages_leave_addresses_that_lead_elsewhere_alone(national):
    RetiredAddress.objects.create(slug="office-clerks-general", occupation_code="43-9000")
    moved = make_role(slug="dancers")
    moved.slug = "dance-teachers"
    moved.save()

    run(national)

    assert Role.objects.get(occupation="43-9061").slug == "office-clerks-general-43-9061"
    assert Role.objects.get(occupation="27-2031").slug == "dancers-27-2031"


def test_a_related_career_that_is_only_a_name_leaves_its_occupation_its_page(national):
    guide = make_role(title="Back Office Assistant")
    name = make_draft(title="Office Assistant", introduction="", occupation_id="43-9061")
    RelatedRole.objects.create(role=guide, related=name, order=1)

    run(national)

    page = Role.objects.published().get(occupation="43-9061")
    assert page.slug == "office-clerks-general" and not page.has_guide
