"""The comparison in a real browser: htmx remove and add, history, phone width, axe, no JS."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.builders import (
    make_area,
    make_career_level,
    make_estimate,
    make_occupation,
    make_onet,
    make_onet_profile,
    make_projection,
    make_role,
    make_skill,
    rate_onet,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def compare_url(live_server):
    national = make_area()
    careers = [
        ("clerk", "Office Clerk", "43-9061", "Keeps records."),
        ("nurse", "Registered Nurse", "29-1141", "Cares for patients."),
        ("receptionist", "Receptionists and Information Clerks", "43-4171", ""),
    ]
    for slug, title, code, introduction in careers:
        occupation = make_occupation(code, title)
        make_estimate(occupation, national)
        make_projection(occupation)
        onet = make_onet(
            occupation, f"{code}.00", title, [(f"A core task of {title}.", "core")], (),
            [("Microsoft Excel", "Spreadsheet software", True), (title, "Other software", False)],
        )  # fmt: skip
        make_onet_profile(onet, tools=["Desktop computers"], zone=2, bright="Rapid Growth")
        rate_onet(onet, "skill", "Active Listening", "3.75")
        role = make_role(slug=slug, title=title, occupation=occupation, introduction=introduction)
        if introduction:
            make_career_level(role)
            for name in ("Attention to Detail", f"{title} know-how"):
                make_skill(role, name=name, text=f"{name} at work.")
    return f"{live_server.url}/compare/"


def columns(page):
    return page.locator("#comparison thead th").all_inner_texts()


def assert_fits_and_passes_axe(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_remove_and_add_with_htmx_then_go_back(page, compare_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{compare_url}?careers=clerk,nurse,receptionist")
    expect(page.locator("#comparison caption")).to_have_text("Three careers side by side")
    expect(page.get_by_role("rowheader", name="Technology in common")).to_be_visible()
    expect(page.get_by_role("cell", name="Microsoft Excel hot")).to_be_visible()
    assert_fits_and_passes_axe(page)
    page.evaluate("window.__marker = 'no reload'")

    page.get_by_role("link", name="Remove Registered Nurse").click()

    expect(page).to_have_url(f"{compare_url}?careers=clerk,receptionist")
    expect(page.locator("#comparison caption")).to_have_text("Two careers side by side")
    assert "Registered Nurse" not in " ".join(columns(page))
    expect(page).to_have_title(re.compile(r"^Compare Office Clerk and Receptionists"))
    expect(page.locator("#comparison-status")).to_have_text(
        "Comparing Office Clerk and Receptionists and Information Clerks."
    )
    assert page.evaluate("window.__marker") == "no reload"

    page.get_by_label("Add a career").fill("nurse")
    page.get_by_role("button", name="Add to comparison").click()

    expect(page).to_have_url(f"{compare_url}?careers=clerk,receptionist,nurse")
    expect(page.locator("#comparison thead th")).to_have_count(3)
    assert "Registered Nurse" in columns(page)[2]
    assert page.evaluate("window.__marker") == "no reload"
    assert_fits_and_passes_axe(page)

    page.go_back()
    expect(page).to_have_url(f"{compare_url}?careers=clerk,receptionist")
    expect(page.locator("#comparison thead th")).to_have_count(2)
    page.go_back()
    expect(page).to_have_url(f"{compare_url}?careers=clerk,nurse,receptionist")
    expect(page.locator("#comparison thead th")).to_have_count(3)
    assert "Registered Nurse" in columns(page)[1]

    page.reload()  # every pushed URL renders the whole page by itself
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare careers")
    expect(page.locator("#comparison thead th")).to_have_count(3)


VISIBLE_COLUMNS = """() => [...document.querySelectorAll("#comparison thead th")]
    .filter(th => th.getClientRects().length)
    .map(th => th.querySelector(".compare__title").textContent)"""


def test_on_a_phone_the_reader_chooses_the_careers_in_view(page, compare_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{compare_url}?careers=clerk,nurse,receptionist")
    table = page.locator("#comparison .table-scroll")
    heading = page.get_by_role("rowheader", name="Median pay")
    assert table.evaluate("box => box.scrollWidth > box.clientWidth")  # three: wider than a phone

    receptionists = page.get_by_role("checkbox", name="Receptionists and Information Clerks")
    page.locator(".compare-view label", has_text="Registered Nurse").click()  # a tap
    receptionists.focus()  # and a key
    page.keyboard.press("Space")

    assert page.evaluate(VISIBLE_COLUMNS) == ["Office Clerk"]
    expect(page.get_by_role("checkbox", name="Registered Nurse")).not_to_be_checked()
    expect(receptionists).not_to_be_checked()
    assert table.evaluate("box => box.scrollWidth <= box.clientWidth")  # one fits the screen
    # The career in view has the width the row headings leave (none is kept for the others).
    clerk = page.locator("#comparison thead th").first.bounding_box()["width"]
    assert clerk >= table.evaluate("box => box.clientWidth") - 8 * 16 - 1
    shared = page.get_by_role("cell", name="Microsoft Excel hot")  # a row all three share
    shared.scroll_into_view_if_needed()
    expect(shared).to_be_in_viewport(ratio=1)  # whole: its width is the one career's
    assert_fits_and_passes_axe(page)

    page.locator(".compare-view label", has_text="Receptionists").click()
    assert page.evaluate(VISIBLE_COLUMNS) == [
        "Office Clerk",
        "Receptionists and Information Clerks",
    ]
    # Scrolled sideways, the row headings stay put beside the careers.
    before = heading.bounding_box()["x"]
    table.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    assert table.evaluate("box => box.scrollLeft") > 0
    assert heading.bounding_box()["x"] == before


def test_an_unknown_career_is_named_in_the_page(page, compare_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{compare_url}?careers=clerk,nurse")

    page.get_by_label("Add a career").fill("astronaut")
    page.get_by_role("button", name="Add to comparison").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "We couldn't find a career called “astronaut”"
    )
    expect(page.locator("#comparison thead th")).to_have_count(2)
    expect(page).to_have_url(f"{compare_url}?careers=clerk,nurse")
    assert_fits_and_passes_axe(page)


def test_remove_and_add_work_without_javascript(browser, compare_url):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{compare_url}?careers=clerk,nurse,receptionist")

    page.get_by_role("link", name="Remove Office Clerk").click()
    expect(page).to_have_url(f"{compare_url}?careers=nurse,receptionist")
    expect(page.locator("#comparison thead th")).to_have_count(2)

    page.get_by_label("Add a career").fill("Clerk")
    page.get_by_role("button", name="Add to comparison").click()
    expect(page).to_have_url(f"{compare_url}?careers=nurse,receptionist,clerk")
    expect(page.locator("#comparison thead th")).to_have_count(3)
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_empty_comparison_passes_axe_and_fits(page, compare_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(compare_url)

    expect(page.locator(".notice")).to_contain_text("Choose at least two careers")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
