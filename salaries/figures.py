"""Official wage figures as a reader should see them, BLS's markers included."""

from decimal import Decimal

from salaries.currency import format_money

# BLS top-codes wages at or above these amounts and marks them "#".
TOP_CODED_HOURLY = Decimal("115.00")
TOP_CODED_ANNUAL = 239200

NOT_PUBLISHED = "not published"


def describe_wage(estimate, field):
    """The figure `field` of a WageEstimate: an amount, "… or more" when top-coded, or why not."""
    if estimate is None:
        return NOT_PUBLISHED
    if estimate.markers.get(field) == "#":
        threshold = TOP_CODED_HOURLY if field.startswith("hourly") else TOP_CODED_ANNUAL
        return f"{format_money(threshold)} or more"
    value = getattr(estimate, field)
    if value is None:
        return NOT_PUBLISHED
    return format_money(value)


PERCENTILES = [("10th percentile", "p10"), ("25th percentile", "p25"), ("Median", "median"),
               ("75th percentile", "p75"), ("90th percentile", "p90")]  # fmt: skip


def percentile_points(estimate, period="annual"):
    """The five percentiles of an estimate as (label, value, text) for the range chart."""
    return [
        (label, getattr(estimate, f"{period}_{name}"), describe_wage(estimate, f"{period}_{name}"))
        for label, name in PERCENTILES
    ]


def pay_period(estimates):
    """ "hourly" when BLS publishes only hourly wages for these estimates, else "annual".

    BLS publishes no annual figures for some occupations (actors, dancers, musicians: work that
    is not year-round), only hourly ones: their pages show those rather than "not published".
    Some of their areas have no wages at all (only employment): they do not change the period.
    """
    estimates = [estimate for estimate in estimates if estimate is not None]
    hourly = any(estimate.hourly_only for estimate in estimates)
    annual = any(estimate.annual_median is not None for estimate in estimates)
    return "hourly" if hourly and not annual else "annual"


def describe_wage_range(estimate, period="annual"):
    """10th to 90th percentile, or one "not published" for a range BLS does not publish."""
    low = describe_wage(estimate, f"{period}_p10")
    high = describe_wage(estimate, f"{period}_p90")
    return NOT_PUBLISHED if low == high == NOT_PUBLISHED else f"{low} to {high}"
