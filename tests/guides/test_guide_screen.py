"""The guide's screen in the admin stays light however long the guide: its parts load when they
are opened (alone, for htmx), and a save changes only the parts the form sent, with every check
of a save kept. Measured on the shipped guide, the longest there is; its timings are
bench/admin.py's."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from guides.models import FAQ, Responsibility, Role, Section
from guides.parts import PARTS
from tests.admin_forms import EVERY_PART, SAVE_AND_PUBLISH, change_form_data
from tests.builders import (
    make_faq,
    make_occupation,
    make_responsibility,
    make_role,
    make_section,
)

pytestmark = pytest.mark.django_db

SHIPPED_GUIDE = "back-office-assistant"
MAX_BYTES = 200_000
MAX_FIELDS = 50  # the role's own fields; the parts' items are not on the screen
# The screen: session, user, the role (twice: the start-a-guide offer, then the form), the
# editor's permissions (two), the number of items of every part in one query, the occupation
# shown by its autocomplete, and the savepoint the admin opens around the view and lets go.
SCREEN_QUERIES = 10
# An opened part: the same, with its items in place of the occupation. An autocomplete (Django's
# widget) looks up the row it shows by a query of its own, so these parts cost one per item.
PART_QUERIES = 10
AUTOCOMPLETED = {"role_industries", "related_links"}
FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=")
HTMX = {"HX-Request": "true"}


def change_url(role):
    return reverse("admin:guides_role_change", args=[role.pk])


@pytest.fixture
def shipped_guide():
    call_command("load_guides", verbosity=0)
    return Role.objects.get(slug=SHIPPED_GUIDE)


def small_guide():
    role = make_role(title="Harbour Pilot", slug="harbour-pilot", occupation=make_occupation())
    make_section(role, body="Out in all weathers.")
    make_responsibility(role, text="Boards ships.")
    make_faq(role, question="Is it dangerous?", answer="It takes care.")
    return role


def test_the_shipped_guides_screen_is_light(editor, shipped_guide):
    response = editor.get(change_url(shipped_guide))

    assert response.status_code == 200
    assert len(response.content) <= MAX_BYTES
    assert len(FIELD.findall(response.text)) <= MAX_FIELDS
    for part in PARTS:  # every part is there, to be opened, with its number of items
        items = getattr(shipped_guide, part.relation).count()
        assert f'id="{part.relation}-group"' in response.text
        assert f"({items})</h2>" in response.text


def test_the_screen_costs_the_same_queries_however_long_the_guide(
    editor, shipped_guide, django_assert_num_queries
):
    small = small_guide()
    assert shipped_guide.occupation_id and small.occupation_id
    for role in (small, shipped_guide):
        with django_assert_num_queries(SCREEN_QUERIES):
            assert editor.get(change_url(role)).status_code == 200


def test_an_opened_part_comes_alone_for_htmx_and_in_the_whole_screen_without(
    editor, shipped_guide
):
    url = change_url(shipped_guide)
    alone = editor.get(url, {"part": "faqs"}, headers=HTMX)
    whole = editor.get(url, {"part": "faqs"})

    assert alone.status_code == whole.status_code == 200
    assert "<html" not in alone.text
    assert alone.text.startswith('<div class="js-inline-admin-formset inline-group"')
    assert 'name="faqs-TOTAL_FORMS"' in alone.text
    assert 'name="sections-TOTAL_FORMS"' not in alone.text
    assert "HX-Request" in alone["Vary"]
    assert "<html" in whole.text
    assert 'name="faqs-TOTAL_FORMS"' in whole.text
    assert 'name="sections-TOTAL_FORMS"' not in whole.text


def test_an_opened_part_costs_one_query_for_its_items(editor, shipped_guide):
    url = change_url(shipped_guide)
    for part in PARTS:
        items = getattr(shipped_guide, part.relation).count()
        expected = PART_QUERIES + (items if part.relation in AUTOCOMPLETED else 0)
        with CaptureQueriesContext(connection) as queries:
            assert editor.get(url, {"part": part.relation}, headers=HTMX).status_code == 200
        assert len(queries) == expected, part.relation


@pytest.mark.parametrize(
    "query",
    [{"part": "nothing"}, {"part": ""}, {"part": "x" * 5000}, {"part": "ALL"},
     {"part": "__prefix__"}, {"part": "faqs-TOTAL_FORMS"}, {"part": "role"}],
)  # fmt: skip
def test_unknown_parts_are_left_out(editor, query):
    role = small_guide()
    response = editor.get(change_url(role), query, headers=HTMX)
    assert response.status_code == 200
    assert "-TOTAL_FORMS" not in response.text


def test_a_save_changes_the_parts_it_sent_and_records_the_whole_guide(editor):
    role = small_guide()
    url = change_url(role)
    page = editor.get(url, {"part": "responsibilities"})
    data = change_form_data(
        page, **{"responsibilities-0-text": "Boards ships at sea."}, **SAVE_AND_PUBLISH
    )
    assert not any(key.startswith(("faqs-", "sections-")) for key in data)
    revisions = Version.objects.get_for_object(role).count()

    response = editor.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(role.responsibilities.values_list("text", flat=True)) == ["Boards ships at sea."]
    assert list(role.faqs.values_list("question", flat=True)) == ["Is it dangerous?"]
    assert list(role.sections.values_list("body", flat=True)) == ["Out in all weathers."]
    assert Version.objects.get_for_object(role).count() == revisions + 1
    latest = Version.objects.get_for_object(role).first().revision
    recorded = {version.content_type.model_class() for version in latest.version_set.all()}
    assert {Role, Responsibility, FAQ, Section} <= recorded


def test_a_part_with_errors_is_shown_again_with_what_was_sent_the_others_folded(editor):
    role = small_guide()
    url = change_url(role)
    page = editor.get(url, {"part": "faqs"})
    data = change_form_data(page, **{"faqs-0-question": "", "faqs-0-answer": "Kept as typed."})

    response = editor.post(url, data)

    assert response.status_code == 200
    assert "Kept as typed." in response.text
    assert 'name="faqs-TOTAL_FORMS"' in response.text
    assert 'name="sections-TOTAL_FORMS"' not in response.text
    assert 'id="sections-group"' in response.text
    assert list(role.faqs.values_list("answer", flat=True)) == ["It takes care."]


def test_a_save_over_a_newer_save_is_refused_for_a_part_opened_after_it(editor):
    """The screen's version is when it was opened: a part opened after a colleague's save
    shows the newer items, but the save is refused all the same."""
    role = small_guide()
    url = change_url(role)
    page = editor.get(url)
    editor.post(url, change_form_data(editor.get(url), title="Harbour Pilot, renamed"))
    opened_later = change_form_data(editor.get(url, {"part": "faqs"}))
    data = change_form_data(page)
    data.update({key: value for key, value in opened_later.items() if key.startswith("faqs-")})
    data["faqs-0-answer"] = "Overwritten?"

    response = editor.post(url, data)

    assert response.status_code == 200
    assert "after you opened it" in response.text
    assert list(role.faqs.values_list("answer", flat=True)) == ["It takes care."]


def test_every_part_is_shown_on_demand_and_when_adding_a_guide(editor, shipped_guide):
    every = editor.get(change_url(shipped_guide), EVERY_PART)
    adding = editor.get(reverse("admin:guides_role_add"))

    for part in PARTS:
        assert f'name="{part.relation}-TOTAL_FORMS"' in every.text
        assert f'name="{part.relation}-TOTAL_FORMS"' in adding.text


def test_a_reviewer_opens_a_part_to_read_it(reviewer):
    role = small_guide()
    response = reviewer.get(change_url(role), {"part": "faqs"}, headers=HTMX)

    assert response.status_code == 200
    assert "It takes care." in response.text
    assert 'name="faqs-0-answer"' not in response.text  # read only
