"""Settings shared by every test: a fast password hasher, and a clean cache per test."""

import pytest


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
