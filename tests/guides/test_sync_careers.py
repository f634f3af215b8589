"""
manage.py sync_careers, the step after an import of official data: every occupation gets a
career page of its own, and editors' roles are never overwritten.
"""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from guides.models import Role
from tests.builders import make_draft, make_role
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

    assert Role.objects.count() == len(OCCUPATION_CODES)
    assert f"Careers: {len(OCCUPATION_CODES)} new occupation pages" in output


def test_careers_carry_their_occupations_newest_national_median(national):
    run(national)
    clerks = Role.objects.get(occupation="43-9061")
    assert clerks.official_median == 45010

    raised = edit(US_CLERKS, A_MEDIAN="50000")
    output = run(write_csv(national.parent, "oews_may2025_national.csv", [raised]))

    clerks.refresh_from_db()
    assert clerks.official_median == 50000
    assert "1 medians updated" in output


def test_one_published_role_per_occupation(national, state):
    before = timezone.now()
    run(national, state)

    roles = Role.objects.all()
    assert {role.occupation_id for role in roles} == OCCUPATION_CODES
    assert len(roles) == len(OCCUPATION_CODES)
    for role in roles:
        assert role.status == Role.Status.PUBLISHED
        assert before <= role.published_at <= timezone.now()
        assert role.title == role.occupation.title
    assert Role.objects.published().count() == len(OCCUPATION_CODES)
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
    assert Role.objects.count() == len(NATIONAL)
    assert f"{len(NATIONAL) - 1} new occupation pages" in output


def test_reimport_creates_no_more_roles(national):
    run(national)
    roles = set(Role.objects.values_list("pk", "slug", "occupation_id"))

    second = run(national)
    third = run(national)

    assert set(Role.objects.values_list("pk", "slug", "occupation_id")) == roles
    assert "nothing changed" in second and "nothing changed" in third
