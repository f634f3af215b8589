"""Behind the load balancer, as production runs: TLS ends at the proxy, which says so in
X-Forwarded-Proto, and every absolute address the site writes (canonical, og:url, link
previews, JSON-LD, the feed, the sitemaps, robots.txt, the embed card, the API) is https://."""

import json
import re

import pytest

from guides.models import Role
from tests.builders import make_site

pytestmark = pytest.mark.django_db

HOST = "careers.example.org"
SITE = f"https://{HOST}"
GUIDE = "/careers/back-office-assistant/"


@pytest.fixture
def proxied(settings, client):
    """What production sets (tests/conftest.py turns the HTTPS settings off), and a client
    whose requests come through the proxy."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.CACHE_PAGES = True
    settings.ALLOWED_HOSTS = [HOST]
    client.defaults.update(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    make_site()
    return client


def addresses(text):
    """Every absolute address on the site's host, as written (in HTML, XML, JSON or text)."""
    return re.findall(rf"\w+://{re.escape(HOST)}[^\"'<>\s&]*", text)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/careers/",
        GUIDE,
        "/careers/office-clerks-general/",  # an occupation page, without a written guide
        f"{GUIDE}salaries/",
        "/compare/?careers=back-office-assistant,office-clerks-general",
        f"{GUIDE}job-post/",
        f"{GUIDE}embed/",
        "/feeds/careers/",
        "/sitemap.xml",
        "/sitemap-guides.xml",
        "/sitemap-occupations.xml",
        "/robots.txt",
        "/api/v1/careers/?page_size=1",
        f"/api/v1{GUIDE}",
        "/api/v1/openapi.json",
    ],
)
def test_every_absolute_address_is_https(proxied, path):
    response = proxied.get(path)

    assert response.status_code == 200
    found = addresses(response.text)
    assert found, f"no absolute address on {path}"
    assert [address for address in found if not address.startswith(SITE)] == []


def test_the_guide_pages_canonical_preview_and_json_ld_are_https(proxied):
    html = proxied.get(GUIDE).text

    assert f'<link rel="canonical" href="{SITE}{GUIDE}">' in html
    assert f'<meta property="og:url" content="{SITE}{GUIDE}">' in html
    assert f'<meta property="og:image" content="{SITE}{GUIDE}preview.png">' in html
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    occupation, breadcrumbs = json.loads(block)["@graph"]
    assert occupation["@id"] == f"{SITE}{GUIDE}#occupation"
    assert occupation["mainEntityOfPage"]["@id"] == f"{SITE}{GUIDE}"
    assert [item["item"] for item in breadcrumbs["itemListElement"]] == [
        f"{SITE}/careers/",
        f"{SITE}{GUIDE}",
    ]


def test_the_apis_links_and_redirects_are_https(proxied):
    listing = proxied.get("/api/v1/careers/?page_size=1").json()
    assert listing["next"] == f"{SITE}/api/v1/careers/?page_size=1&page=2"
    assert listing["results"][0]["url"].startswith(f"{SITE}/careers/")
    assert proxied.get("/api/v1/openapi.json").json()["servers"] == [{"url": f"{SITE}/api/v1"}]
    career = proxied.get(f"/api/v1{GUIDE}").json()
    assert career["url"] == f"{SITE}{GUIDE}"
    assert career["salary_url"] == f"{SITE}{GUIDE}salaries/"

    role = Role.objects.get(slug="back-office-assistant")
    role.slug = "back-office-clerk"
    role.save()
    moved = proxied.get(f"/api/v1{GUIDE}")
    assert moved.status_code == 301
    assert moved["Location"] == f"{SITE}/api/v1/careers/back-office-clerk/"
