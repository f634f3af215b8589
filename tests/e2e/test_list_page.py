"""The careers list in a real browser: typing filters in place, the URL, history, no JavaScript."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from guides.models import EducationLevel, Role
from occupations.models import Occupation
from tests.builders import (
    make_occupation,
    make_onet,
    make_onet_profile,
    make_projection,
    make_role,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def list_url(live_server):
    make_occupation("43-0000", "Office and Administrative Support Occupations", group="major")
    make_occupation("29-0000", "Healthcare Practitioners and Technical Occupations", group="major")
    make_role(
        title="Back Office Assistant", education_level=EducationLevel.HIGH_SCHOOL,
        occupation=make_occupation(national_annual_median=45010),
    )  # fmt: skip
    make_role(
        title="Registered Nurse", education_level=EducationLevel.BACHELOR,
        occupation=make_occupation("29-1141", "Registered Nurses", national_annual_median=93600),
    )  # fmt: skip
    office = Occupation.objects.get(code="43-0000")
    minor = make_occupation(
        "43-4000", "Information and Record Clerks", group="minor", parent=office
    )
    broad = make_occupation("43-4170", "Receptionists and Information Clerks", group="broad",
                            parent=minor)  # fmt: skip
    make_role(
        title="Receptionist",
        introduction="",
        occupation=make_occupation("43-4171", "Receptionists", parent=broad),
    )
    # BLS's typical entry education (high school unless said), and O*NET's view of nurses.
    make_projection(Occupation.objects.get(code="43-9061"))
    make_projection(Occupation.objects.get(code="43-4171"))
    nurses = Occupation.objects.get(code="29-1141")
    make_projection(nurses, entry_education="Bachelor's degree")
    make_onet_profile(
        make_onet(nurses, "29-1141.00", "Registered Nurses"), zone=4, bright="Rapid Growth"
    )
    Role.objects.refresh_official_figures()
    return f"{live_server.url}/careers/"


def result_titles(page):
    return page.locator(".result__title a").all_inner_texts()


def test_typing_filters_in_place_and_history_restores(page, list_url):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(list_url)
    page.evaluate("window.__sameDocument = true")
    expect(page.locator(".result")).to_have_count(3)

    page.locator("#id_q").press_sequentially("nurse", delay=30)
    expect(page.locator(".result")).to_have_count(1)
    expect(page).to_have_url(f"{list_url}?q=nurse&sort=relevance")
    assert page.evaluate("window.__sameDocument") is True  # no full reload
    assert result_titles(page) == ["Registered Nurse"]

    page.locator("#id_q").press("Escape")  # the suggestions under the box close
    page.locator("summary", has_text="Filters and sorting").click()
    page.select_option("#id_sort", "title")
    expect(page).to_have_url(f"{list_url}?q=nurse&sort=title")
    # Emptying the box asks for the list once typing pauses (300 ms), and Enter asks again
    # (only once: the box's own change event asks for nothing): each answer is in before
    # going back, and none is left to land after.
    settled(page, lambda: page.locator("#id_q").fill(""))
    settled(page, lambda: page.locator("#id_q").press("Enter"))
    expect(page.locator(".result")).to_have_count(3)
    expect(page).to_have_url(f"{list_url}?sort=title")

    page.go_back()
    expect(page).to_have_url(f"{list_url}?q=nurse&sort=title")
    expect(page.locator(".result")).to_have_count(1)
    page.reload()  # the pushed URL renders the full page by itself
    expect(page.locator("#id_q")).to_have_value("nurse")
    assert result_titles(page) == ["Registered Nurse"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def settled(page, action):
    """Do `action`, then wait until htmx has put the answer it asked for on the page and in
    the history (htmx:afterSettle comes after both)."""
    page.evaluate(
        "window.__settled = false;"
        " document.addEventListener('htmx:afterSettle', () => { window.__settled = true },"
        " {once: true})"
    )
    action()
    page.wait_for_function("() => window.__settled")


def test_filter_counts_follow_the_search(page, list_url):
    page.goto(list_url)
    page.locator("#id_q").fill("nurse")
    page.locator("#id_q").press("Enter")
    expect(page.locator(".result")).to_have_count(1)

    options = page.locator("#id_education option").all_text_contents()
    assert "Bachelor's degree (1)" in options
    assert "High school diploma or equivalent (0)" in options


def test_the_same_form_works_without_javascript(browser, list_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(list_url)

    page.locator("#id_q").fill("office")
    page.locator("summary", has_text="Filters and sorting").click()
    page.select_option("#id_education", "high_school")
    page.get_by_role("button", name="Apply filters").click()

    assert "q=office" in page.url and "education=high_school" in page.url
    assert result_titles(page) == ["Back Office Assistant"]
    context.close()


def test_the_official_data_filters_swap_in_place_with_their_counts(page, list_url):
    page.goto(list_url)
    page.locator("summary", has_text="Filters and sorting").click()
    expect(page.locator("#bright-count")).to_have_text("1")

    page.select_option("#id_group", "43")
    # The chosen major group's branch of the tree appears in the select, with its counts.
    expect(page.locator("#id_group option[value='43-4000']")).to_have_text(
        "\u2003Information and Record Clerks (1)"
    )
    expect(page.locator("#bright-count")).to_have_text("0")
    page.select_option("#id_group", "43-4170")
    expect(page).to_have_url(re.compile(r"\?group=43-4170&"))  # the sort select's value too
    expect(page.locator(".result")).to_have_count(1)
    assert result_titles(page) == ["Receptionist"]

    page.select_option("#id_group", "")
    # Each change is its own request: a second before the first is answered replaces it.
    expect(page).not_to_have_url(re.compile("group="))
    page.locator("#id_bright").check()
    expect(page).to_have_url(re.compile(r"\?bright=on&"))
    assert result_titles(page) == ["Registered Nurse"]
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_official_data_filters_work_without_javascript(browser, list_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(list_url)

    page.locator("summary", has_text="Filters and sorting").click()
    page.select_option("#id_job_zone", "4")
    page.locator("#id_bright").check()
    page.get_by_role("button", name="Apply filters").click()

    page.wait_for_url(lambda url: "job_zone=4" in url and "bright=on" in url)
    expect(page.locator(".result__title a")).to_have_text(["Registered Nurse"])
    context.close()
