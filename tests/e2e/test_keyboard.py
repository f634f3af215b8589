"""The site by keyboard alone: Tab, Shift+Tab, Enter, Space and arrow keys; never the mouse.

At every Tab stop the focused element shows a focus ring (an outline or a box shadow).
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from guides.models import EducationLevel
from tests.builders import make_area, make_estimate, make_occupation, make_projection, make_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOCUS = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const label = element.getAttribute("aria-label") || element.textContent;
    return {
        visible: outline || style.boxShadow !== "none",
        name: element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
            + " " + label.trim().slice(0, 40),
    };
}"""


ENTRY_EDUCATION = {
    "29-1141": "Bachelor's degree",
    "43-4171": "High school diploma or equivalent",
    "43-9061": "High school diploma or equivalent",
}


@pytest.fixture
def site(live_server):
    national = make_area()
    careers = [
        ("registered-nurse", "Registered Nurse", "29-1141", EducationLevel.BACHELOR),
        ("receptionist", "Receptionist", "43-4171", EducationLevel.HIGH_SCHOOL),
        ("office-clerks-general", "Office Clerks, General", "43-9061", None),
    ]
    for slug, title, code, education in careers:
        occupation = make_occupation(code, title)
        make_estimate(occupation, national)
        # BLS's typical entry education, which the list's education filter reads.
        make_projection(occupation, entry_education=ENTRY_EDUCATION[code])
        make_role(slug=slug, title=title, occupation=occupation, education_level=education or "",
                  introduction="" if education is None else f"What a {title} does.")  # fmt: skip
    call_command("load_guides", verbosity=0)  # Back Office Assistant, high school
    return live_server.url


def focused(page):
    """The focused element, after checking that it is not the page itself and shows a ring."""
    focus = page.evaluate(FOCUS)
    assert focus, "focus fell back to the page"
    assert focus["visible"], f"no visible focus ring on {focus['name']}"
    return focus["name"]


def press_until(page, key, selector, limit=100):
    """Press `key` (Tab, Shift+Tab) until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press(key)
        focused(page)
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{limit} presses of {key} never reached {selector}")


def result_titles(page):
    return page.locator(".result__title a").all_inner_texts()


def test_search_from_the_home_page(page, site):
    page.goto(f"{site}/")

    press_until(page, "Tab", "#home-q")
    page.keyboard.type("nurse")
    page.keyboard.press("Enter")

    page.wait_for_url("**/careers/?q=nurse")
    expect(page.locator(".result")).to_have_count(1)
    assert result_titles(page) == ["Registered Nurse"]


def test_filter_in_place_keeps_focus_and_announces_the_count(page, site):
    page.goto(f"{site}/careers/")
    page.evaluate("window.__sameDocument = true")
    status = page.get_by_role("status").and_(page.locator("#results-status"))
    expect(status).to_have_text("")

    press_until(page, "Tab", "summary")  # "Filters and sorting", closed
    page.keyboard.press("Space")
    expect(page.locator("details.filters__more")).to_have_attribute("open", "")
    press_until(page, "Tab", "#id_education")
    page.keyboard.press("ArrowDown")  # "Any education" -> the first level that has roles

    expect(status).to_have_text("3 careers")  # said politely: role=status
    expect(page).to_have_url(f"{site}/careers/?education=high_school&sort=relevance")
    assert result_titles(page) == [
        "Back Office Assistant",
        "Office Clerks, General",
        "Receptionist",
    ]
    assert page.evaluate("window.__sameDocument") is True  # swapped in place, not reloaded
    page.wait_for_function("document.activeElement.id === 'id_education'")  # the swap kept it
    assert focused(page).startswith("select#id_education")
    assert page.locator("#id_education").input_value() == "high_school"

    page.keyboard.press("Shift+Tab")  # and Tab order goes on from there
    assert focused(page).startswith("select#id_group")


def test_compare_from_the_list_then_remove_one(page, site):
    page.goto(f"{site}/careers/")

    press_until(page, "Tab", "a.compare-toggle[href$='=registered-nurse']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/compare/?careers=registered-nurse")
    press_until(page, "Tab", "#id_add_help a")  # "choose from all careers"
    page.keyboard.press("Enter")
    page.wait_for_url("**/careers/?compare=registered-nurse")
    press_until(page, "Tab", "a.compare-toggle[href$='=registered-nurse,receptionist']")
    page.keyboard.press("Enter")

    page.wait_for_url("**/compare/?careers=registered-nurse,receptionist")
    expect(page.locator("#comparison thead th")).to_have_count(2)
    page.evaluate("window.__sameDocument = true")
    press_until(page, "Tab", "a.compare__remove[aria-label='Remove Registered Nurse']")
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{site}/compare/?careers=receptionist")
    expect(page.locator("#comparison thead th")).to_have_count(1)
    expect(page.get_by_role("status")).to_have_text("Comparing Receptionist.")
    assert page.evaluate("window.__sameDocument") is True
    # The Remove link is gone; focus is on the comparison table, not back at the page's top.
    # It moves when htmx has settled the swap (static/js/focus-after-swap.js), a moment after
    # the new content, status included, is on the page.
    page.wait_for_function("document.activeElement.classList.contains('table-scroll')")
    focused(page)


def test_table_of_contents_link_goes_to_its_section(page, site):
    page.goto(f"{site}/careers/back-office-assistant/")

    press_until(page, "Tab", "nav.toc a[href='#career-path']")
    page.keyboard.press("Enter")

    page.wait_for_url("**#career-path")
    expect(page.locator("#career-path-heading")).to_be_in_viewport()
    page.keyboard.press("Tab")  # the next Tab stop is in that section
    assert page.evaluate("document.activeElement.closest('section')?.id") == "career-path"
    focused(page)
