"""Template filters for the facts of a guide."""

from django import template

register = template.Library()


@register.filter
def percent(value):
    """A signed change in percent, without needless decimals: 5%, -4%, 2.5%."""
    if value is None:
        return ""
    return f"{value.normalize():f}%".replace("-", "\N{MINUS SIGN}")
