"""Template filters for pay: one `money` filter for every amount, `wage` for official figures."""

from django import template

from salaries.currency import format_money
from salaries.figures import PERCENTILES, describe_wage, describe_wage_range, percentile_points

register = template.Library()


@register.filter
def money(amount, currency="USD"):
    """{{ band.median|money:band.currency }} -> $42,000; empty when there is no figure."""
    if amount is None or amount == "":
        return ""
    return format_money(amount, currency)


@register.filter
def wage(estimate, field):
    """{{ estimate|wage:"annual_median" }} -> $45,010, "$239,200 or more" or "not published"."""
    return describe_wage(estimate, field)


@register.filter
def percentiles(estimate, period="annual"):
    """The five percentiles of an estimate, as the range chart takes them."""
    return percentile_points(estimate, period)


@register.filter
def percentile_rows(estimate):
    """(label, hourly, annual) for the percentile table, with the mean last."""
    rows = [
        (
            label,
            describe_wage(estimate, f"hourly_{name}"),
            describe_wage(estimate, f"annual_{name}"),
        )
        for label, name in PERCENTILES
    ]
    rows.append(
        ("Mean", describe_wage(estimate, "hourly_mean"), describe_wage(estimate, "annual_mean"))
    )
    return rows


@register.filter
def wage_range(estimate, period="annual"):
    """{{ estimate|wage_range }} -> "$30,310 to $64,680", or "not published"; hourly on asking."""
    return describe_wage_range(estimate, period)
