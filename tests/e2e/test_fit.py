"""Which careers fit me in a real browser: without JavaScript, the plain GET form, its answers
in the address, the link to a career's readiness check and that check's own form; with it,
phone width and axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.careers.test_fit import OCCUPATIONS, real_occupation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
COUNSELORS = "Educational, Guidance, and Career Counselors and Advisors"


@pytest.fixture
def plain_page(browser, live_server):
    """A phone-sized page with JavaScript turned off."""
    for code in OCCUPATIONS:
        real_occupation(code)
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    yield context.new_page()
    context.close()


def test_a_job_seeker_finds_the_careers_that_fit_and_checks_one(plain_page, live_server):
    page = plain_page
    page.goto(f"{live_server.url}/fit/")
    page.get_by_label("Your highest education").select_option(label="Bachelor's degree")
    interests = page.get_by_role("group", name="What interests you")
    interests.get_by_role("checkbox", name="Social").check()
    interests.get_by_role("checkbox", name="Enterprising").check()
    page.get_by_role("group", name="Skills you have").get_by_role(
        "checkbox", name="Speaking"
    ).check()
    page.get_by_role("button", name="Show the careers that fit").click()

    expect(page).to_have_url(
        f"{live_server.url}/fit/?education=bachelor&interest=1.B.1.d&interest=1.B.1.e"
        "&skill=2.A.1.d#results"
    )
    results = page.locator(".fit__result")
    expect(results).to_have_count(5)
    expect(results.first.get_by_role("heading")).to_have_text("Sales Managers")
    counselors = results.filter(has=page.get_by_role("heading", name=COUNSELORS))
    expect(counselors).to_contain_text("Master's degree: you would need it")

    counselors.get_by_role("link", name=f"Check your readiness for {COUNSELORS}").click()
    expect(page).to_have_url(
        f"{live_server.url}/careers/21-1012/?education=bachelor&skill=2.A.1.d#readiness"
    )
    check = page.locator("#readiness")
    expect(check.get_by_role("checkbox", name="Speaking")).to_be_checked()
    expect(check).to_contain_text("Skills you would still need")
    check.get_by_role("checkbox", name="Active Listening").check()
    check.get_by_role("button", name="Check my readiness").click()

    expect(page).to_have_url(
        f"{live_server.url}/careers/21-1012/?education=bachelor&skill=2.A.1.b&skill=2.A.1.d"
        "#readiness"
    )
    expect(check.locator("dd").first).to_have_text("Active Listening, Speaking")


@pytest.mark.parametrize(
    "address",
    [
        "/fit/?education=bachelor&interest=1.B.1.d&skill=2.A.1.d&tech=Microsoft+Excel",
        "/fit/?skill=junk",
        "/careers/21-1012/?education=bachelor&skill=2.A.1.d#readiness",
    ],
)
def test_the_pages_fit_a_phone_and_pass_axe(page, live_server, address):
    for code in OCCUPATIONS:
        real_occupation(code)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{address}")

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
