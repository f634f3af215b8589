"""Fixtures shared by the occupations importers' tests."""

import pytest

from tests.builders import make_occupation


@pytest.fixture
def occupations():
    """The wage data's occupations that import_onet's samples (tests/occupations/onet/) are of."""
    for code, title in [("43-9061", "Office Clerks, General"), ("11-1011", "Chief Executives"),
                        ("31-1120", "Home Health and Personal Care Aides"),
                        ("11-9199", "Managers, All Other")]:  # fmt: skip
        make_occupation(code, title)
