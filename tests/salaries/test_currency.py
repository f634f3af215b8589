"""One way to write money in any currency: symbol or code, grouping, no fake precision."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from salaries.currency import format_money, validate_currency


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        # Every currency of the shipped guide, as readers write it.
        (45010, "USD", "$45,010"),
        (22000, "GBP", "£22,000"),
        (28000, "EUR", "€28,000"),
        (250000, "INR", "₹250,000"),
        (30000, "SGD", "S$30,000"),
        (35000, "PLN", "PLN 35,000"),
        (30000, "CAD", "CA$30,000"),
        (45000, "AUD", "A$45,000"),
        # Hourly wages keep their cents; whole amounts get none.
        (Decimal("21.64"), "USD", "$21.64"),
        (Decimal("115.00"), "USD", "$115.00"),
        (0, "USD", "$0"),
        (1234567, "USD", "$1,234,567"),
    ],
)
def test_format_money(amount, currency, expected):
    assert format_money(amount, currency) == expected


def test_money_filter_is_the_one_used_in_templates():
    template = Template("{% load salary_tags %}{{ a|money }} {{ b|money:'GBP' }} [{{ c|money }}]")

    assert template.render(Context({"a": 45010, "b": 22000, "c": None})) == "$45,010 £22,000 []"


@pytest.mark.parametrize("code", ["USD", "EUR", "GBP", "INR", "SGD"])
def test_known_currencies_are_valid(code):
    validate_currency(code)


@pytest.mark.parametrize("code", ["XYZ", "usd", "US", "", "DOLLARS", "$"])
def test_unknown_currencies_are_rejected(code):
    with pytest.raises(ValidationError, match="ISO 4217"):
        validate_currency(code)
