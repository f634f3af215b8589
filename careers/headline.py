"""
A role's headline pay: the one median every surface other than the guide's own page leads with
(result cards, the link preview and its image, the embed card, compare, the API, JSON-LD), and
what it says of where that figure comes from.

The rule, in one place: the official U.S. national median of the role's occupation in the
newest release of the wage estimates (what the careers list filters and sorts by), hourly where
BLS publishes only hourly wages; else the guide's own median, with the source and year its
editors gave. Where the official figure is shown and the guide's own is older, the guide's
figure comes with it, so that a surface can say so. The guide page shows the guide's figure
first, with the official one beside it (templates/careers/role_detail.html).
"""

from typing import NamedTuple

from salaries.currency import format_money
from salaries.models import Release, WageEstimate

YEAR, HOUR = "year", "hour"
OFFICIAL_REACH = "U.S. national median"


class HeadlinePay(NamedTuple):
    amount: object  # whole units a year (int), or an hourly Decimal
    currency: str
    per: str  # YEAR or HOUR
    official: bool
    source: str  # "BLS OEWS May 2025, U.S. national median", or the guide's source and year
    year: int | None  # the year the figure describes
    release: str  # the official release, BLS OEWS May 2025; "" for the guide's figure
    older_guide_figure: "HeadlinePay | None" = None  # the guide's own, when older than this

    @property
    def money(self):
        return format_money(self.amount, self.currency)

    @property
    def hourly(self):
        return self.per == HOUR

    @property
    def per_text(self):
        return "an hour" if self.hourly else "a year"

    @property
    def kind(self):
        return "official" if self.official else "guide"

    @property
    def citation(self):
        """Which figure this is and where it comes from: "official figure, BLS OEWS May 2025,
        U.S. national median" or "the guide's figure, Retail pay survey, 2024"."""
        which = "official figure" if self.official else "the guide's figure"
        return f"{which}, {self.source}" if self.source else which

    @property
    def older_note(self):
        """The guide's own figure when it is older than the official one shown, or ""."""
        guide = self.older_guide_figure
        if guide is None:
            return ""
        year = f" from {guide.year}" if guide.year else ""
        return f"the guide's older figure: {guide.money}{year}"

    def sentence(self):
        """Median pay $45,010 a year (official figure, BLS OEWS May 2025, U.S. national
        median; the guide's older figure: $42,750 from 2023)."""
        notes = "; ".join(part for part in (self.citation, self.older_note) if part)
        return f"Median pay {self.money} {self.per_text} ({notes})."


def headline_pay(role, release, hourly=None):
    """The headline pay of `role` (see the module), or None when there is no figure at all.
    `release` is the newest release of the wage estimates, whose national median the role keeps
    as `official_median`; `hourly` the occupation's national hourly median where BLS publishes
    no annual one."""
    guide = _guide_figure(role)
    if release is not None and role.official_median is not None:
        return _official(role, role.official_median, YEAR, release, guide)
    if release is not None and hourly is not None:
        return _official(role, hourly, HOUR, release, guide)
    return guide


def headline_pays(roles, release):
    """The headline pay of each of `roles`, by primary key, as `headline_pay` gives it: one
    query for the hourly medians of those whose occupation has no annual one."""
    hourly = WageEstimate.objects.hourly_medians(
        [
            role.occupation_id
            for role in roles
            if role.official_median is None and role.occupation_id and release is not None
        ]
    )
    return {role.pk: headline_pay(role, release, hourly.get(role.occupation_id)) for role in roles}


def estimate_headline(role, estimate):
    """The same rule, from the newest national estimate of the role's occupation when a page
    has it loaded already (the guide and occupation pages, the embed card, the API's detail)."""
    guide = _guide_figure(role)
    if estimate is None:
        return guide
    if estimate.annual_median is not None and estimate.markers.get("annual_median") != "#":
        return _official(role, estimate.annual_median, YEAR, estimate.release, guide)
    if estimate.hourly_only and estimate.hourly_median is not None:
        return _official(role, estimate.hourly_median, HOUR, estimate.release, guide)
    return guide


def newest_release():
    """The newest release of the wage estimates, whose national medians roles keep."""
    return Release.objects.order_by("-reference_date").first()


def release_label(release):
    """BLS OEWS May 2025: a release as readers know it."""
    return f"{release.source} {release.name}"


def _official(role, amount, per, release, guide):
    older = guide if guide is not None and role.median_pay_older_than(release) else None
    label = release_label(release)
    year = release.reference_date.year
    return HeadlinePay(amount, "USD", per, True, f"{label}, {OFFICIAL_REACH}", year, label, older)


def _guide_figure(role):
    if role.median_pay is None:
        return None
    source = _with_year(role.median_pay_source.strip(), role.median_pay_year)
    currency, year = role.median_pay_currency, role.median_pay_year
    return HeadlinePay(role.median_pay, currency, YEAR, False, source, year, "")


def _with_year(source, year):
    """A guide's source with the year of its figure, unless the source says it already."""
    if year is None or str(year) in source:
        return source
    return f"{source}, {year}" if source else str(year)
