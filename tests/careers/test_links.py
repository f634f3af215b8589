"""Links that last and travel: canonical URLs, link previews, JSON-LD, sitemap, robots, feed,
embed card."""

import json
import re
from datetime import date
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.urls import reverse

from guides.models import Role
from tests.builders import (
    make_area,
    make_draft,
    make_estimate,
    make_occupation,
    make_release,
    make_responsibility,
    make_role,
    make_skill,
)

pytestmark = pytest.mark.django_db

HOST = "http://testserver"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def guide():
    occupation = make_occupation("43-9061", "Office Clerks, General")
    make_estimate(occupation, make_area(), release=make_release())
    role = make_role(
        title="Back Office Assistant",
        slug="back-office-assistant",
        occupation=occupation,
        typical_education="High school diploma or equivalent",
        last_reviewed=date(2026, 11, 3),
    )
    make_responsibility(role, text="Enter data accurately.")
    make_skill(role, name="Data entry", text="Fast and accurate.")
    return role


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    assert found, f"{attribute}={name} missing"
    return found.group(1)


def json_ld(html):
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/careers/",
        "/careers/?q=clerk",
        "/careers/back-office-assistant/",
        "/careers/back-office-assistant/salaries/",
        "/careers/office-clerks-general/",
        "/compare/?careers=back-office-assistant,office-clerks-general",
    ],
)
def test_every_page_has_canonical_and_link_preview_tags(client, guide, path):
    make_role(title="Office Clerks, General", slug="office-clerks-general", introduction="",
              occupation_id="43-9061")  # fmt: skip
    html = client.get(path).text

    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    assert canonical.startswith(HOST + "/")
    assert meta(html, "property", "og:url") == canonical
    assert meta(html, "property", "og:site_name") == "careerguide"
    assert meta(html, "property", "og:locale") == "en_US"
    assert meta(html, "property", "og:title")
    assert meta(html, "property", "og:description")
    image = meta(html, "property", "og:image")
    assert image.startswith(HOST + "/") and image.endswith(".png")
    assert meta(html, "property", "og:image:width") == "1200"
    assert meta(html, "property", "og:image:height") == "630"
    assert meta(html, "property", "og:image:alt")
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:image") == image


def test_guide_preview_names_the_median_pay_and_its_source(client, guide):
    html = client.get(guide.get_absolute_url()).text

    description = meta(html, "property", "og:description")
    assert description.startswith(
        "Median pay $45,010 a year (official figure, BLS OEWS May 2025, U.S. national median)."
    )
    assert meta(html, "name", "description") == description
    assert meta(html, "property", "og:type") == "article"
    assert (
        meta(html, "property", "og:image") == f"{HOST}/careers/back-office-assistant/preview.png"
    )
    assert re.search(
        r'<link rel="canonical" href="http://testserver/careers/back-office-assistant/">', html
    )


def test_json_ld_describes_the_occupation_with_the_pages_figures(client, guide):
    html = client.get(guide.get_absolute_url()).text
    occupation, breadcrumbs = json_ld(html)["@graph"]

    assert occupation["@type"] == "Occupation"
    assert occupation["name"] == "Back Office Assistant"
    assert occupation["occupationalCategory"]["codeValue"] == "43-9061"
    [salary] = occupation["estimatedSalary"]
    assert salary["@type"] == "MonetaryAmountDistribution"
    assert (salary["currency"], salary["duration"]) == ("USD", "P1Y")
    names = ("percentile10", "percentile25", "median", "percentile75", "percentile90")
    figures = {key: salary[key] for key in names}
    assert figures == {"percentile10": 30310, "percentile25": 36350, "median": 45010,
                       "percentile75": 54300, "percentile90": 64680}  # fmt: skip
    for value in figures.values():  # the same figures, at the same rounding, on the page
        assert f"${value:,}" in html
    assert occupation["occupationLocation"] == [{"@type": "Country", "name": "United States"}]
    assert occupation["educationRequirements"] == "High school diploma or equivalent"
    assert occupation["skills"] == ["Data entry"]
    assert occupation["responsibilities"] == ["Enter data accurately."]
    assert occupation["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": f"{HOST}/careers/back-office-assistant/",
        "lastReviewed": "2026-11-03",
    }
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == [
        "All careers", "Back Office Assistant"
    ]  # fmt: skip


