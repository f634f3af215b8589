"""
Stored XSS: what editors type is inert wherever the site shows it.

Every text field of the shipped guide (the role's, each section's, each item's, each career
level's salary source, each country's figures, the change log) and the names of its industries
are filled with payloads from tests/security/xss_payloads.py, saved through the admin's change
forms exactly as an editor's browser would send them. Then every page that shows that text is
fetched: the HTML pages must hold no script but the site's own, no event handler, no
javascript:/data: URL and no tag or attribute the same pages lack without payloads; the JSON-LD
block, the API's JSON and the feed's XML must parse and give back the stored strings exactly.

The corpus is spread over the fields in a few rounds, each field continuing where the previous
field of its kind stopped, so each kind of field holds most of the corpus over the rounds.
"""

import json
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
import reversion
from django.urls import reverse, reverse_lazy
from reversion.models import Version

from careers.structured_data import summary
from guides.loading import export_document
from guides.models import Industry, Role
from tests.builders import make_role
from tests.security.xss_payloads import (
    GUIDE,
    OCCUPATION_PAGE,
    PAYLOADS,
    STORED,
    Document,
    build_site,
    change_url,
    inert_problems,
    save_payloads,
    strings_in,
)

pytestmark = pytest.mark.django_db

ROUNDS = 2
# The admin's scripts: its static files and its JavaScript catalogue.
ADMIN_SCRIPTS = ("/static/", reverse_lazy("admin:jsi18n"))
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def site():
    return build_site()


def public_pages(guide):
    levels = list(guide.career_levels.values_list("order", flat=True))
    pages = [
        "/",
        "/careers/",
        "/careers/?q=zanzibar",
        "/careers/?q=zanzibar+script+alert+img",
        f"/careers/?q=zanzibar&compare={GUIDE}",
        f"/careers/{GUIDE}/",
        f"/careers/{GUIDE}/?compare={GUIDE},{OCCUPATION_PAGE}",
        f"/careers/{GUIDE}/salaries/",
        f"/careers/{GUIDE}/salaries/?state=CA&sort=-median",
        f"/careers/{OCCUPATION_PAGE}/",
        f"/careers/{OCCUPATION_PAGE}/salaries/",
        f"/compare/?careers={GUIDE},{OCCUPATION_PAGE}",
        f"/compare/?careers={GUIDE}",
        f"/careers/{GUIDE}/job-post/",
        f"/careers/{GUIDE}/job-post/?state=CA",
        f"/careers/{GUIDE}/embed/",
        f"/careers/{OCCUPATION_PAGE}/embed/",
    ]
    pages += [f"/careers/{GUIDE}/job-post/?level={order}" for order in levels]
    return pages


def admin_pages(guide):
    versions = list(
        Version.objects.get_for_object(guide).order_by("pk").values_list("pk", flat=True)
    )
    pages = [
        reverse("admin:guides_role_changelist") + "?q=zanzibar",
        change_url("role", guide.pk),
        reverse("admin:guides_role_history", args=[guide.pk]),
        reverse("admin:guides_industry_changelist"),
        reverse("admin:guides_careerlevel_changelist") + "?q=zanzibar",
        reverse("admin:guides_role_checks"),
    ]
    if len(versions) >= 2:
        compare = reverse("admin:guides_role_compare", args=[guide.pk])
        pages.append(f"{compare}?version_id1={versions[-2]}&version_id2={versions[-1]}")
    for level in guide.career_levels.all()[:2]:
        pages.append(change_url("careerlevel", level.pk))
    return pages


