"""The guide page in a real browser: phone width, table of contents, accessibility."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def guide_url(live_server):
    call_command("load_guides", verbosity=0)
    return f"{live_server.url}/careers/back-office-assistant/"


def test_guide_at_phone_width_follows_contents_and_passes_axe(page, guide_url):
    page.set_viewport_size(PHONE)
    page.goto(guide_url)

    assert page.locator("h1").inner_text() == "Back Office Assistant career guide"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="Career path"
    ).click()
    page.wait_for_url("**#career-path")
    expect(page.locator("#career-path-heading")).to_be_in_viewport()

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [PHONE["width"], 1280])
def test_the_contents_stay_at_hand_while_reading_and_lead_back_to_the_top(page, guide_url, width):
    page.set_viewport_size({**PHONE, "width": width})
    page.goto(guide_url)
    contents = page.get_by_role("navigation", name="On this page")
    back = contents.get_by_role("link", name="Back to top")

    page.locator("#faq-heading").scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 5_000

    expect(contents).to_be_in_viewport()
    expect(back).to_be_in_viewport()
    box = contents.bounding_box()
    assert box["y"] <= 20  # held at the top of the screen
    if width == PHONE["width"]:
        assert box["height"] < 80  # a strip, not the whole list over the text
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    back.click()
    page.wait_for_url("**#main")
    expect(page.locator("h1")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") < 1_000


def test_faq_answers_open_and_close(page, guide_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{guide_url}#faq")
    first = page.locator("details.faq").first
    answer = first.locator("p")

    assert not answer.is_visible()
    first.locator("summary").click()
    assert answer.is_visible()


def test_copy_link_copies_the_sections_full_address(page, guide_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(guide_url)

    page.get_by_role("button", name="Copy link to Salary & Outlook").click()

    expect(page.get_by_role("status").last).to_have_text("Link to Salary & Outlook copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{guide_url}#salary"


def test_section_headings_are_plain_links_without_javascript(browser, guide_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(guide_url)

    assert page.get_by_role("button", name="Copy link to Salary & Outlook").count() == 0
    page.get_by_role("heading", name="Salary & Outlook").get_by_role("link").click()
    page.wait_for_url("**#salary")
    context.close()


def test_the_guide_prints_as_a_clean_document(page, guide_url):
    page.goto(guide_url)
    page.emulate_media(media="print")

    for hidden in (".site-header", ".toc", ".guide__actions", ".copy-link", ".share"):
        assert page.locator(hidden).count(), hidden  # on the page, so the check means something
        assert not page.locator(hidden).first.is_visible(), hidden
    link = page.locator("main .breadcrumbs a").first
    after = link.evaluate("link => getComputedStyle(link, '::after').content")
    assert "/careers/" in after  # the link's address is printed beside it
    assert page.locator(".chart").first.is_visible()  # charts print
    heading_after = page.locator("#salary-heading a").evaluate(
        "link => getComputedStyle(link, '::after').content"
    )
    assert heading_after in ("none", "normal", "")


@pytest.fixture
def partner_site():
    """Another site (another origin, on a port of its own) with a page whose body is what the
    test puts in `page["body"]`."""
    page = {"body": ""}

    class PartnerPage(BaseHTTPRequestHandler):
        def do_GET(self):
            body = (
                '<!doctype html><meta name="viewport" content="width=device-width">'
                f"<title>Partner</title>{page['body']}"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), PartnerPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page["url"] = f"http://127.0.0.1:{server.server_port}/careers.html"
    yield page
    server.shutdown()
    server.server_close()


def test_the_embed_code_fits_a_phone_on_another_site(page, guide_url, partner_site):
    page.goto(guide_url)
    code = page.locator("#embed-code").input_value()  # what a site's editor copies
    partner_site["body"] = f"<p>Our partner's career card:</p>{code}"
    page.set_viewport_size(PHONE)
    page.goto(partner_site["url"])

    card = page.frame_locator("iframe").get_by_role("heading", name="Back Office Assistant")
    expect(card).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("iframe").bounding_box()["width"] <= PHONE["width"]
