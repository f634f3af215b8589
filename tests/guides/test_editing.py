"""The editor's desk: permissions, publishing, previews, history, conflicts and validation."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import reversion
from axes.utils import reset as unlock_all
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from guides.models import (
    ChangeNote,
    CountrySalary,
    RelatedRole,
    Responsibility,
    RetiredAddress,
    Role,
    Section,
)
from tests.admin_forms import EVERY_PART, SAVE_AND_PUBLISH, change_form_data
from tests.builders import (
    make_career_level,
    make_country_salary,
    make_draft,
    make_faq,
    make_occupation,
    make_projection,
    make_release,
    make_responsibility,
    make_role,
    make_section,
)
from tests.guides.conftest import PASSWORD, staff

pytestmark = pytest.mark.django_db


def change_url(role):
    return reverse("admin:guides_role_change", args=[role.pk])


def changelist_action(client, action, roles):
    return client.post(
        reverse("admin:guides_role_changelist"),
        {"action": action, "_selected_action": [role.pk for role in roles]},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# --- Who may do what --------------------------------------------------------------------------


def test_editor_pages_answer(editor):
    role = make_draft(title="Draft Guide")
    with reversion.create_revision():
        role.save()
    pages = [
        reverse("admin:guides_role_changelist"),
        reverse("admin:guides_role_add"),
        change_url(role),
        reverse("admin:guides_role_history", args=[role.pk]),
        reverse("admin:guides_role_checks"),
        reverse("admin:guides_role_recoverlist"),
        role.get_absolute_url(),  # the preview
    ]
    for url in pages:
        assert editor.get(url).status_code == 200, url


def test_staff_without_permissions_are_refused(client, django_user_model):
    client.force_login(staff(django_user_model, "nobody"))
    role = make_role()
    for url in [
        reverse("admin:guides_role_changelist"),
        change_url(role),
        reverse("admin:guides_role_checks"),
    ]:
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("admin:guides_role_markdown_preview"), {"body": "*x*"})
    assert response.status_code == 403


def test_editors_do_not_manage_users_or_groups(editor):
    assert editor.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_reviewer_marks_reviewed_but_cannot_publish_or_edit(reviewer, django_user_model):
    role = make_draft(title="Waiting Guide")
    page = reviewer.get(reverse("admin:guides_role_changelist"))
    actions = [value for value, _ in page.context["action_form"].fields["action"].choices]
    assert "mark_reviewed" in actions and "publish" not in actions

    changelist_action(reviewer, "publish", [role])
    role.refresh_from_db()
    assert role.status == Role.Status.DRAFT

    response = changelist_action(reviewer, "mark_reviewed", [role])
    role.refresh_from_db()
    assert role.last_reviewed == timezone.localdate()
    assert any("marked reviewed" in message for message in messages_of(response))

    # The whole form, as an editor's browser would send it: valid, as the editor's save shows.
    editor = Client()
    editor.force_login(staff(django_user_model, "an-editor", "Editors"))
    data = change_form_data(
        editor.get(change_url(role), EVERY_PART), title="Changed by a reviewer"
    )
    before = role.title
    assert reviewer.post(change_url(role), data).status_code == 403
    role.refresh_from_db()
    assert role.title == before
    assert reviewer.get(role.get_absolute_url()).status_code == 200  # may preview
    assert editor.post(change_url(role), data).status_code == 302
    role.refresh_from_db()
    assert role.title == "Changed by a reviewer"


def test_editor_without_publish_right_cannot_publish_by_form(client, django_user_model):
    client.force_login(
        staff(django_user_model, "writer", permissions=["view_role", "change_role"])
    )
    role = make_draft(title="Unpublished")
    page = client.get(change_url(role))
    assert 'name="status"' not in page.text  # shown, not editable

    data = change_form_data(page, status="published", title="Renamed")
    response = client.post(change_url(role), data)
    assert response.status_code == 302
    role.refresh_from_db()
    assert (role.title, role.status) == ("Renamed", Role.Status.DRAFT)


def retire_group_pages():
    """Careers made of summary rows, retired as sync_careers retires them: the total's page
    (all-occupations, with an old slug) and a minor group's."""
    make_occupation("00-0000", "All Occupations", group="total")
    make_occupation("43-9000", "Other Office and Administrative Support Workers", group="minor")
    total = make_role(title="All occupations", slug="every-job", occupation_id="00-0000")
    total.slug = "all-occupations"
    total.save()
    make_role(title="Other office workers", slug="other-office-workers",
              occupation_id="43-9000")  # fmt: skip
    Role.objects.of_summary_rows().retire()


