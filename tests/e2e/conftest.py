"""Real-browser tests: Playwright drives the system's Chromium against live_server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by test
# setup there are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or os.environ.get("CI"):
        return  # In CI a missing browser fails the run instead of skipping.
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server():
    """The live server speaks plain HTTP. It starts once per session, before the per-test
    settings of tests/conftest.py apply, and SecurityMiddleware reads SECURE_SSL_REDIRECT when
    it starts: so the redirect to HTTPS is turned off for the whole session here."""
    from django.test import override_settings

    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture
def page(page):
    """Every page a test opens, failing the test on any console error or uncaught script error
    (a CSP violation, a missing file, a broken script). A 4xx page that a test opens on purpose
    is its own document's "failed to load", and not counted."""
    errors = []

    def console(message):
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource") and (
            message.location.get("url") == message.page.url
        ):
            return  # the document itself: a 404 or 400 page the test asked for
        errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    yield page
    assert not errors, "console errors:\n" + "\n".join(errors)
