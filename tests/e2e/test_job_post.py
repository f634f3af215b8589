"""The job post kit in a real browser: from the guide to a copyable post, phone width, axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from tests.builders import make_area, make_estimate, make_occupation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
SOURCE = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"


@pytest.fixture
def guide(live_server):
    occupation = make_occupation()
    make_estimate(occupation, make_area())
    make_estimate(occupation, make_area("6", "California", "2", "CA"), annual_p25=41230)
    call_command("load_guides", verbosity=0)
    return f"{live_server.url}/careers/back-office-assistant/"


def test_a_recruiter_assembles_a_post_for_a_level_and_a_state(page, guide):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.set_viewport_size(PHONE)
    page.goto(guide)
    page.get_by_role("link", name="Write a job post").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Job post kit: Back Office Assistant"
    )
    text = page.get_by_label("As plain text")
    expect(text).to_have_js_property("readOnly", True)
    expect(text).to_contain_text(f"{SOURCE}, May 2025, U.S.")

    level = page.get_by_label("Career level")
    level.select_option(label="Senior Back Office Assistant (4-7 years)")
    page.get_by_label("State").select_option("CA")
    page.get_by_role("button", name="Assemble the job post").click()

    expect(page).to_have_url(f"{guide}job-post/?level=3&state=CA")
    expect(text).to_contain_text("Senior Back Office Assistant")
    expect(text).to_contain_text("$41,230 to $54,300 a year")
    expect(page.get_by_label("As Markdown")).to_contain_text(f"{SOURCE}, May 2025, California")
    preview = page.locator("#preview-heading + div")
    expect(preview.get_by_role("heading", name="Responsibilities")).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert not problems, problems  # nothing refused by the content security policy


def test_a_bad_choice_passes_axe_too(page, guide):
    page.set_viewport_size(PHONE)
    page.goto(f"{guide}job-post/?level=9&state=ZZ")

    expect(page.get_by_role("alert")).to_contain_text("This guide has no career level “9”")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(("button", "field"), [
    ("Copy the plain text", "As plain text"), ("Copy the Markdown", "As Markdown"),
])  # fmt: skip
def test_copy_buttons_copy_the_whole_post(page, guide, button, field):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{guide}job-post/?state=CA")

    page.get_by_role("button", name=button).click()

    expect(page.get_by_role("status").last).to_have_text(f"Copied {button.removeprefix('Copy ')}")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.get_by_label(field).input_value()
    assert "Source of the official pay:" in copied
    assert f"{SOURCE}, May 2025, California" in copied


def test_without_javascript_the_post_is_there_to_select_and_no_button_is(browser, guide):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{guide}job-post/")

    expect(page.get_by_label("As plain text")).to_contain_text("Official median")
    assert page.get_by_role("button", name="Copy the plain text").count() == 0
    context.close()