def test_editors_see_the_retired_addresses_and_where_they_lead(
    editor, django_user_model, django_assert_num_queries
):
    retire_group_pages()
    url = reverse("admin:guides_retiredaddress_changelist")
    # The session, the user, their rights and their group's, the count of the results and of
    # all, and the addresses: where each leads is no query.
    with django_assert_num_queries(7):
        listing = editor.get(url)
    found = editor.get(url, {"q": "office"})

    assert listing.status_code == found.status_code == 200
    rows = listing.context["cl"].result_list
    assert sorted(address.slug for address in rows) == [
        "all-occupations", "every-job", "other-office-workers",
    ]  # fmt: skip
    assert '<a href="/occupations/43-9000/">/occupations/43-9000/</a>' in listing.text
    assert '<a href="/occupations/">/occupations/</a>' in listing.text  # the total: the tree
    assert [address.slug for address in found.context["cl"].result_list] == [
        "other-office-workers"
    ]
    reviewer = Client()
    reviewer.force_login(staff(django_user_model, "reviewer", "Reviewers"))
    assert reviewer.get(url).status_code == 200


def test_retired_addresses_cannot_be_added_changed_or_deleted(editor):
    retire_group_pages()
    address = RetiredAddress.objects.get(slug="other-office-workers")
    change = reverse("admin:guides_retiredaddress_change", args=[address.pk])

    opened = editor.get(change)
    posted = editor.post(change, {"slug": "back-office-assistant", "occupation_code": "43-9061"})
    added = editor.post(reverse("admin:guides_retiredaddress_add"),
                        {"slug": "receptionist", "occupation_code": "43-9000"})  # fmt: skip
    deleted = editor.post(
        reverse("admin:guides_retiredaddress_delete", args=[address.pk]), {"post": "yes"}
    )

    assert opened.status_code == 200 and "other-office-workers" in opened.text
    assert 'name="_save"' not in opened.text
    assert posted.status_code == added.status_code == deleted.status_code == 403
    kept = RetiredAddress.objects.order_by("slug").values_list("slug", "occupation_code")
    assert list(kept) == [("all-occupations", "00-0000"), ("every-job", "00-0000"),
                          ("other-office-workers", "43-9000")]  # fmt: skip


# --- Publishing -------------------------------------------------------------------------------


def test_publish_action_reports_what_it_did(editor):
    draft = make_draft(title="Ready Guide")
    scheduled = make_role(
        title="Later Guide", status=Role.Status.DRAFT, published_at=timezone.now() + timedelta(3)
    )
    live = make_role(title="Live Guide")

    response = changelist_action(editor, "publish", [draft, scheduled, live])

    text = " ".join(messages_of(response))
    assert "1 guide published: Ready Guide." in text
    assert "Scheduled as set: Later Guide." in text
    assert "1 of the selected were already published" in text
    draft.refresh_from_db()
    scheduled.refresh_from_db()
    assert draft.is_published
    assert scheduled.status == Role.Status.PUBLISHED and not scheduled.is_published
    assert Version.objects.get_for_object(draft).first().revision.comment == "Published."


def test_unpublish_action_hides_the_guide(editor, client):
    live = make_role(title="Withdrawn Guide")
    response = changelist_action(editor, "unpublish", [live])
    assert "1 guide unpublished: Withdrawn Guide." in " ".join(messages_of(response))
    live.refresh_from_db()
    assert live.status == Role.Status.DRAFT


