"""Staged changes to a live guide (guides/drafts.py): a save of a guide the public sees is kept
as a draft, which the screen shows, a preview renders, an editor who may publish publishes (now
or at a set time) and anyone who may change the guide discards; no public surface shows it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from guides import drafts
from guides.models import FAQ, GuideDraft, RelatedRole, Role
from tests.admin_forms import EVERY_PART, SAVE_AND_PUBLISH, change_form_data
from tests.builders import (
    make_career_level,
    make_catalogue,
    make_draft,
    make_faq,
    make_responsibility,
    make_role,
)
from tests.guides.conftest import staff

pytestmark = pytest.mark.django_db

MARKER = "Zqxmarker"
SALARY = 7654321  # a salary figure no page shows but the draft's


def change_url(role):
    return reverse("admin:guides_role_change", args=[role.pk])


def draft_url(role, action):
    return reverse(f"admin:guides_role_{action}_draft", args=[role.pk])


def live_guide(**overrides):
    role = make_role(title="Harbour Pilot", slug="harbour-pilot", **overrides)
    make_faq(role, question="Is it dangerous?", answer="It takes care.")
    make_responsibility(role, text="Boards ships.")
    make_career_level(role)
    return role


def save(client, role, **changes):
    page = client.get(change_url(role), EVERY_PART)
    return client.post(change_url(role), change_form_data(page, **changes))


def draft_changes(title=f"{MARKER} Pilot"):
    return {
        "title": title,
        "introduction": f"The {MARKER} introduction.",
        "faqs-0-answer": f"A {MARKER} answer.",
        "career_levels-0-salary_median": str(SALARY),
    }


@pytest.fixture
def writer(client, django_user_model):
    """An editor with every right of the Editors group but publishing."""
    user = django_user_model.objects.create_user("writer", is_staff=True)
    user.user_permissions.set(
        Group.objects.get(name="Editors").permissions.exclude(codename="publish_role")
    )
    client.force_login(user)
    return client


def test_saving_a_live_guide_keeps_a_draft_and_the_public_page_stays(editor, client):
    role = live_guide()
    before = Role.objects.filter(pk=role.pk).values().get()

    response = save(editor, role, **draft_changes())

    assert response.status_code == 302
    assert response.url == change_url(role)
    assert Role.objects.filter(pk=role.pk).values().get() == before
    assert FAQ.objects.get(role=role).answer == "It takes care."
    draft = GuideDraft.objects.get(role=role)
    assert draft.saved_by.username == "editor" and draft.publish_at is None
    assert draft.revision.comment.startswith(drafts.SAVED)
    assert "Saved as a draft" in editor.get(change_url(role)).text
    client.logout()
    page = client.get(role.get_absolute_url()).text
    assert MARKER not in page and "Harbour Pilot" in page


def test_the_screen_shows_the_draft_with_who_saved_it_and_when(editor):
    role = live_guide()
    save(editor, role, **draft_changes())

    page = editor.get(change_url(role), EVERY_PART)

    assert page.context["adminform"].form["title"].value() == f"{MARKER} Pilot"
    assert f"A {MARKER} answer." in page.text
    assert "This screen shows a draft" in page.text and "Saved by editor" in page.text
    for action in ("preview", "publish", "discard"):
        assert draft_url(role, action) in page.text
    # Shown from a transaction rolled back: the guide itself is as it was.
    assert Role.objects.get(pk=role.pk).title == "Harbour Pilot"


def test_a_part_opened_on_a_draft_comes_alone_as_the_draft_has_it(editor):
    role = live_guide()
    save(editor, role, **draft_changes())

    alone = editor.get(change_url(role), {"part": "faqs"}, headers={"HX-Request": "true"})

    assert alone.status_code == 200 and "<html" not in alone.text
    assert 'name="faqs-TOTAL_FORMS"' in alone.text and 'name="introduction"' not in alone.text
    assert f"A {MARKER} answer." in alone.text


def test_the_screen_of_a_live_guide_says_a_save_is_a_draft_and_offers_to_publish(editor):
    page = editor.get(change_url(live_guide()))

    assert "saving keeps your changes as a draft" in page.text
    assert 'name="_publish"' in page.text


def test_a_further_save_updates_the_draft(editor):
    role = live_guide()
    save(editor, role, **draft_changes())

    assert save(editor, role, title="Second Draft Title").status_code == 302

    [draft] = GuideDraft.objects.filter(role=role)
    page = editor.get(change_url(role), EVERY_PART)
    assert page.context["adminform"].form["title"].value() == "Second Draft Title"
    assert f"A {MARKER} answer." in page.text  # the first save's change is kept
    assert Role.objects.get(pk=role.pk).title == "Harbour Pilot"


def test_a_save_over_a_colleagues_newer_draft_is_refused(client, django_user_model):
    role = live_guide()
    alice = staff(django_user_model, "alice", "Editors")
    bob = staff(django_user_model, "bob", "Editors")
    client.force_login(alice)
    alice_page = client.get(change_url(role))
    client.force_login(bob)
    bob_page = client.get(change_url(role))
    client.force_login(alice)
    saved = client.post(change_url(role), change_form_data(alice_page, title="Alice's draft"))
    assert saved.status_code == 302
    alice_draft = GuideDraft.objects.get(role=role)

    client.force_login(bob)
    refused = client.post(change_url(role), change_form_data(bob_page, title="Bob's draft"))

    assert refused.status_code == 200
    message = str(refused.context["adminform"].form.non_field_errors())
    assert "saved by alice" in message and "your changes were not saved" in message
    assert GuideDraft.objects.get(role=role).revision_id == alice_draft.revision_id
    assert Role.objects.get(pk=role.pk).title == "Harbour Pilot"


def test_a_save_over_a_draft_opened_before_it_was_saved_again_is_refused(editor):
    role = live_guide()
    save(editor, role, title="First Draft")
    stale = editor.get(change_url(role))
    save(editor, role, title="Second Draft")

    refused = editor.post(change_url(role), change_form_data(stale, title="Third Draft"))

    assert refused.status_code == 200
    assert "your changes were not saved" in str(refused.context["adminform"].form.errors)
    page = editor.get(change_url(role))
    assert page.context["adminform"].form["title"].value() == "Second Draft"


def test_publishing_a_draft_makes_it_the_public_guide(editor, client):
    role = live_guide()
    save(editor, role, **draft_changes())
    published_at = Role.objects.get(pk=role.pk).published_at

    response = editor.post(draft_url(role, "publish"), follow=True)

    assert "The draft is published" in response.text
    assert not GuideDraft.objects.filter(role=role).exists()
    role.refresh_from_db()
    assert role.title == f"{MARKER} Pilot"
    assert role.introduction_html == f"<p>The {MARKER} introduction.</p>"
    assert role.published_at == published_at  # the publication stays as it was
    assert role.faqs.get().answer == f"A {MARKER} answer."
    assert role.career_levels.get().salary.median == SALARY
    assert role.responsibilities.get().text == "Boards ships."
    newest = Version.objects.get_for_object(role).first().revision
    assert newest.comment == drafts.PUBLISHED and newest.user.username == "editor"
    client.logout()
    assert MARKER in client.get(role.get_absolute_url()).text
    found = client.get(reverse("careers:list"), {"q": MARKER.lower()}).text
    assert f"{MARKER} Pilot" in found


def test_publishing_without_the_right_is_refused_and_changes_nothing(writer):
    role = live_guide()
    save(writer, role, **draft_changes())
    draft = GuideDraft.objects.get(role=role)

    response = writer.post(draft_url(role, "publish"), follow=True)

    assert "You may not publish guides" in response.text
    assert GuideDraft.objects.get(role=role) == draft and draft.publish_at is None
    assert Role.objects.get(pk=role.pk).title == "Harbour Pilot"
    page = writer.get(change_url(role))
    assert draft_url(role, "publish") not in page.text  # no button either
    assert 'name="_publish"' not in page.text


def test_scheduling_without_the_right_is_refused(writer):
    role = live_guide()
    save(writer, role, **draft_changes())
    when = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    writer.post(draft_url(role, "publish"), {"publish_at": when})

    assert GuideDraft.objects.get(role=role).publish_at is None


def test_save_and_publish_without_the_right_is_refused_and_saves_nothing(writer):
    role = live_guide()

    response = save(writer, role, title="Not Allowed", **SAVE_AND_PUBLISH)

    assert response.status_code == 302
    assert Role.objects.get(pk=role.pk).title == "Harbour Pilot"
    assert not GuideDraft.objects.exists()
    messages = [str(m) for m in writer.get(change_url(role)).context["messages"]]
    assert any("You may not publish guides" in m for m in messages)


def test_save_and_publish_includes_the_draft_and_drops_it(editor):
    role = live_guide()
    save(editor, role, **draft_changes())

    assert save(editor, role, title="Final Title", **SAVE_AND_PUBLISH).status_code == 302

    role.refresh_from_db()
    assert role.title == "Final Title"
    assert role.faqs.get().answer == f"A {MARKER} answer."
    assert not GuideDraft.objects.filter(role=role).exists()


def test_a_draft_scheduled_is_published_when_its_time_comes(editor, client):
    role = live_guide()
    save(editor, role, **draft_changes())
    when = timezone.localtime() + timedelta(hours=2)

    response = editor.post(
        draft_url(role, "publish"), {"publish_at": when.strftime("%Y-%m-%dT%H:%M")}, follow=True
    )

    assert "The draft will be published at" in response.text
    draft = GuideDraft.objects.get(role=role)
    assert draft.publish_at == when.replace(second=0, microsecond=0)
    call_command("publish_due_drafts", verbosity=0)
    assert Role.objects.get(pk=role.pk).title == "Harbour Pilot"  # not yet
    assert "to be published at" in editor.get(reverse("admin:guides_role_checks")).text

    drafts.publish_due(now=when + timedelta(minutes=1))

    role.refresh_from_db()
    assert role.title == f"{MARKER} Pilot"
    assert not GuideDraft.objects.exists()
    assert Version.objects.get_for_object(role).first().revision.comment == drafts.SCHEDULED


def test_publish_due_drafts_says_what_it_published(editor, capsys):
    role = live_guide()
    save(editor, role, **draft_changes())
    GuideDraft.objects.update(publish_at=timezone.now() - timedelta(minutes=1))

    call_command("publish_due_drafts")

    out = capsys.readouterr().out
    assert f"Published the draft of {MARKER} Pilot (harbour-pilot)." in out
    assert "1 draft published." in out


def test_a_time_already_past_publishes_now_and_a_bad_time_is_refused(editor):
    role = live_guide()
    save(editor, role, **draft_changes())

    bad = editor.post(draft_url(role, "publish"), {"publish_at": "soon"}, follow=True)

    assert "Enter a valid date/time" in bad.text
    assert GuideDraft.objects.filter(role=role, publish_at=None).exists()
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    editor.post(draft_url(role, "publish"), {"publish_at": past})
    assert Role.objects.get(pk=role.pk).title == f"{MARKER} Pilot"


def test_discarding_a_draft_keeps_the_guide_as_the_public_sees_it(writer):
    role = live_guide()
    save(writer, role, **draft_changes())
    revision = GuideDraft.objects.get(role=role).revision

    response = writer.post(draft_url(role, "discard"), follow=True)

    assert "The draft is discarded" in response.text
    assert not GuideDraft.objects.exists()
    revision.refresh_from_db()
    assert revision.comment.endswith(drafts.DISCARDED)  # still in the history
    page = writer.get(change_url(role))
    assert page.context["adminform"].form["title"].value() == "Harbour Pilot"


def test_a_reviewer_may_not_discard_a_draft(editor, client, django_user_model):
    role = live_guide()
    save(editor, role, **draft_changes())
    client.force_login(staff(django_user_model, "reviewer", "Reviewers"))

    assert client.post(draft_url(role, "discard")).status_code == 403

    assert GuideDraft.objects.filter(role=role).exists()


def test_the_preview_shows_the_whole_page_with_the_draft_privately(editor, client):
    role = live_guide()
    save(editor, role, **draft_changes())

    response = editor.get(draft_url(role, "preview"))

    assert response.status_code == 200
    assert f"{MARKER} Pilot" in response.text and f"A {MARKER} answer." in response.text
    assert "Preview: not published." in response.text
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert Role.objects.get(pk=role.pk).title == "Harbour Pilot"  # rolled back
    client.logout()
    assert MARKER not in client.get(role.get_absolute_url()).text


def test_the_preview_follows_a_changed_slug(editor):
    role = live_guide()
    save(editor, role, title="Sea Pilot", slug="sea-pilot")

    response = editor.get(draft_url(role, "preview"))

    assert response.status_code == 200 and "Sea Pilot" in response.text
    assert Role.objects.get(pk=role.pk).slug == "harbour-pilot"


@pytest.mark.parametrize("action", ["preview", "publish", "discard"])
@pytest.mark.parametrize("object_id", ["999999", "abc", "1%2F2"])
def test_an_unknown_guide_or_draft_is_a_404(editor, action, object_id):
    method = editor.get if action == "preview" else editor.post
    url = reverse(f"admin:guides_role_{action}_draft", args=["0"]).replace("/0/", f"/{object_id}/")

    assert method(url).status_code == 404


@pytest.mark.parametrize("action", ["preview", "publish", "discard"])
def test_a_guide_without_a_draft_is_a_404(editor, action):
    role = live_guide()
    method = editor.get if action == "preview" else editor.post

    assert method(draft_url(role, action)).status_code == 404


@pytest.mark.parametrize("action", ["publish", "discard"])
def test_publishing_and_discarding_are_posts(editor, action):
    role = live_guide()
    save(editor, role, **draft_changes())

    assert editor.get(draft_url(role, action)).status_code == 405
    assert GuideDraft.objects.filter(role=role).exists()


def test_the_preview_needs_the_right_to_preview(client, django_user_model, editor):
    role = live_guide()
    save(editor, role, **draft_changes())
    client.force_login(staff(django_user_model, "nobody", permissions=["view_role"]))

    assert client.get(draft_url(role, "preview")).status_code == 403


def test_the_checks_page_lists_guides_with_unpublished_changes(editor):
    role = live_guide()
    make_role(title="Untouched Guide")
    save(editor, role, **draft_changes())

    page = editor.get(reverse("admin:guides_role_checks"))

    [rows] = [rows for heading, rows in page.context["checks"].values()
              if heading == "Unpublished changes"]  # fmt: skip
    assert [found for found, _ in rows] == [role]
    assert "Draft saved by editor" in rows[0][1]


def test_the_history_lists_the_draft_and_compares_it(editor):
    role = live_guide()
    page = editor.get(change_url(role), EVERY_PART)
    editor.post(
        change_url(role), change_form_data(page, title="Harbour Pilot, v2", **SAVE_AND_PUBLISH)
    )
    save(editor, role, **draft_changes())
    old, new = reversed(Version.objects.get_for_object(role)[:2])

    history = editor.get(reverse("admin:guides_role_history", args=[role.pk]))
    compared = editor.get(
        reverse("admin:guides_role_compare", args=[role.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    )

    assert drafts.SAVED in history.text
    assert compared.status_code == 200 and MARKER in compared.text


def test_restoring_an_earlier_version_of_a_live_guide_makes_it_the_draft(editor):
    role = live_guide()
    first = Version.objects.get_for_object(role).first()  # none yet: record one
    if first is None:
        import reversion

        with reversion.create_revision():
            reversion.add_to_revision(role)
        first = Version.objects.get_for_object(role).first()
    page = editor.get(change_url(role), EVERY_PART)
    data = change_form_data(page, title="Harbour Pilot, renamed", **SAVE_AND_PUBLISH)
    editor.post(change_url(role), data)
    url = reverse("admin:guides_role_revision", args=[role.pk, first.pk])

    assert editor.post(url, change_form_data(editor.get(url))).status_code == 302

    assert Role.objects.get(pk=role.pk).title == "Harbour Pilot, renamed"  # still public
    screen = editor.get(change_url(role))
    assert screen.context["adminform"].form["title"].value() == "Harbour Pilot"
    editor.post(draft_url(role, "publish"))
    assert Role.objects.get(pk=role.pk).title == "Harbour Pilot"


def test_a_guide_the_public_does_not_see_is_saved_directly(editor):
    later = timezone.now() + timedelta(days=1)
    for role in (make_draft(title="Unpublished"), make_role(title="Due", published_at=later)):
        assert save(editor, role, title=f"{role.title}, edited").status_code == 302
        assert Role.objects.get(pk=role.pk).title == f"{role.title}, edited"
    assert not GuideDraft.objects.exists()


def test_an_occupation_page_is_live_its_introduction_goes_public_only_when_published(writer):
    role = make_role(introduction="", title="Started")

    assert save(writer, role, introduction=f"The {MARKER} introduction.").status_code == 302

    assert GuideDraft.objects.filter(role=role).exists()
    assert not Role.objects.get(pk=role.pk).has_guide
    assert not Role.objects.published().with_guide().exists()
    assert writer.post(draft_url(role, "publish")).status_code == 302  # refused: not theirs
    assert not Role.objects.get(pk=role.pk).has_guide


def test_rows_a_draft_adds_are_published_even_if_another_guide_took_their_id(editor):
    role = live_guide()
    page = editor.get(change_url(role), EVERY_PART)
    added = {
        "faqs-TOTAL_FORMS": "2",
        "faqs-1-order": "2",
        "faqs-1-question": "Is it wet?",
        "faqs-1-answer": "Often.",
    }
    editor.post(change_url(role), change_form_data(page, **added))
    other = make_faq(make_role(title="Other Guide"), question="Other question?")

    editor.post(draft_url(role, "publish"))

    assert list(role.faqs.values_list("question", flat=True)) == ["Is it dangerous?", "Is it wet?"]
    other.refresh_from_db()
    assert other.question == "Other question?" and other.role.title == "Other Guide"


# --- No draft content on any public surface ---------------------------------------------------


@pytest.fixture
def catalogue_with_a_draft(client, django_user_model):
    """The small catalogue, its clerk's guide with a FAQ and a salary band, and a draft of it
    whose title, introduction, FAQ answer and salary carry a marker."""
    roles = make_catalogue()
    clerk = roles["clerk"]
    make_faq(clerk, question="Is it busy?", answer="At month end.")
    make_career_level(clerk)
    editor = staff(django_user_model, "drafter", "Editors")
    client.force_login(editor)
    changes = draft_changes(f"{MARKER} Office Assistant")
    changes["slug"] = f"{MARKER.lower()}-office-assistant"
    assert save(client, clerk, **changes).status_code == 302
    assert GuideDraft.objects.filter(role=clerk).exists()
    assert MARKER in client.get(draft_url(clerk, "preview")).text  # the marker is real
    client.logout()
    return clerk


SURFACES = [
    "/careers/back-office-assistant/",
    "/careers/back-office-assistant/salaries/",
    "/careers/back-office-assistant/embed/",
    "/careers/back-office-assistant/job-post/",
    "/careers/",
    "/careers/?q=back+office",
    "/suggest/?q=back",
    "/compare/?careers=back-office-assistant,registered-nurse",
    "/fit/",
    "/fit/?education=high_school",
    "/occupations/43-0000/",
    "/clusters/business-management-administration/",
    "/feeds/careers/",
    "/sitemap.xml",
    "/sitemap-guides.xml",
    "/api/v1/careers/",
    "/api/v1/careers/back-office-assistant/",
]


@pytest.mark.parametrize("url", SURFACES)
def test_no_public_surface_shows_a_draft(client, catalogue_with_a_draft, url):
    response = client.get(url, headers={"HX-Request": "true"} if "suggest" in url else {})

    assert response.status_code in (200, 400), response.status_code
    text = response.content.decode()
    assert MARKER not in text and MARKER.lower() not in text.lower()
    assert str(SALARY) not in text and f"{SALARY:,}" not in text


@pytest.mark.parametrize(
    "url", [f"/careers/?q={MARKER}", f"/suggest/?q={MARKER}", f"/api/v1/careers/?q={MARKER}"]
)
def test_a_search_for_a_drafts_words_finds_nothing(client, catalogue_with_a_draft, url):
    response = client.get(url, headers={"HX-Request": "true"} if "suggest" in url else {})

    assert response.status_code == 200
    assert "back-office-assistant" not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/careers/back-office-assistant/",
        "/careers/back-office-assistant/embed/",
        "/careers/?q=back+office",
        "/suggest/?q=back",
        "/feeds/careers/",
        "/api/v1/careers/back-office-assistant/",
    ],
)
def test_public_surfaces_show_the_live_guide(client, catalogue_with_a_draft, url):
    response = client.get(url, headers={"HX-Request": "true"} if "suggest" in url else {})

    assert "Office Assistant" in response.content.decode()


def test_the_preview_image_is_the_live_guides(client, catalogue_with_a_draft):
    url = "/careers/back-office-assistant/preview.png"
    drawn = client.get(url)
    GuideDraft.objects.all().delete()

    assert drawn.status_code == 200
    assert client.get(url).content == drawn.content


def test_a_draft_linking_to_a_career_deleted_since_is_shown_and_published_without_it(editor):
    role = live_guide()
    gone = make_role(title="Tug Master", slug="tug-master")
    RelatedRole.objects.create(role=role, related=gone, order=1)
    save(editor, role, **draft_changes())
    gone.delete()  # its link on the live guide goes with it; the draft's stays

    assert editor.get(change_url(role), EVERY_PART).status_code == 200
    response = editor.post(draft_url(role, "publish"), follow=True)

    assert response.status_code == 200
    assert Role.objects.get(pk=role.pk).title == f"{MARKER} Pilot"
    assert not RelatedRole.objects.filter(role=role).exists()
    assert "Tug Master" in response.text  # named as left out
