"""Template filters that format the figures of a guide."""

from django import template

from salaries.currency import format_money

register = template.Library()


@register.filter
def money(amount, currency="USD"):
    """{{ band.median|money:band.currency }} -> $42,000; empty when there is no figure."""
    if amount is None or amount == "":
        return ""
    return format_money(amount, currency)


@register.filter
def percent(value):
    """A signed change in percent, without needless decimals: 5%, -4%, 2.5%."""
    if value is None:
        return ""
    return f"{value.normalize():f}%".replace("-", "\N{MINUS SIGN}")