def fetch(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response


def test_the_corpus_is_broad():
    assert len(STORED) >= 30
    kinds = ["<script", "onerror", "javascript:", "<svg", "<iframe", "style", "data:", "](",
             "]:", "&#", "\\u00", "</script>", '"', "'", "{{", "{%"]  # fmt: skip
    for kind in kinds:
        assert any(kind in text for _, text in STORED), kind
    assert len(PAYLOADS) > len(STORED)  # the NUL payload: refused by forms, checked elsewhere


def test_the_checks_catch_what_they_look_for():
    """The page checks are not vacuous: each kind of injection is reported."""
    allowed = {"html": set(), "body": set(), "p": {"class"}, "script": {"src", "type", "defer"}}
    for dangerous in [
        "<p>x</p><script>alert(1)</script>",
        "<p onclick=alert(1)>x</p>",
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        "<img src=x>",
        '<p style="x" class="y">x</p>',
        '<iframe srcdoc="x"></iframe>',
        '<script type="application/ld+json">{"a": "</b>"}</script>',
        '<script type="application/ld+json">{"a": </script>',
        '<script src="https://evil.example/x.js"></script>',
        "<textarea><script>x</textarea>",
        "<p>14q2026</p>",
        '<meta http-equiv="refresh" content="0;url=/">',
    ]:
        assert inert_problems(dangerous, allowed), dangerous
    assert not inert_problems(
        '<p class="a">x</p><script src="/static/a.js" defer></script>', allowed
    )


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_payloads_saved_through_the_admin_are_inert_everywhere(
    admin_client, client, site, round_number, committed
):
    guide = site
    # The pages as they are without payloads: the tags and attributes the site itself writes.
    pages = {url: fetch(client, url).text for url in [*public_pages(guide), "/careers/?q=office"]}
    shape = {}
    for html in pages.values():
        for tag, names in Document(html).shape().items():
            shape.setdefault(tag, set()).update(names)
    for url, html in pages.items():
        assert not inert_problems(html, shape), url  # the checks pass the site as it is

    # A version of the guide before the payloads, for the history's comparison.
    with reversion.create_revision():
        guide.save()
    with committed():
        saved = save_payloads(admin_client, guide, round_number)
    guide.refresh_from_db()

    # The admin stored every value exactly as sent.
    documents = [export_document(role) for role in Role.objects.filter(introduction__gt="")]
    documents.append(export_document(Role.objects.get(slug=OCCUPATION_PAGE)))
    stored = set(strings_in(documents)) | set(Industry.objects.values_list("name", flat=True))
    missing = {key: value for key, value in saved.items() if value not in stored}
    assert not missing, missing
    assert any(name in guide.introduction for name in ("<script>", "javascript:"))

    problems = {}
    for url in public_pages(guide):
        found = inert_problems(fetch(client, url).text, shape)
        if found:
            problems[url] = found
    # The editors' screens once: an editor's payloads must not run in a colleague's browser.
    for url in admin_pages(guide) if round_number == 0 else []:
        found = inert_problems(fetch(admin_client, url).text, script_urls=ADMIN_SCRIPTS)
        if found:
            problems[url] = found
    assert not problems, json.dumps(problems, indent=1)

    check_guide_page_text(client, guide)
    check_json_ld(client, guide)
    check_feed(client, guide)
    check_api(client, guide, saved)
    check_sitemaps(client)
    check_preview_images(client)


def check_guide_page_text(client, guide):
    """The title reads back exactly: escaped once, not twice, in <title>, <h1> and og:title."""
    html = fetch(client, guide.get_absolute_url()).text
    document = Document(html)
    assert document.title == f"{guide.title}: career guide · careerguide"
    metas = {
        dict(attrs).get("property"): dict(attrs) for tag, attrs in document.tags if tag == "meta"
    }
    assert metas["og:title"]["content"] == f"{guide.title} career guide"
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S)[1]
    assert unescape(h1) == f"{guide.title} career guide"


