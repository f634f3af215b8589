"""
Accessible SVG charts, drawn on the server:

    {% load chart_tags %}
    {% bar_chart rows title="Pay by career level" description="…" chart_id="pay-by-level" %}
    {% range_chart points title="…" description="…" chart_id="wage-range" %}

rows and points are lists of (label, value, display); see salaries.charts.
"""

from django import template

from salaries import charts

register = template.Library()


@register.inclusion_tag("salaries/charts/bar_chart.html")
def bar_chart(rows, *, title, description, chart_id):
    return charts.bar_chart(rows, title=title, description=description, chart_id=chart_id)


@register.inclusion_tag("salaries/charts/range_chart.html")
def range_chart(points, *, title, description, chart_id):
    return charts.range_chart(points, title=title, description=description, chart_id=chart_id)


@register.inclusion_tag("salaries/charts/tile_map.html")
def tile_map(states, *, title, description, chart_id):
    return charts.tile_map(states, title=title, description=description, chart_id=chart_id)
