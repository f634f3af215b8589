"""Money is shown with its currency and never ambiguously; currency codes are ISO 4217."""

import pytest
from django.core.exceptions import ValidationError

from salaries.currency import format_money, format_money_range, validate_currency


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (42750, "USD", "$42,750 USD"),
        (22000, "GBP", "£22,000 GBP"),
        (28000, "EUR", "€28,000 EUR"),
        (35000, "PLN", "35,000 PLN"),
        (250000, "INR", "₹250,000 INR"),
        (0, "USD", "$0 USD"),
    ],
)
def test_format_money(amount, currency, expected):
    assert format_money(amount, currency) == expected


def test_format_money_range():
    assert format_money_range(22000, 35000, "GBP") == "£22,000 to £35,000 GBP"
    assert format_money_range(35000, 55000, "PLN") == "35,000 to 55,000 PLN"
    assert format_money_range(30000, 60000, "USD", open_ended=True) == "$30,000 to $60,000+ USD"


@pytest.mark.parametrize("code", ["USD", "EUR", "GBP", "INR", "SGD"])
def test_known_currencies_are_valid(code):
    validate_currency(code)


@pytest.mark.parametrize("code", ["XYZ", "usd", "US", "", "DOLLARS", "$"])
def test_unknown_currencies_are_rejected(code):
    with pytest.raises(ValidationError, match="ISO 4217"):
        validate_currency(code)