def check_json_ld(client, guide):
    """The JSON-LD block parses, has no '<' that could end it, and gives back the text."""
    for url, title in [
        (guide.get_absolute_url(), guide.title),
        (f"/careers/{OCCUPATION_PAGE}/", Role.objects.get(slug=OCCUPATION_PAGE).title),
    ]:
        blocks = Document(fetch(client, url).text).json_ld()
        assert len(blocks) == 1, url
        assert "<" not in blocks[0]
        graph = json.loads(blocks[0])["@graph"]
        occupation, breadcrumbs = graph
        assert occupation["name"] == title
        assert breadcrumbs["itemListElement"][1]["name"] == title
        # The introduction as plain text, as the page shows it: what an editor typed that looks
        # like markup is text here too (and cannot end the script element: no "<" above).
        role = Role.objects.get(slug=url.strip("/").split("/")[-1])
        assert occupation["description"] == summary(role, 60)
    occupation = json.loads(Document(fetch(client, guide.get_absolute_url()).text).json_ld()[0])
    occupation = occupation["@graph"][0]
    assert occupation["responsibilities"] == list(
        guide.responsibilities.values_list("text", flat=True)
    )
    assert occupation["educationRequirements"] == guide.typical_education
    skills = [skill.name or skill.text for skill in guide.skills.exclude(kind="education")]
    assert sorted(occupation["skills"]) == sorted(skills)


def check_feed(client, guide):
    response = fetch(client, "/feeds/careers/")
    feed = ET.fromstring(response.content)
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in feed.iter(f"{ATOM}entry")}
    assert guide.title in entries
    summary = entries[guide.title].find(f"{ATOM}summary")
    # Feed readers render an html summary as HTML: it must hold no markup at all.
    if summary is not None and summary.get("type") == "html":
        assert not Document(summary.text or "").tags, summary.text
        assert not inert_problems(summary.text or "")


def check_api(client, guide, saved):
    occupation_role = Role.objects.get(slug=OCCUPATION_PAGE)
    for url in [
        "/api/v1/careers/",
        "/api/v1/careers/?q=zanzibar",
        f"/api/v1/careers/{GUIDE}/",
        f"/api/v1/careers/{OCCUPATION_PAGE}/",
        "/api/v1/openapi.json",
    ]:
        response = fetch(client, url)
        assert response["Content-Type"].startswith("application/json"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        json.loads(response.content)
    listed = json.loads(fetch(client, "/api/v1/careers/?q=zanzibar").content)
    assert {career["title"] for career in listed["results"]} >= {guide.title}
    detail = json.loads(fetch(client, f"/api/v1/careers/{GUIDE}/").content)
    assert detail["title"] == guide.title
    # Everything saved for the guide and its industries, exactly as saved.
    strings = set(strings_in(detail))
    others = change_url("role", occupation_role.pk) + "#"
    missing = {
        key: value
        for key, value in saved.items()
        if not key.startswith(others) and value not in strings
    }
    assert not missing, missing
    other = json.loads(fetch(client, f"/api/v1/careers/{OCCUPATION_PAGE}/").content)
    assert other["title"] == occupation_role.title


def check_sitemaps(client):
    index = ET.fromstring(fetch(client, "/sitemap.xml").content)
    for location in index.iter(f"{SITEMAP}loc"):
        path = re.sub(r"^https?://[^/]+", "", location.text)
        ET.fromstring(fetch(client, path).content)


def check_preview_images(client):
    for slug in (GUIDE, OCCUPATION_PAGE):
        response = fetch(client, f"/careers/{slug}/preview.png")
        assert response["Content-Type"] == "image/png"
        assert b"".join(response).startswith(b"\x89PNG")


def test_summaries_are_the_text_escaped_once(client):
    """What a guide's introduction says, as machines and link previews read it: its text, with
    each character escaped exactly once for where it goes."""
    make_role(title="Tom", slug="tom", introduction="Tom & Jerry's <b>cat</b>: 5 < 6")
    text = "Tom & Jerry's cat: 5 < 6"
    page = Document(fetch(client, "/careers/tom/").text)
    metas = [dict(attrs) for tag, attrs in page.tags if tag == "meta"]
    feed = ET.fromstring(fetch(client, "/feeds/careers/").content)
    summary = next(feed.iter(f"{ATOM}entry")).find(f"{ATOM}summary")
    api = json.loads(fetch(client, "/api/v1/careers/tom/").content)

    assert api["summary"] == text
    assert summary.get("type") == "html" and unescape(summary.text) == text
    assert json.loads(page.json_ld()[0])["@graph"][0]["description"] == text
    for meta in metas:
        if meta.get("name") == "description" or meta.get("property") == "og:description":
            assert meta["content"] == text, meta
