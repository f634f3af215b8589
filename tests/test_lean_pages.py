"""Lean pages: a guide page, with everything it loads, stays small once compressed."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024  # bytes, compressed: HTML, CSS, JS and fonts together
PAGES = [
    "/careers/back-office-assistant/",
    "/careers/back-office-assistant/salaries/",
    "/careers/?q=office+clerk",
    "/",
]


@pytest.fixture
def guide():
    call_command("load_guides", verbosity=0)


def loaded_files(html):
    """What the browser fetches for the page: stylesheets, scripts, fonts, images."""
    return re.findall(r'<(?:link rel="stylesheet"|script|img)[^>]*\b(?:href|src)="([^"]+)"', html)


@pytest.mark.parametrize("path", PAGES)
def test_page_and_what_it_loads_fit_the_budget(client, guide, path):
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    total = len(response.content)
    html = gzip.decompress(response.content).decode()

    for url in loaded_files(html):
        assert url.startswith("/static/"), f"{url}: only our own files, nothing third-party"
        found = finders.find(url.removeprefix("/static/"))
        assert found, url
        with open(found, "rb") as file:
            total += len(gzip.compress(file.read()))

    print(f"{path}: {total:,} bytes compressed")
    assert total < BUDGET, f"{path}: {total:,} bytes compressed"


def test_the_guide_uses_system_fonts_and_sized_images(client, guide):
    html = client.get("/careers/back-office-assistant/").text
    with open(finders.find("css/site.css")) as css:
        stylesheet = css.read()

    assert "@font-face" not in stylesheet and "url(" not in stylesheet
    for image in re.findall(r"<img\b[^>]*>", html):
        assert "width=" in image and "height=" in image, image