# --- A draft leaks nowhere --------------------------------------------------------------------


def _hidden(kind):
    if kind == "draft":
        return make_draft(title="Hidden Zebra Keeper", introduction="A secret guide.")
    return make_role(
        title="Hidden Zebra Keeper",
        introduction="A secret guide.",
        published_at=timezone.now() + timedelta(days=1),
    )


SURFACES = {
    "guide page": lambda role: role.get_absolute_url(),
    "salary page": lambda role: reverse("careers:salaries", args=[role.slug]),
    "list": lambda role: reverse("careers:list"),
    "search": lambda role: reverse("careers:list") + "?q=zebra",
    "home": lambda role: reverse("careers:home"),
    "compare": lambda role: reverse("careers:compare") + f"?careers={role.slug}",
}


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
@pytest.mark.parametrize("surface", SURFACES)
def test_unpublished_guide_is_on_no_public_surface(client, kind, surface):
    hidden = _hidden(kind)
    response = client.get(SURFACES[surface](hidden))
    assert response.status_code in (200, 404)
    assert "Hidden Zebra Keeper" not in response.text
    if surface in ("guide page", "salary page"):
        assert response.status_code == 404


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_unpublished_guide_is_not_a_related_link_or_a_guide_of_its_occupation(client, kind):
    hidden = _hidden(kind)
    occupation = make_occupation("43-4171", "Receptionists and Information Clerks")
    hidden.occupation = occupation
    hidden.save()
    page = make_role(title="Public Guide")
    RelatedRole.objects.create(role=page, related=hidden, order=1)
    occupation_page = make_role(title="Receptionists", introduction="", occupation=occupation)

    assert "Hidden Zebra Keeper" not in client.get(page.get_absolute_url()).text
    assert "Hidden Zebra Keeper" not in client.get(occupation_page.get_absolute_url()).text


