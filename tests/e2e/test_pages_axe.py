"""Every other public page type passes axe and fits a phone screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.builders import make_area, make_estimate, make_occupation, make_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    occupation = make_occupation("27-2011", "Actors")
    make_estimate(occupation, make_area(), annual_median=None, markers={"annual_median": "*"})
    make_role(title="Actors", slug="actors", introduction="", occupation=occupation)
    make_role(title="Featured Clerk", slug="featured-clerk")
    return live_server.url


@pytest.mark.parametrize("path", ["/", "/careers/", "/careers/actors/", "/careers/missing/"])
@pytest.mark.parametrize("width", [375, 1280])
def test_page_passes_axe_and_fits(page, site, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site}{path}")

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
