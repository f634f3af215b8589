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


def _amount(amount, currency):
    number = format_decimal(amount, format="#,##0", locale=LOCALE)
    symbol = get_currency_symbol(currency, locale=LOCALE)
    return number if symbol == currency else f"{symbol}{number}"


def format_money(amount, currency):
    """A whole amount with its currency code, never ambiguous: $42,750 USD, 35,000 PLN."""
    return f"{_amount(amount, currency)} {currency}"


def format_money_range(low, high, currency, open_ended=False):
    """A range in one currency: £22,000 to £35,000 GBP; $30,000 to $60,000+ USD."""
    plus = "+" if open_ended else ""
    return f"{_amount(low, currency)} to {_amount(high, currency)}{plus} {currency}"