def test_json_ld_leaves_out_a_top_coded_percentile(client):
    occupation = make_occupation("29-1215", "Family Medicine Physicians")
    make_estimate(occupation, make_area(), annual_p90=None, markers={"annual_p90": "#"})
    role = make_role(occupation=occupation)

    [salary] = json_ld(client.get(role.get_absolute_url()).text)["@graph"][0]["estimatedSalary"]

    assert "percentile90" not in salary and salary["median"] == 45010


def test_json_ld_is_safe_against_a_title_that_closes_the_script(client):
    title = 'Clerk </script><script>alert("x")</script> & <b>'
    role = make_role(title=title)

    html = client.get(role.get_absolute_url()).text

    assert '</script><script>alert("x")' not in html
    assert json_ld(html)["@graph"][0]["name"] == title


def test_every_section_heading_links_to_its_own_section(client):
    call_command("load_guides", verbosity=0)
    html = client.get("/careers/back-office-assistant/").text

    links = re.findall(
        r'<h2 id="([\w-]+)-heading"><a class="section-link" href="#([\w-]+)">', html
    )
    assert len(links) >= 14
    assert all(heading == anchor for heading, anchor in links)
    for anchor in ("overview", "salary", "career-path", "faq"):
        assert f'id="{anchor}"' in html
    assert 'href="#level-1"' in html and 'id="level-1"' in html
    assert "js/copy.js" in html


def test_sitemap_lists_published_pages_with_lastmod_in_sections(client, guide):
    make_draft(title="Draft Guide", slug="draft-guide")
    make_role(title="Demo: Role", slug="demo-1", is_demo=True)
    make_role(title="Receptionists", slug="receptionists", introduction="")

    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert sections == [
        f"{HOST}/sitemap-guides.xml",
        f"{HOST}/sitemap-occupations.xml",
        f"{HOST}/sitemap-groups.xml",
        f"{HOST}/sitemap-clusters.xml",
    ]

    guides = ElementTree.fromstring(client.get("/sitemap-guides.xml").content)
    urls = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod").text
            for url in guides.iter(f"{SITEMAP}url")}  # fmt: skip
    assert list(urls) == [f"{HOST}/careers/back-office-assistant/"]
    assert urls[f"{HOST}/careers/back-office-assistant/"] == guide.updated_at.date().isoformat()
    occupations = client.get("/sitemap-occupations.xml").text
    assert "/careers/receptionists/" in occupations
    assert "draft-guide" not in occupations and "demo-1" not in occupations


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    for rule in ("User-agent: *", "Disallow: /*?", "Disallow: /api/",
                 f"Sitemap: {HOST}/sitemap.xml"):  # fmt: skip
        assert rule in lines
    # The admin's address can be moved to keep it out of sight (ADMIN_URL): robots.txt, which
    # anyone reads, does not name it; the admin asks every visitor to sign in anyway.
    assert reverse("admin:index") not in response.text


def test_atom_feed_lists_new_and_updated_guides(client, guide):
    make_draft(title="Draft Guide")
    make_role(title="Receptionists", introduction="")

    response = client.get("/feeds/careers/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["Back Office Assistant"]
    [entry] = entries
    assert entry.find(f"{ATOM}link").get("href") == f"{HOST}/careers/back-office-assistant/"
    assert entry.find(f"{ATOM}updated").text.startswith(guide.updated_at.date().isoformat())


def test_embed_card_may_be_framed_and_nothing_else_may(client, guide):
    card = client.get("/careers/back-office-assistant/embed/")
    page = client.get("/careers/back-office-assistant/")

    assert card.status_code == 200
    assert "X-Frame-Options" not in card
    assert "frame-ancestors *" in card["Content-Security-Policy"]
    assert (
        "Median pay $45,010 a year (official figure, BLS OEWS May 2025, U.S. national median)."
    ) in card.text
    assert 'href="http://testserver/careers/back-office-assistant/"' in card.text
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert (
        "&lt;iframe src=&quot;http://testserver/careers/back-office-assistant/embed/&quot;"
        in page.text
    )


def test_embed_card_of_a_draft_is_a_404(client):
    draft = make_draft(slug="secret")
    assert client.get(f"/careers/{draft.slug}/embed/").status_code == 404


def test_link_features_skip_demo_and_draft_roles_in_feed(client):
    make_role(title="Demo: Clerk 00001", is_demo=True)
    assert "Demo:" not in client.get("/feeds/careers/").text
    assert Role.objects.count() == 1
