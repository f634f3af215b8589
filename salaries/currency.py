"""
Money for readers: one way to write an amount in any ISO 4217 currency.

Whole amounts are shown whole ($45,010), amounts with cents keep them ($21.64); a currency
whose symbol would be ambiguous or unknown is written with its code (PLN 35,000).
"""

from decimal import Decimal

from babel.numbers import format_decimal, get_currency_symbol, list_currencies
from django.core.exceptions import ValidationError

LOCALE = "en_US"

# Symbols readers know that Babel's en_US data writes as codes.
SYMBOLS = {"SGD": "S$"}


def validate_currency(code):
    if code not in list_currencies():
        raise ValidationError(
            "%(code)s is not an ISO 4217 currency code (such as USD, EUR or GBP).",
            code="unknown_currency",
            params={"code": code},
        )


def format_money(amount, currency="USD"):
    """$45,010, £22,000, €28,000, ₹250,000, S$30,000, PLN 35,000, $21.64."""
    has_cents = isinstance(amount, Decimal) and amount.as_tuple().exponent < 0
    number = format_decimal(amount, format="#,##0.00" if has_cents else "#,##0", locale=LOCALE)
    symbol = SYMBOLS.get(currency) or get_currency_symbol(currency, locale=LOCALE)
    if symbol == currency:
        return f"{currency} {number}"
    return f"{symbol}{number}"
