"""Suggestions as you type in a real browser: the keyboard, the mouse, ARIA, and no JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.builders import make_occupation, make_onet, make_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    nurses = make_occupation("29-1141", "Registered Nurses")
    make_onet(nurses, "29-1141.00", "Registered Nurses", titles=["RN"])
    make_role(title="Registered Nurses", slug="registered-nurses", occupation=nurses)
    make_role(title="Nurse Practitioners", slug="nurse-practitioners")
    make_role(title="Nursery Workers", slug="nursery-workers")
    make_role(title="Office Clerks, General", slug="office-clerks-general")
    return live_server.url


def box_and_list(page, box="#home-q"):
    return page.locator(box), page.locator(f"{box}-suggestions")


def test_down_and_enter_open_the_chosen_career(page, site):
    page.goto(f"{site}/")
    box, listbox = box_and_list(page)
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press_sequentially("nurse", delay=30)
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option")).to_have_count(3)
    expect(page.locator("#home-q-suggestions-status")).to_have_text("3 suggestions")
    assert box.get_attribute("aria-activedescendant") is None

    box.press("ArrowDown")
    box.press("ArrowDown")
    second = listbox.get_by_role("option").nth(1)
    expect(box).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    expect(second).to_have_attribute("aria-selected", "true")
    expect(box).to_be_focused()
    assert Axe().run(page).violations_count == 0  # with the list open

    box.press("Enter")
    expect(page).to_have_url(f"{site}/careers/nursery-workers/")


def test_up_goes_from_the_first_to_the_last_option(page, site):
    page.goto(f"{site}/")
    box, listbox = box_and_list(page)
    box.press_sequentially("nurse", delay=30)
    expect(listbox.get_by_role("option")).to_have_count(3)

    box.press("ArrowUp")

    expect(box).to_have_attribute("aria-activedescendant", "home-q-suggestions-3")


def test_escape_closes_the_list_and_keeps_the_text(page, site):
    page.goto(f"{site}/careers/")
    box, listbox = box_and_list(page, "#id_q")
    box.press_sequentially("nurse", delay=30)
    expect(listbox).to_be_visible()
    box.press("ArrowDown")

    box.press("Escape")

    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    assert box.get_attribute("aria-activedescendant") is None
    expect(box).to_have_value("nurse")
    box.press("ArrowDown")  # opens it again
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-activedescendant", "id_q-suggestions-1")


def test_enter_without_a_chosen_option_searches(page, site):
    page.goto(f"{site}/")
    box, listbox = box_and_list(page)
    box.press_sequentially("nurse", delay=30)
    expect(listbox).to_be_visible()

    box.press("Enter")

    expect(page).to_have_url(f"{site}/careers/?q=nurse")
    expect(page.locator(".result")).to_have_count(3)


def test_an_alternate_title_and_a_click(page, site):
    page.goto(f"{site}/")
    box, listbox = box_and_list(page)
    box.press_sequentially("rn", delay=30)
    option = listbox.get_by_role("option")
    expect(option).to_have_text("Registered Nurses — also called RN")
    expect(page.locator("#home-q-suggestions-status")).to_have_text("1 suggestion")

    option.click()

    expect(page).to_have_url(f"{site}/careers/registered-nurses/")


def test_no_match_says_so_and_shows_no_list(page, site):
    page.goto(f"{site}/")
    box, listbox = box_and_list(page)
    box.press_sequentially("zzz", delay=30)

    expect(page.locator("#home-q-suggestions-status")).to_have_text("No suggestions")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")


def test_without_javascript_the_search_still_works(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/")
    page.locator("#home-q").fill("nurse")
    page.locator("#home-q").press("Enter")

    expect(page).to_have_url(f"{site}/careers/?q=nurse")
    expect(page.locator(".result")).to_have_count(3)
    context.close()
