"""Template filters for the facts of a guide."""

from django import template

from guides import search

register = template.Library()


@register.filter
def percent(value):
    """A signed change in percent, without needless decimals: 5%, -4%, 2.5%."""
    if value is None:
        return ""
    return f"{value.normalize():f}%".replace("-", "\N{MINUS SIGN}")


@register.filter
def highlight(text, query):
    """{{ role.title|highlight:query }}: the text escaped, with the searched words marked."""
    return search.highlight(text, query)
