"""
Official wage estimates: BLS Occupational Employment and Wage Statistics (OEWS), by release,
occupation and area, each figure as BLS publishes it.

This app builds on the occupations app and knows nothing of guides.
"""

from django.db import models

from occupations.models import Occupation


class Release(models.Model):
    """One release of official wage estimates, such as BLS OEWS May 2025."""

    name = models.CharField(max_length=50, unique=True, help_text="As BLS names it: May 2025.")
    reference_date = models.DateField(help_text="The month the estimates describe.")
    published_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=100, default="BLS OEWS")

    class Meta:
        ordering = ["-reference_date"]
        get_latest_by = "reference_date"

    def __str__(self):
        return f"{self.source}, {self.name}"


class Area(models.Model):
    """Where an estimate applies: the U.S., a state or territory, or a (non)metropolitan area."""

    class Kind(models.TextChoices):
        # The values are BLS's AREA_TYPE codes.
        NATIONAL = "1", "National"
        STATE = "2", "State"
        TERRITORY = "3", "Territory"
        METRO = "4", "Metropolitan area"
        NONMETRO = "6", "Nonmetropolitan area"

    STATE_KINDS = [Kind.STATE, Kind.TERRITORY]
    METRO_KINDS = [Kind.METRO, Kind.NONMETRO]

    code = models.CharField(max_length=7, unique=True, help_text="99, a state FIPS or a CBSA.")
    title = models.CharField(max_length=100)
    kind = models.CharField(max_length=1, choices=Kind)
    state = models.CharField(max_length=2, help_text="Primary state's postal code.")

    class Meta:
        ordering = ["kind", "title"]
        indexes = [
            # The salary page's state picker: the metro areas of one state.
            models.Index(fields=["state", "kind"], name="salaries_area_state_kind_idx"),
        ]

    def __str__(self):
        return self.title


class WageEstimateQuerySet(models.QuerySet):
    def latest_release(self):
        """Estimates of the newest release, in the same query (no separate look-up)."""
        newest = Release.objects.order_by("-reference_date").values("pk")[:1]
        return self.filter(release=models.Subquery(newest))

    def for_occupation(self, code):
        return self.latest_release().filter(occupation__code=code).select_related("release")

    def national(self):
        return self.filter(area__kind=Area.Kind.NATIONAL)

    def national_and_states(self, code):
        """The newest national estimate of occupation `code` (or None) and its states'
        estimates by postal code, in one query."""
        national, states = None, {}
        areas = self.for_occupation(code).filter(
            area__kind__in=[Area.Kind.NATIONAL, *Area.STATE_KINDS]
        )
        for estimate in areas.select_related("area", "occupation"):
            if estimate.area.kind == Area.Kind.NATIONAL:
                national = estimate
            else:
                states[estimate.area.state] = estimate
        return national, states

    def hourly_medians(self, codes):
        """The newest national hourly median of each occupation in `codes` for which BLS
        publishes only hourly wages, by code: what a list shows where no annual median is."""
        if not codes:
            return {}
        estimates = (
            self.latest_release().national().filter(occupation__code__in=codes, hourly_only=True)
        )
        return dict(estimates.values_list("occupation__code", "hourly_median"))

    def national_by_code(self, codes):
        """The newest national estimate of each occupation in `codes`, by SOC code, with its
        release: one query."""
        estimates = (
            self.latest_release()
            .national()
            .filter(occupation__code__in=codes)
            .select_related("release", "occupation")
        )
        return {estimate.occupation.code: estimate for estimate in estimates}

    def metro_areas(self, state):
        return self.filter(area__state=state, area__kind__in=Area.METRO_KINDS)


class WageEstimate(models.Model):
    """
    One occupation in one area in one release, as BLS publishes it.

    A figure BLS does not publish is NULL here, with BLS's marker in `markers`: "*" wage not
    available, "**" employment not available, "#" at or above the top-coding threshold.
    """

    # No index of their own: the release and the occupation are the first columns of the
    # unique constraint and of the index below, and no page looks estimates up by area alone.
    # Every index slows import_oews down.
    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="estimates", db_index=False
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="estimates", db_index=False
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="estimates", db_index=False
    )

    employment = models.PositiveIntegerField(null=True, blank=True)
    employment_rse = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    jobs_per_1000 = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    location_quotient = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    hourly_mean = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    annual_mean = models.PositiveIntegerField(null=True, blank=True)
    mean_rse = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    hourly_p10 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p25 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_median = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p75 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p90 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    annual_p10 = models.PositiveIntegerField(null=True, blank=True)
    annual_p25 = models.PositiveIntegerField(null=True, blank=True)
    annual_median = models.PositiveIntegerField(null=True, blank=True)
    annual_p75 = models.PositiveIntegerField(null=True, blank=True)
    annual_p90 = models.PositiveIntegerField(null=True, blank=True)
    annual_only = models.BooleanField(
        default=False, help_text="BLS publishes only annual wages for this occupation."
    )
    hourly_only = models.BooleanField(
        default=False, help_text="BLS publishes only hourly wages for this occupation."
    )
    markers = models.JSONField(default=dict, blank=True)

    objects = WageEstimateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "occupation", "area"],
                name="salaries_wageestimate_one_per_release_occupation_area",
            ),
        ]
        indexes = [
            # The salary page: one occupation's estimates in every state of a release.
            models.Index(fields=["occupation", "release"], name="salaries_estimate_occ_rel_idx"),
        ]

    def __str__(self):
        return f"{self.occupation.code} in {self.area}, {self.release.name}"
