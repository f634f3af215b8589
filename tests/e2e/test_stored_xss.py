"""
Stored XSS in a real browser: payloads saved through the admin run nowhere.

The shipped guide, an occupation page and the guide's industries are filled with the corpus of
tests/security/xss_payloads.py through the admin (many payloads in every text field at once),
then each public page type, and the editors' screens, are loaded in Chromium. The pages are
loaded with the Content Security Policy bypassed, so that escaping alone has to keep the
payloads inert (the CSP is a second wall, not the first). On every page: no dialog opens,
`window.__xss` (which many payloads set) stays undefined, and the DOM holds no event-handler
attribute, no htmx `hx-on` attribute, no script but the site's own and no javascript:, data:
or vbscript: URL. The careers list is also changed in place (htmx) and checked again.
"""

import pytest
import reversion
from django.test import Client

from guides.models import Role
from tests.security.xss_payloads import (
    GUIDE,
    OCCUPATION_PAGE,
    build_site,
    change_url,
    save_payloads,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Everything a payload could have left in the page, found by the browser's own parser.
FINDINGS = """() => {
  const found = [];
  const own = (src) => {
    const url = new URL(src, document.baseURI);
    return url.origin === location.origin
      && (url.pathname.startsWith('/static/') || url.pathname.startsWith('/admin/jsi18n/'));
  };
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on') || /^(data-)?hx-on/.test(name)) {
        found.push(`${element.tagName} ${name}=${attribute.value}`);
      }
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc',
           'background', 'poster'].includes(name)) {
        let protocol = '';
        try { protocol = new URL(attribute.value, document.baseURI).protocol; } catch (e) {}
        if (['javascript:', 'data:', 'vbscript:'].includes(protocol) || name === 'srcdoc') {
          found.push(`${element.tagName} ${name}=${attribute.value}`);
        }
      }
    }
  }
  for (const script of document.querySelectorAll('script')) {
    const data = ['application/ld+json', 'application/json'].includes(script.type);
    if (!(data || (script.src && own(script.src) && !script.textContent.trim()))) {
      found.push(`script ${script.outerHTML.slice(0, 200)}`);
    }
  }
  for (const element of document.querySelectorAll('iframe, frame, object, embed, base')) {
    found.push(`${element.tagName} element`);
  }
  if (typeof window.__xss !== 'undefined') found.push(`window.__xss=${window.__xss}`);
  return found;
}"""


@pytest.fixture(params=[0, 1], ids=["round-0", "round-1"])
def filled(request, live_server, django_user_model):
    """The site with one round of payloads saved through the admin, and an editor's client."""
    guide = build_site()
    with reversion.create_revision():  # a version before the payloads, for the comparison
        guide.save()
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("editor", password="x" * 16))
    save_payloads(editor, guide, request.param)
    return guide, editor


def public_pages(guide):
    level = guide.career_levels.values_list("order", flat=True).last()
    return [
        "/",
        "/careers/?q=zanzibar",
        f"/careers/{GUIDE}/",
        f"/careers/{GUIDE}/salaries/?state=CA",
        f"/careers/{OCCUPATION_PAGE}/",
        f"/compare/?careers={GUIDE},{OCCUPATION_PAGE}",
        f"/careers/{GUIDE}/job-post/?state=CA&level={level}",
        f"/careers/{GUIDE}/embed/",
    ]


def editor_pages(guide):
    from reversion.models import Version

    versions = Version.objects.get_for_object(guide).order_by("pk").values_list("pk", flat=True)
    compare = change_url("role", guide.pk).replace("/change/", "/history/compare/")
    return [
        change_url("role", guide.pk),
        f"{compare}?version_id1={versions.first()}&version_id2={versions.last()}",
        "/admin/guides/role/?q=zanzibar",
    ]


def record_dialogs(page):
    """The messages of the dialogs (alert, confirm, prompt) the page opens, each dismissed."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def visit(page, url, dialogs):
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # an animation's onbegin, a marquee's onstart
    return page.evaluate(FINDINGS)


def test_payloads_run_nowhere(browser, live_server, filled):
    guide, editor = filled
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    dialogs = record_dialogs(page)
    problems = {}

    for path in public_pages(guide):
        found = visit(page, live_server.url + path, dialogs)
        if found or dialogs:
            problems[path] = [*found, *(f"dialog: {message}" for message in dialogs)]
            dialogs.clear()

    # The careers list changed in place: results swapped in by htmx are checked too.
    page.goto(f"{live_server.url}/careers/?q=zanzibar")
    page.locator("summary", has_text="Filters and sorting").click()
    page.select_option("#id_sort", "title")
    page.wait_for_url("**sort=title**")
    page.wait_for_timeout(300)
    found = page.evaluate(FINDINGS)
    assert page.locator(".result__title a").count() >= 1  # the guide was found
    if found or dialogs:
        problems["/careers/ after an htmx swap"] = [*found, *dialogs]
        dialogs.clear()

    # The editors' screens, signed in: an editor's payloads must not run for a colleague.
    context.add_cookies(
        [{"name": "sessionid", "value": editor.cookies["sessionid"].value, "url": live_server.url}]
    )
    for path in editor_pages(guide):
        found = visit(page, live_server.url + path, dialogs)
        if found or dialogs:
            problems[path] = [*found, *(f"dialog: {message}" for message in dialogs)]
            dialogs.clear()

    context.close()
    assert not problems, problems
    title = Role.objects.get(slug=GUIDE).title  # the payloads were there to run
    assert title.startswith("Zanzibar ") and "window.__xss" in title


def test_the_checks_catch_a_payload_that_runs(browser):
    """The checks are not vacuous: a page where payloads did get through is caught."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    dialogs = record_dialogs(page)
    page.set_content(
        '<img src="x" onerror="window.__xss=1"><a href="javascript:alert(1)">x</a>'
        '<div data-hx-on:click="x"></div><iframe srcdoc="<p>x</p>"></iframe>'
        "<script>alert(2)</script>"
    )
    page.wait_for_timeout(300)
    found = page.evaluate(FINDINGS)
    context.close()
    assert dialogs == ["2"]
    for expected in ("IMG onerror", "A href=javascript:", "DIV data-hx-on:click", "IFRAME srcdoc",
                     "IFRAME element", "script <script>alert(2)", "window.__xss=1"):  # fmt: skip
        assert any(item.startswith(expected) for item in found), (expected, found)
