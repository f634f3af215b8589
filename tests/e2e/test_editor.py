"""The editor's desk in a real browser: write a guide, preview it, publish it, restore it."""

import importlib
import re
from datetime import date

import pytest
import reversion
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from playwright.sync_api import expect

from guides.models import ChangeNote, Industry, Role, RoleIndustry
from tests.builders import make_faq, make_role, make_section, make_step
from tests.guides.test_start_guide import CORE_TASKS, make_clerks

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-42"
TITLE = "Harbour Pilot"
SLUG = "harbour-pilot"
NEW_TITLE = "Marine Pilot"
PREVIEW_WAIT = 5_000  # ms: the preview follows typing after a 400 ms pause, then a request

GROUPS_MIGRATION = ("guides", "0009_editor_groups")  # makes the Editors group


def editors_group():
    """The Editors group that a migration makes. An earlier transactional test empties the
    database, migration data included; then the migration's own code makes the group again."""
    group = Group.objects.filter(name="Editors").first()
    if group is None:
        app_label, name = GROUPS_MIGRATION
        migration = importlib.import_module(f"{app_label}.migrations.{name}")
        state = MigrationLoader(connection).project_state(GROUPS_MIGRATION)
        migration.create_groups(state.apps, None)
        group = Group.objects.get(name="Editors")
    return group


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(editors_group())
    return user


def open_inline(page, prefix):
    """Unfold an inline (collapsible fieldsets are <details>) and return its group."""
    group = page.locator(f"#{prefix}-group")
    group.locator("summary").first.click()
    expect(group.locator("details").first).to_have_attribute("open", "")
    return group


def preview_of(page, textarea_id):
    return page.locator(f"#{textarea_id} + .markdown-preview")


def messages(page):
    return page.locator("ul.messagelist")


