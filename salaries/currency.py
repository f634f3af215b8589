"""ISO 4217 currency codes: validation and display of whole amounts of money."""

from babel.numbers import format_decimal, get_currency_symbol, list_currencies
from django.core.exceptions import ValidationError

LOCALE = "en_US"


def validate_currency(code):
    if code not in list_currencies():
        raise ValidationError(
            "%(code)s is not an ISO 4217 currency code (such as USD, EUR or GBP).",
            code="unknown_currency",
            params={"code": code},
        )


def format_money(amount, currency):
    """Whole `amount` of `currency` as a reader expects it: $42,750, £22,000, 35,000 PLN."""
    number = format_decimal(amount, format="#,##0", locale=LOCALE)
    symbol = get_currency_symbol(currency, locale=LOCALE)
    if symbol == currency:
        return f"{number} {currency}"
    return f"{symbol}{number}"
