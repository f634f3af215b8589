"""Template filters for the facts of a guide."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.templatetags.static import static
from django.utils.html import format_html

from careers import icons
from careers.forms import Growth
from guides import search

register = template.Library()


@register.filter
def percent(value):
    """A signed change in percent, without needless decimals: 5%, -4%, 2.5%."""
    if value is None:
        return ""
    return f"{value.normalize():f}%".replace("-", "\N{MINUS SIGN}")


@register.filter
def signed_count(value):
    """A number with thousands separators and a true minus sign: 166,100, −177,800, −0.20."""
    return intcomma(value).replace("-", "\N{MINUS SIGN}")


@register.filter
def thousands(value):
    """A figure BLS gives in thousands, as a whole number: 189.1 is 189100."""
    return None if value is None else int(value * 1000)


@register.filter
def also_called(role, query):
    """{{ role|also_called:query }}: the role's other name the search found it by, or None."""
    return search.also_called(role, query)


@register.filter
def highlight(text, query):
    """{{ role.title|highlight:query }}: the text escaped, with the searched words marked."""
    return search.highlight(text, query)


@register.simple_tag
def icon(name):
    """{% icon "truck" %}: an icon of the sprite static/icons.svg, hidden from screen readers,
    for beside a text that says the same."""
    return format_html(
        '<svg class="icon" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        static("icons.svg"),
        name,
    )


@register.filter
def group_icon(code):
    """{{ group.code|group_icon }}: the name of an occupation group's icon."""
    return icons.group_icon(code)


@register.filter
def cluster_icon(cluster):
    """{{ cluster|cluster_icon }}: the name of a career cluster's icon."""
    return icons.cluster_icon(cluster.name)


@register.filter
def outlook_badge(change, average):
    """{{ role.official_growth|outlook_badge:average_growth }}: the band of the careers list's
    growth filter that the change falls in, in short ("Declining"), or ""."""
    return Growth.SHORT.get(Growth.key(change, average), "")