def test_scheduled_guide_goes_public_at_its_time_without_any_job(client):
    role = make_role(title="Timed Guide", published_at=timezone.now() + timedelta(days=1))
    assert client.get(role.get_absolute_url()).status_code == 404
    Role.objects.filter(pk=role.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert client.get(role.get_absolute_url()).status_code == 200


# --- Preview ----------------------------------------------------------------------------------


def test_preview_for_staff_with_the_right_404_for_everyone_else(client, django_user_model):
    draft = make_draft(title="Draft Preview Guide")
    url = draft.get_absolute_url()

    assert client.get(url).status_code == 404  # anonymous
    client.force_login(staff(django_user_model, "plain-staff"))
    assert client.get(url).status_code == 404  # staff without the preview right

    client.force_login(staff(django_user_model, "previewer", permissions=["preview_role"]))
    response = client.get(url)
    assert response.status_code == 200
    assert "Preview: not published." in response.text
    assert "This is a draft." in response.text
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    salaries = client.get(reverse("careers:salaries", args=[draft.slug]))
    assert salaries.status_code == 200 and "Preview: not published." in salaries.text


def test_published_guide_has_no_preview_banner(editor):
    role = make_role(title="Live")
    assert "Preview: not published" not in editor.get(role.get_absolute_url()).text


def test_scheduled_preview_says_when(editor):
    when = timezone.now() + timedelta(days=2)
    role = make_role(title="Soon", published_at=when)
    assert "Scheduled to go public on" in editor.get(role.get_absolute_url()).text


# --- History and restore ----------------------------------------------------------------------


def _guide_with_parts():
    with reversion.create_revision():
        role = make_role(title="Versioned Guide")
        make_section(role, body="First version of the overview.")
        make_responsibility(role, text="Keep the records.")
        make_responsibility(role, text="Answer the phone.")
        make_career_level(role)
        make_country_salary(role)
        ChangeNote.objects.create(role=role, date=date(2026, 1, 5), text="First edition.")
    return role


def test_every_admin_save_records_the_whole_guide(editor):
    role = _guide_with_parts()
    page = editor.get(change_url(role), EVERY_PART)
    editor.post(change_url(role), change_form_data(page, title="Versioned Guide, edited"))

    versions = Version.objects.get_for_object(role)
    assert versions.count() == 2
    newest = versions.first().revision
    models = {version.content_type.model for version in newest.version_set.all()}
    assert {"role", "section", "responsibility", "careerlevel", "levelsalary",
            "countrysalary", "changenote"} <= models  # fmt: skip
    assert newest.user.username == "editor"


def test_text_sent_back_with_a_browsers_line_ends_is_unchanged(editor):
    role = _guide_with_parts()
    section = role.sections.get()
    section.body = "First paragraph.\n\nSecond paragraph."
    section.save()
    page = editor.get(change_url(role), EVERY_PART)
    data = change_form_data(page, title="Versioned Guide, edited")
    crlf = {name: value.replace("\n", "\r\n") for name, value in data.items()
            if isinstance(value, str) and "\n" in value}  # fmt: skip
    assert "sections-0-body" in crlf  # a textarea, as a browser sends it back

    assert editor.post(change_url(role), {**data, **crlf, **SAVE_AND_PUBLISH}).status_code == 302

    entry = LogEntry.objects.filter(object_id=str(role.pk)).latest("action_time")
    assert entry.get_change_message() == "Changed Title."
    section.refresh_from_db()
    assert section.body == "First paragraph.\n\nSecond paragraph."


def test_restoring_an_earlier_revision_brings_back_every_part(editor):
    role = _guide_with_parts()
    first = Version.objects.get_for_object(role).first()
    page = editor.get(change_url(role), EVERY_PART)
    data = change_form_data(
        page,
        title="Rewritten Guide",
        **{"responsibilities-1-DELETE": "on", "career_levels-0-DELETE": "on"},
        **SAVE_AND_PUBLISH,
    )
    assert editor.post(change_url(role), data).status_code == 302
    assert role.responsibilities.count() == 1 and role.career_levels.count() == 0

    url = reverse("admin:guides_role_revision", args=[role.pk, first.pk])
    revision_page = editor.get(url)
    assert revision_page.status_code == 200
    response = editor.post(url, change_form_data(revision_page, **SAVE_AND_PUBLISH))

    assert response.status_code == 302
    role.refresh_from_db()
    assert role.title == "Versioned Guide"
    texts = set(role.responsibilities.values_list("text", flat=True))
    assert texts == {"Keep the records.", "Answer the phone."}
    [level] = role.career_levels.all()
    assert level.salary.median == 41000
    assert role.sections.get().body == "First version of the overview."


def test_comparing_two_revisions_shows_what_changed(editor):
    role = _guide_with_parts()
    page = editor.get(change_url(role), EVERY_PART)
    data = change_form_data(page, title="Versioned Guide, renamed", **SAVE_AND_PUBLISH)
    editor.post(change_url(role), data)
    old, new = reversed(Version.objects.get_for_object(role)[:2])

    response = editor.get(
        reverse("admin:guides_role_compare", args=[role.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    )

    assert response.status_code == 200
    assert "Versioned Guide, renamed" in response.text


def test_comparing_two_revisions_shows_a_changed_faq_answer(editor):
    role = _guide_with_parts()
    with reversion.create_revision():
        make_faq(role, question="Is it calm?", answer="Mostly quiet mornings.")
        reversion.add_to_revision(role)
    page = editor.get(change_url(role), EVERY_PART)
    editor.post(
        change_url(role), change_form_data(page, **{"faqs-0-answer": "Busy at month end."})
    )
    old, new = reversed(Version.objects.get_for_object(role)[:2])

    response = editor.get(
        reverse("admin:guides_role_compare", args=[role.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    )

    assert response.status_code == 200
    shown = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))
    assert "faqs Is it calm?: answer: Mostly quiet mornings Busy at month end ." in shown


def sections_count(page):
    """How many rows the sections' formset of the guide's change form sends."""
    [sections] = [inline.formset for inline in page.context["inline_admin_formsets"]
                  if inline.formset.prefix == "sections"]  # fmt: skip
    return sections.total_form_count()


def test_an_editor_writes_the_related_careers_heading_and_lead_and_compares_versions(editor):
    role = _guide_with_parts()
    page = editor.get(change_url(role), EVERY_PART)
    added = sections_count(page)
    new_row = {
        "sections-TOTAL_FORMS": str(added + 1),
        f"sections-{added}-kind": Section.Kind.RELATED,
        f"sections-{added}-heading": "Related Careers",
        f"sections-{added}-body": "Explore similar roles that might align with your interests.",
    }
    data = change_form_data(page, **new_row, **SAVE_AND_PUBLISH)
    assert editor.post(change_url(role), data).status_code == 302
    assert role.sections.get(kind=Section.Kind.RELATED).heading == "Related Careers"
    assert role.sections.count() == 2  # the overview too
    old, new = reversed(Version.objects.get_for_object(role)[:2])

    response = editor.get(
        reverse("admin:guides_role_compare", args=[role.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    )

    assert response.status_code == 200
    assert "<ins>+ Related Careers</ins>" in response.text
    form = editor.get(change_url(role), EVERY_PART).text
    assert '<option value="related" selected>Related careers: introduction</option>' in form


def test_a_deleted_guide_can_be_recovered(editor):
    role = _guide_with_parts()
    pk = role.pk
    editor.post(reverse("admin:guides_role_delete", args=[pk]), {"post": "yes"})
    assert not Role.objects.filter(pk=pk).exists()

    deleted = Version.objects.get_deleted(Role).get(object_id=str(pk))
    url = reverse("admin:guides_role_recover", args=[deleted.pk])
    recover_page = editor.get(url)
    response = editor.post(url, change_form_data(recover_page))

    assert response.status_code == 302
    recovered = Role.objects.get(pk=pk)
    assert recovered.responsibilities.count() == 2
    assert recovered.change_notes.get().text == "First edition."


# --- No lost updates --------------------------------------------------------------------------


def test_second_of_two_concurrent_saves_is_refused(client, django_user_model):
    role = _guide_with_parts()
    alice = staff(django_user_model, "alice", "Editors")
    bob = staff(django_user_model, "bob", "Editors")
    client.force_login(alice)
    alice_page = client.get(change_url(role))
    client.force_login(bob)
    bob_page = client.get(change_url(role))

    client.force_login(alice)
    alice_data = change_form_data(alice_page, title="Alice's title", **SAVE_AND_PUBLISH)
    saved = client.post(change_url(role), alice_data)
    assert saved.status_code == 302
    client.force_login(bob)
    refused = client.post(change_url(role), change_form_data(bob_page, title="Bob's title"))

    assert refused.status_code == 200
    message = str(refused.context["adminform"].form.non_field_errors())
    assert "saved by alice" in message and "your changes were not saved" in message
    assert reverse("admin:guides_role_history", args=[role.pk]) in message
    role.refresh_from_db()
    assert role.title == "Alice's title"


# --- Validation at the field ------------------------------------------------------------------


def _post_invalid(editor, role, **changes):
    """Post the role's form with `changes`; it must be refused and change nothing."""
    before = (Role.objects.filter(pk=role.pk).values().get(), CountrySalary.objects.count())
    page = editor.get(change_url(role), EVERY_PART)
    response = editor.post(change_url(role), change_form_data(page, **changes))
    assert response.status_code == 200
    after = (Role.objects.filter(pk=role.pk).values().get(), CountrySalary.objects.count())
    assert after == before
    return response


def _role_errors(response):
    return response.context["adminform"].form.errors


def _inline_errors(response, prefix):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return [form.errors for form in inline.formset.forms]
    raise AssertionError(prefix)


def test_duplicate_title_and_slug_are_refused_at_their_fields(editor):
    make_role(title="Nurse", slug="nurse")
    role = make_role(title="Clerk", slug="clerk")
    response = _post_invalid(editor, role, title="nurse", slug="nurse")
    errors = _role_errors(response)
    assert "Another role already has this title." in errors["title"]
    assert errors["slug"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"median_pay": "45000", "median_pay_source": ""}, "median_pay_source",
         "Give the source of the median pay."),
        ({"median_pay": "45000", "median_pay_year": ""}, "median_pay_year",
         "Give the year of the median pay."),
        ({"growth_percent": "4.0", "growth_source": ""}, "growth_source",
         "Give the source of the growth figure."),
        ({"annual_openings": "100", "annual_openings_source": ""}, "annual_openings_source",
         "Give the source of the annual openings."),
        ({"pay_range_low": "60000", "pay_range_high": "40000"}, "pay_range_high",
         "The low end of the pay range is above the high end."),
        ({"median_pay_currency": "XYZ"}, "median_pay_currency", "XYZ"),
    ],
)  # fmt: skip
def test_key_fact_errors_are_shown_at_their_field(editor, changes, field, message):
    role = make_role(median_pay_source="BLS", median_pay_year=2024)
    errors = _role_errors(_post_invalid(editor, role, **changes))
    assert any(message in error for error in errors[field]), errors


@pytest.mark.parametrize(
    ("changes", "prefix", "field", "message"),
    [
        ({"country_salaries-0-low": "50000", "country_salaries-0-high": "30000"},
         "country_salaries", "high", "The low figure is above the high figure."),
        ({"country_salaries-0-currency": "ZZZ"}, "country_salaries", "currency", "ZZZ"),
        ({"career_levels-0-years_from": "8", "career_levels-0-years_to": "3"},
         "career_levels", "years_to", "Years from is more than years to."),
        ({"career_levels-1-years_from": "3"}, "career_levels", "years_from",
         "starts before the previous one"),
        ({"career_levels-0-salary_source": "", "career_levels-0-salary_median": "5"},
         "career_levels", "salary_source", "The salary band needs this too."),
        ({"career_levels-0-salary_currency": "QQQ"}, "career_levels", "salary_currency", "QQQ"),
    ],
)  # fmt: skip
def test_part_errors_are_shown_at_their_field(editor, changes, prefix, field, message):
    role = make_role()
    make_country_salary(role)
    make_career_level(role, years_from=0, years_to=4)
    make_career_level(role, years_from=4, years_to=8)
    response = _post_invalid(editor, role, **changes)
    errors = [form_errors.get(field, []) for form_errors in _inline_errors(response, prefix)]
    assert any(message in error for field_errors in errors for error in field_errors), errors


def test_a_related_link_to_itself_is_refused(editor):
    role = make_role()
    other = make_role()
    RelatedRole.objects.create(role=role, related=other, order=1)
    response = _post_invalid(editor, role, **{"related_links-0-related": str(role.pk)})
    [errors] = _inline_errors(response, "related_links")
    assert "A role cannot be related to itself." in errors["related"]


def test_salary_band_is_edited_on_the_guide_screen(editor):
    role = make_role()
    level = make_career_level(role)
    page = editor.get(change_url(role), EVERY_PART)
    data = change_form_data(page, **{"career_levels-0-salary_median": "51000"}, **SAVE_AND_PUBLISH)
    assert editor.post(change_url(role), data).status_code == 302
    level.refresh_from_db()
    assert level.salary.median == 51000


# --- Markdown preview -------------------------------------------------------------------------


def test_markdown_preview_renders_through_the_public_sanitiser(editor):
    url = reverse("admin:guides_role_markdown_preview")
    response = editor.post(url, {"introduction": "Hello **world** <script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<strong>world</strong>" in response.text
    assert "<script" not in response.text
    assert editor.get(url).status_code == 405


def test_change_page_has_a_preview_beside_each_markdown_field(editor):
    role = make_role(introduction="Some *prose*.")
    make_section(role, body="An **overview**.")
    text = editor.get(change_url(role), EVERY_PART).text
    assert text.count('class="markdown-preview"') >= 3  # introduction, section, empty form
    assert "<em>prose</em>" in text and "<strong>overview</strong>" in text
    assert 'data-hx-post="' + reverse("admin:guides_role_markdown_preview") in text


# --- Reviewed, change log, checks -------------------------------------------------------------


def test_public_page_shows_last_reviewed_and_the_change_log(client):
    role = make_role(last_reviewed=date(2026, 11, 3))
    ChangeNote.objects.create(role=role, date=date(2026, 10, 1), text="Salaries for 2025.")
    text = client.get(role.get_absolute_url()).text
    assert "Last reviewed on" in text and "3 November 2026" in text
    assert "1 October 2026</time>: Salaries for 2025." in text


def test_checks_page_lists_what_needs_attention(editor):
    make_release(name="May 2025", reference_date=date(2025, 5, 1))
    stale = make_role(title="Old Figures", median_pay=40000, median_pay_source="BLS",
                      median_pay_year=2023)  # fmt: skip
    RelatedRole.objects.create(
        role=stale, related=make_role(title="Data Only", introduction=""), order=1
    )
    make_role(title="Twin", slug="twin-1", introduction="")
    make_role(title="Twin", slug="twin-2", introduction="")

    response = editor.get(reverse("admin:guides_role_checks"))
    checks = response.context["checks"]

    assert [(role.title, detail) for role, detail in checks["stale"][1]] == [
        ("Old Figures", "Figures from 2023; latest release 2025")
    ]
    missing = dict((role.title, detail) for role, detail in checks["missing"][1])
    assert "responsibilities" in missing["Old Figures"]
    assert [detail for _, detail in checks["related"][1]] == [
        "Links to Data Only, which has no published guide"
    ]
    assert sorted(role.slug for role, _ in checks["duplicates"][1]) == ["twin-1", "twin-2"]
    assert "Old Figures" in response.text


def test_checks_page_lists_growth_and_openings_older_than_the_newest_projections(editor):
    occupation = make_occupation()  # 43-9061, projected by BLS for 2024-34
    make_projection(occupation)
    outlook = {"occupation": occupation, "growth_percent": Decimal("5.0"),
               "growth_source": "BLS", "annual_openings": 300000,
               "annual_openings_approximate": True, "annual_openings_source": "BLS"}  # fmt: skip
    make_role(title="Older Outlook", growth_period_start=2022, growth_period_end=2032, **outlook)
    make_role(title="Current Outlook", growth_period_start=2024, growth_period_end=2034,
              **outlook)  # fmt: skip
    make_role(title="No Outlook", occupation=occupation)

    response = editor.get(reverse("admin:guides_role_checks"))

    heading, rows = response.context["checks"]["outlook"]
    detail = (
        "Guide: 5.0% growth and about 300,000 openings a year, for 2022-32; newest official, "
        "BLS Employment Projections 2024-34: -6.7% and 282,400 openings a year"
    )
    assert [(role.title, text) for role, text in rows] == [("Older Outlook", detail)]
    assert heading in response.text and detail in response.text


def test_stale_figures_filter_in_the_role_list(editor):
    make_release(reference_date=date(2025, 5, 1))
    make_role(title="Old Figures", median_pay=1, median_pay_source="s", median_pay_year=2023)
    make_role(title="New Figures", median_pay=1, median_pay_source="s", median_pay_year=2025)
    response = editor.get(reverse("admin:guides_role_changelist"), {"figures": "stale"})
    titles = [role.title for role in response.context["cl"].result_list]
    assert titles == ["Old Figures"]


# --- Sign-in is rate limited ------------------------------------------------------------------


def test_admin_sign_in_locks_after_repeated_failures(client, django_user_model, settings):
    staff(django_user_model, "target", "Editors")
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login, {"username": "target", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    response = client.post(login, {"username": "target", "password": "wrong"})
    assert response.status_code == 429  # the last failure allowed locks sign-in

    locked = client.post(login, {"username": "target", "password": PASSWORD})
    assert locked.status_code == 429
    assert "too many failed sign-in attempts" in locked.text
    assert "_auth_user_id" not in client.session

    unlock_all()  # what an administrator does (or manage.py axes_reset)
    response = client.post(login, {"username": "target", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


# --- Reordering by number ---------------------------------------------------------------------


def test_editor_swaps_two_items_by_their_numbers(editor):
    role = make_role()
    first = make_responsibility(role, text="First")
    make_responsibility(role, text="Second")
    make_responsibility(role, text="Third")
    page = editor.get(change_url(role), EVERY_PART)
    data = change_form_data(
        page,
        **{
            "responsibilities-0-order": "2",
            "responsibilities-1-order": "1",
            "responsibilities-2-DELETE": "on",
        },
        **SAVE_AND_PUBLISH,
    )

    assert editor.post(change_url(role), data).status_code == 302
    assert list(role.responsibilities.values_list("text", flat=True)) == ["Second", "First"]
    assert Responsibility.objects.get(pk=first.pk).order == 2


def test_two_items_with_one_number_are_refused(editor):
    role = make_role()
    make_responsibility(role, text="First")
    make_responsibility(role, text="Second")
    page = editor.get(change_url(role), EVERY_PART)
    data = change_form_data(page, **{"responsibilities-1-order": "1"})

    response = editor.post(change_url(role), data)

    assert response.status_code == 200
    [formset] = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "responsibilities"
    ]
    assert "duplicate" in str(formset.non_form_errors()).lower()
    assert list(role.responsibilities.values_list("order", flat=True)) == [1, 2]


def test_an_old_address_of_another_role_cannot_be_taken(editor):
    moved = make_role(slug="old-address")
    moved.slug = "new-address"
    moved.save()
    role = make_role(slug="other")
    response = _post_invalid(editor, role, slug="old-address")
    assert "still leads there" in str(_role_errors(response)["slug"])


def test_the_address_of_a_retired_group_page_cannot_be_taken(editor):
    RetiredAddress.objects.create(slug="all-occupations", occupation_code="00-0000")
    role = make_role(slug="other")
    response = _post_invalid(editor, role, slug="all-occupations")
    assert "now leads to the group" in str(_role_errors(response)["slug"])
    assert Role.objects.get(pk=role.pk).slug == "other"


def test_a_new_item_cannot_take_the_number_of_an_item_not_on_the_page(editor):
    role = make_role()
    make_responsibility(role, text="First")
    page = editor.get(change_url(role), EVERY_PART)
    make_responsibility(role, text="Added meanwhile by a colleague's import")  # number 2
    data = change_form_data(page)
    data.update({
        "responsibilities-TOTAL_FORMS": "2",
        "responsibilities-1-order": "2",
        "responsibilities-1-text": "Mine",
        "responsibilities-1-role": str(role.pk),
    })  # fmt: skip
    data["opened_version"] = Role.objects.get(pk=role.pk).updated_at.isoformat()

    response = editor.post(change_url(role), data)

    assert response.status_code == 200
    errors = _inline_errors(response, "responsibilities")[1]
    assert "reload the page" in str(errors["order"])
    assert role.responsibilities.count() == 2


def test_a_section_without_heading_or_text_is_a_form_error_and_saves_nothing(editor):
    role = _guide_with_parts()
    page = editor.get(change_url(role), EVERY_PART)
    added = sections_count(page)
    empty_row = {"sections-TOTAL_FORMS": str(added + 1), f"sections-{added}-kind": "related"}

    response = editor.post(change_url(role), change_form_data(page, **empty_row))

    assert response.status_code == 200
    assert "Write a heading or a text, or delete this section." in response.text
    assert not role.sections.filter(kind=Section.Kind.RELATED).exists()
