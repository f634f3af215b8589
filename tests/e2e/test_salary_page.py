"""The salary page in a real browser: the htmx state picker, history, phone width, axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from tests.builders import make_area, make_estimate, make_occupation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def guide_base(live_server):
    occupation = make_occupation()
    make_estimate(occupation, make_area())
    states = {"CA": ("6", "California"), "TX": ("48", "Texas")}
    for state, (code, title) in states.items():
        make_estimate(occupation, make_area(code, title, "2", state), annual_median=50000)
        for number in range(2):
            metro = make_area(f"{code}00{number}", f"Metro {number}, {state}", "4", state)
            make_estimate(occupation, metro, annual_median=51000 + number)
    call_command("load_guides", verbosity=0)
    return f"{live_server.url}/careers/back-office-assistant/"


def test_guide_salary_section_passes_axe_at_phone_width(page, guide_base):
    page.set_viewport_size(PHONE)
    page.goto(f"{guide_base}#salary")

    expect(page.get_by_role("heading", name="Official figures, May 2025")).to_be_visible()
    expect(page.get_by_role("img", name="Spread of annual wages")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_state_picker_swaps_metro_areas_and_history_restores_them(page, guide_base):
    page.set_viewport_size(PHONE)
    salaries = f"{guide_base}salaries/"
    page.goto(salaries)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    page.select_option("#id_state", "CA")
    expect(page.locator("#metros")).to_contain_text("Metro 0, CA")
    expect(page).to_have_url(f"{salaries}?state=CA")
    page.select_option("#id_state", "TX")
    expect(page.locator("#metros")).to_contain_text("Metro 1, TX")
    expect(page).to_have_url(f"{salaries}?state=TX")

    page.go_back()
    expect(page.locator("#metros")).to_contain_text("Metro 0, CA")
    page.reload()  # the pushed URL renders the whole page by itself
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#metros")).to_contain_text("Metro 0, CA")


def test_state_picker_works_without_javascript(browser, guide_base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{guide_base}salaries/")

    page.select_option("#id_state", "TX")
    page.get_by_role("button", name="Show metro areas").click()

    expect(page).to_have_url(f"{guide_base}salaries/?state=TX")
    expect(page.locator("#metros")).to_contain_text("Metro 0, TX")
    context.close()


def test_sorting_the_states_after_picking_one_keeps_it(page, guide_base):
    salaries = f"{guide_base}salaries/"
    page.goto(salaries)
    page.select_option("#id_state", "TX")
    expect(page.locator("#metros")).to_contain_text("Metro 0, TX")
    chosen = page.locator("#states-table tr[aria-current='true'] th")
    expect(chosen).to_have_text("Texas")

    page.locator("#states-table").get_by_role("link", name="Employment").click()

    expect(page).to_have_url(f"{salaries}?state=TX&sort=-employment#states")
    expect(page.locator("#metros")).to_contain_text("Metro 0, TX")
    expect(chosen).to_have_text("Texas")
    expect(chosen).to_have_css("font-weight", "700")
