"""
Money for readers: one way to write an amount in any ISO 4217 currency.

Whole amounts are shown whole ($45,010), amounts with cents keep them ($21.64); a currency
whose symbol would be ambiguous or unknown is written with its code (PLN 35,000).
"""

from decimal import Decimal
from functools import cache

from babel.numbers import get_currency_symbol, list_currencies
from django.core.exceptions import ValidationError

LOCALE = "en_US"

# Symbols readers know that Babel's en_US data writes as codes.
SYMBOLS = {"SGD": "S$"}


def validate_currency(code):
    if code not in _currencies():
        raise ValidationError(
            "%(code)s is not an ISO 4217 currency code (such as USD, EUR or GBP).",
            code="unknown_currency",
            params={"code": code},
        )


@cache
def _currencies():
    return frozenset(list_currencies())


@cache
def _symbol(currency):
    return SYMBOLS.get(currency) or get_currency_symbol(currency, locale=LOCALE)


def format_money(amount, currency="USD"):
    """$45,010, £22,000, €28,000, ₹250,000, S$30,000, PLN 35,000, $21.64."""
    has_cents = isinstance(amount, Decimal) and amount.as_tuple().exponent < 0
    # en_US groups thousands with commas, as Python's own format does.
    number = f"{amount:,.2f}" if has_cents else f"{amount:,}"
    symbol = _symbol(currency)
    if symbol == currency:
        return f"{currency} {number}"
    return f"{symbol}{number}"