def test_editor_writes_previews_publishes_and_restores_a_guide(page, browser, live_server, editor):
    admin = f"{live_server.url}/admin"
    public_url = f"{live_server.url}/careers/{SLUG}/"

    # 1. Sign in (through django-axes, as any editor does).
    page.goto(f"{admin}/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{admin}/")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    # 2. A new guide: the slug follows the title; the introduction's preview follows typing.
    page.goto(f"{admin}/guides/role/add/")
    page.locator("#id_title").press_sequentially(TITLE)
    expect(page.locator("#id_slug")).to_have_value(SLUG)
    page.locator("#id_status").select_option(label="Draft")
    page.locator("#id_introduction").press_sequentially(
        "Steers ships into **busy** harbours.\n\n- Reads tides\n- Talks to the bridge"
    )
    introduction_preview = preview_of(page, "id_introduction")
    expect(introduction_preview.locator("strong")).to_have_text("busy", timeout=PREVIEW_WAIT)
    expect(introduction_preview.locator("li")).to_have_text(
        ["Reads tides", "Talks to the bridge"], timeout=PREVIEW_WAIT
    )

    # 3. Parts, each in a row that "Add another" makes.
    responsibilities = open_inline(page, "responsibilities")
    responsibilities.get_by_role("button", name="Add another Responsibility").click()
    page.locator("#id_responsibilities-0-order").fill("1")
    page.locator("#id_responsibilities-0-text").fill("Boards ships at the harbour mouth.")

    faqs = open_inline(page, "faqs")
    faqs.get_by_role("button", name="Add another FAQ").click()
    page.locator("#id_faqs-0-order").fill("1")
    page.locator("#id_faqs-0-question").fill("Is it dangerous?")
    page.locator("#id_faqs-0-answer").fill("Boarding by ladder at sea takes care.")

    sections = open_inline(page, "sections")
    sections.get_by_role("button", name="Add another Section").click()
    page.locator("#id_sections-0-kind").select_option(label="Work environment")
    # The row is a copy of the empty form: its preview must send the row's own field.
    page.locator("#id_sections-0-body").press_sequentially("Out in *all* weathers.")
    expect(preview_of(page, "id_sections-0-body").locator("em")).to_have_text(
        "all", timeout=PREVIEW_WAIT
    )

    page.get_by_role("button", name="Save and continue editing").click()
    expect(messages(page)).to_contain_text("was added successfully")
    role = Role.objects.get(slug=SLUG)
    assert role.status == Role.Status.DRAFT
    assert page.url.endswith(f"/admin/guides/role/{role.pk}/change/")
    assert role.responsibilities.count() == 1
    assert role.faqs.count() == 1
    assert role.sections.count() == 1
    assert "<strong>busy</strong>" in role.introduction_html

    # 4. The editor previews the draft; the public does not see it.
    response = page.goto(public_url)
    assert response.status == 200
    expect(page.locator(".preview-banner")).to_contain_text("Preview: not published.")
    expect(page.locator("h1")).to_contain_text(TITLE)

    anonymous = browser.new_context()
    try:
        reader = anonymous.new_page()
        assert reader.goto(public_url).status == 404

        # 5. Publish from the list.
        page.goto(f"{admin}/guides/role/")
        page.get_by_role("checkbox", name=f"Select this object for an action - {TITLE}").check()
        page.get_by_role("combobox", name="Action").select_option(
            label="Publish the selected guides"
        )
        page.get_by_role("button", name="Run").click()
        expect(messages(page)).to_contain_text(f"1 guide published: {TITLE}.")

        response = reader.goto(public_url)
        assert response.status == 200
        expect(reader.locator("h1")).to_contain_text(TITLE)
        expect(reader.locator(".preview-banner")).to_have_count(0)
        expect(reader.get_by_text("Preview: not published.")).to_have_count(0)
    finally:
        anonymous.close()

    # 6. A new title, kept as a draft of the live guide until it is published; then the
    # earlier version back from the history.
    page.goto(f"{admin}/guides/role/{role.pk}/change/")
    page.locator("#id_title").fill(NEW_TITLE)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(messages(page)).to_contain_text("Saved as a draft")
    expect(page.locator(".draft-banner")).to_contain_text("This screen shows a draft")
    expect(page.locator("#id_title")).to_have_value(NEW_TITLE)
    assert Role.objects.get(pk=role.pk).title == TITLE
    page.get_by_role("button", name="Publish now").click()
    expect(messages(page)).to_contain_text("The draft is published")
    assert Role.objects.get(pk=role.pk).title == NEW_TITLE

    page.goto(f"{admin}/guides/role/{role.pk}/history/")
    history = page.locator("#change-history tbody tr")
    expect(history).to_have_count(4)  # added, published, retitled as a draft, published
    # The compare column: the newest version has no "older" choice, the others have both.
    older = page.locator("#change-history input[name=version_id1]")
    expect(older.first).to_be_hidden()
    expect(older.nth(1)).to_be_visible()
    history.filter(has_text="Published.", has_not_text="draft").get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/admin/guides/role/{role.pk}/history/\d+/$"))
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator("#id_responsibilities-0-text")).to_have_value(
        "Boards ships at the harbour mouth."
    )
    expect(page.locator("#id_faqs-0-question")).to_have_value("Is it dangerous?")
    expect(page.locator("#id_sections-0-body")).to_have_value("Out in *all* weathers.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(messages(page)).to_contain_text("Saved as a draft")
    assert Role.objects.get(pk=role.pk).title == NEW_TITLE  # the public guide, until published
    page.get_by_role("button", name="Publish now").click()
    expect(messages(page)).to_contain_text("The draft is published")

    role = Role.objects.get(pk=role.pk)
    assert role.title == TITLE
    assert role.slug == SLUG
    assert role.status == Role.Status.PUBLISHED
    assert list(role.responsibilities.values_list("order", "text")) == [
        (1, "Boards ships at the harbour mouth.")
    ]
    assert list(role.faqs.values_list("question", flat=True)) == ["Is it dangerous?"]
    assert list(role.sections.values_list("kind", "body")) == [
        ("work_environment", "Out in *all* weathers.")
    ]

    # The restore is itself a revision of the history (a draft, then published).
    page.goto(f"{admin}/guides/role/{role.pk}/history/")
    expect(history).to_have_count(6)
    expect(history.filter(has_text="Reverted to previous version")).to_have_count(1)


def sign_in(page, live_server, editor):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")


def test_parts_load_when_opened_and_work_as_on_a_whole_screen(page, live_server, editor):
    """A part of the guide comes from the server when it is opened: its rows, their Markdown
    previews, "Add another" and the autocompletes work, and a save keeps every part."""
    with reversion.create_revision():
        role = make_role(title=TITLE, slug=SLUG)
        make_faq(role, question="Is it dangerous?", answer="It takes care.")
        make_section(role, body="Out in all weathers.")
        make_step(role, text="Go to sea.")
        industry = Industry.objects.create(name="Shipping", slug="shipping")
        RoleIndustry.objects.create(role=role, industry=industry, order=1)
        ChangeNote.objects.create(role=role, date=date(2026, 1, 5), text="Written.")
    sign_in(page, live_server, editor)
    page.goto(f"{live_server.url}/admin/guides/role/{role.pk}/change/")
    expect(page.locator("#faqs-group")).to_contain_text("FAQs (1)")
    expect(page.locator("#id_faqs-0-answer")).to_have_count(0)  # not loaded yet

    faqs = open_inline(page, "faqs")
    page.locator("#id_faqs-0-answer").fill("Boarding by ladder at sea takes care.")
    faqs.get_by_role("button", name="Add another FAQ").click()
    page.locator("#id_faqs-1-order").fill("2")
    page.locator("#id_faqs-1-question").fill("Is it well paid?")
    page.locator("#id_faqs-1-answer").fill("Yes.")

    open_inline(page, "sections")
    page.locator("#id_sections-0-body").fill("")
    page.locator("#id_sections-0-body").press_sequentially("Out in *all* weathers.")
    expect(preview_of(page, "id_sections-0-body").locator("em")).to_have_text(
        "all", timeout=PREVIEW_WAIT
    )

    industries = open_inline(page, "role_industries")
    expect(industries.get_by_role("button", name="Add another Top industry")).to_be_visible()
    expect(industries.locator("tr.has_original .select2-container")).to_have_count(1)
    notes = open_inline(page, "change_notes")
    expect(notes.locator("tr.has_original .datetimeshortcuts")).to_have_count(1)

    page.get_by_role("button", name="Save and publish").click()  # the guide is live
    expect(messages(page)).to_contain_text("was changed successfully")
    assert list(role.faqs.order_by("order").values_list("question", "answer")) == [
        ("Is it dangerous?", "Boarding by ladder at sea takes care."),
        ("Is it well paid?", "Yes."),
    ]
    assert list(role.sections.values_list("body", flat=True)) == ["Out in *all* weathers."]
    assert list(role.steps.values_list("text", flat=True)) == ["Go to sea."]  # not opened


def test_a_live_guides_change_is_previewed_checked_published_and_another_discarded(
    page, browser, live_server, editor
):
    """Change a live guide, preview the draft, see the public page unchanged, publish it; then
    a second draft is discarded and the public page stays as published."""
    with reversion.create_revision():
        role = make_role(title=TITLE, slug=SLUG)
        make_faq(role, question="Is it dangerous?", answer="It takes care.")
    public_url = f"{live_server.url}/careers/{SLUG}/"
    change_url = f"{live_server.url}/admin/guides/role/{role.pk}/change/"
    sign_in(page, live_server, editor)
    anonymous = browser.new_context()
    try:
        reader = anonymous.new_page()

        # 1. The change is kept as a draft: the screen says so and shows it.
        page.goto(change_url)
        open_inline(page, "faqs")
        page.locator("#id_faqs-0-answer").fill("Boarding by ladder at sea takes care.")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(messages(page)).to_contain_text("Saved as a draft")
        expect(page.locator(".draft-banner")).to_contain_text("This screen shows a draft")

        # 2. The preview shows the whole page with the draft; the public page is unchanged.
        page.get_by_role("link", name="Preview").click()
        expect(page.locator("body")).to_contain_text("Boarding by ladder at sea takes care.")
        reader.goto(public_url)
        expect(reader.locator("body")).to_contain_text("It takes care.")
        expect(reader.locator("body")).not_to_contain_text("Boarding by ladder")

        # 3. Published: the public page shows it.
        page.goto(change_url)
        page.get_by_role("button", name="Publish now").click()
        expect(messages(page)).to_contain_text("The draft is published")
        reader.goto(public_url)
        expect(reader.locator("body")).to_contain_text("Boarding by ladder at sea takes care.")

        # 4. Another draft, discarded: the screen and the public page show the published guide.
        open_inline(page, "faqs")
        page.locator("#id_faqs-0-answer").fill("A draft nobody will read.")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(messages(page)).to_contain_text("Saved as a draft")
        page.get_by_role("button", name="Discard the draft").click()
        expect(messages(page)).to_contain_text("The draft is discarded")
        expect(page.get_by_text("This screen shows a draft")).to_have_count(0)
        expect(page.locator(".draft-banner")).to_contain_text("This guide is public")
        open_inline(page, "faqs")
        expect(page.locator("#id_faqs-0-answer")).to_have_value(
            "Boarding by ladder at sea takes care."
        )
        reader.goto(public_url)
        expect(reader.locator("body")).not_to_contain_text("A draft nobody will read.")
        expect(reader.locator("body")).to_contain_text("Boarding by ladder at sea takes care.")
    finally:
        anonymous.close()


def test_a_guide_started_from_an_occupation_is_written_previewed_and_published(
    page, browser, live_server, editor
):
    """Start a guide from an occupation's official data, write its introduction and a section,
    preview it while the public still sees the occupation's profile, publish it."""
    role = make_clerks()
    public_url = f"{live_server.url}{role.get_absolute_url()}"
    sign_in(page, live_server, editor)
    anonymous = browser.new_context()
    try:
        reader = anonymous.new_page()

        # 1. Started from the occupation's page: a draft, the official items marked.
        page.goto(f"{live_server.url}/admin/guides/role/{role.pk}/change/")
        expect(page.locator(".draft-banner")).to_contain_text("This occupation's page is public")
        page.get_by_role("link", name="Start a guide from official data").click()
        expect(page.locator("#content-main")).to_contain_text("Responsibilities: 2")
        page.get_by_role("button", name="Start the guide").click()
        expect(messages(page)).to_contain_text("as a draft")
        expect(page.locator(".draft-banner")).to_contain_text("This screen shows a draft")
        responsibilities = open_inline(page, "responsibilities")
        expect(responsibilities).to_contain_text("O*NET Database 30.1: core tasks")
        expect(page.locator("#id_responsibilities-0-text")).to_have_value(CORE_TASKS[0])

        # 2. The editor writes the introduction and a section, saved in the draft.
        page.locator("#id_introduction").fill("Office clerks keep an office's records in order.")
        sections = open_inline(page, "sections")
        sections.get_by_role("button", name="Add another Section").click()
        page.locator("#id_sections-0-kind").select_option(label="Work environment")
        page.locator("#id_sections-0-body").fill("Mostly at a desk, in *busy* offices.")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(messages(page)).to_contain_text("Saved as a draft")

        # 3. The preview shows the guide; the public still sees the occupation's profile.
        page.get_by_role("link", name="Preview").click()
        expect(page.locator("body")).to_contain_text("keep an office's records in order")
        expect(page.locator("em", has_text="busy")).to_be_visible()
        expect(page.locator("body")).to_contain_text(CORE_TASKS[0])
        reader.goto(public_url)
        expect(reader.locator("h1")).to_contain_text("Office Clerks, General")
        expect(reader.locator("body")).not_to_contain_text("keep an office's records in order")

        # 4. Published: the public page is the guide.
        page.goto(f"{live_server.url}/admin/guides/role/{role.pk}/change/")
        page.get_by_role("button", name="Publish now").click()
        expect(messages(page)).to_contain_text("The draft is published")
        reader.goto(public_url)
        expect(reader.locator("body")).to_contain_text("keep an office's records in order")
        expect(reader.locator("em", has_text="busy")).to_be_visible()
        assert Role.objects.get(pk=role.pk).has_guide
    finally:
        anonymous.close()
