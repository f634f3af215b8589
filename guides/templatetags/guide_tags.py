"""Template filters that format the figures of a guide."""

from django import template

from salaries.currency import format_money, format_money_range

register = template.Library()


@register.filter
def money(amount, currency="USD"):
    """{{ band.median|money:band.currency }} -> $42,000 USD; empty when there is no figure."""
    if amount is None or amount == "":
        return ""
    return format_money(amount, currency)


@register.simple_tag
def money_range(low, high, currency="USD", open_ended=False):
    """{% money_range figure.low figure.high figure.currency %} -> £22,000 to £35,000 GBP."""
    if low is None or high is None:
        return ""
    return format_money_range(low, high, currency, open_ended)


@register.filter
def percent(value):
    """A signed change in percent, without needless decimals: 5%, -4%, 2.5%."""
    if value is None:
        return ""
    return f"{value.normalize():f}%".replace("-", "\N{MINUS SIGN}")
