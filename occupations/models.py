"""
Official occupations: the Standard Occupational Classification (SOC 2018), from the total of
all occupations down to the detailed occupations that careers are made of.

This app knows nothing of guides or wages; the apps built on it do.
"""

from django.db import models


class OccupationQuerySet(models.QuerySet):
    def detailed(self):
        """The detailed occupations: the jobs that careers are made of."""
        return self.filter(group=Occupation.Group.DETAILED)

    def groups(self):
        """The major, minor and broad groups: the occupation tree people browse."""
        return self.filter(group__in=Occupation.TREE_GROUPS)

    def with_lineage(self):
        """With the groups above each row fetched in the same query, for `lineage`."""
        return self.select_related("parent__parent__parent")

    def below(self, group):
        """Every row under `group` (a broad group is at most three levels above its
        detailed occupations), in one query."""
        return self.filter(
            models.Q(parent=group) | models.Q(parent__parent=group)
            | models.Q(parent__parent__parent=group)
        )  # fmt: skip


class Occupation(models.Model):
    """An occupation of the Standard Occupational Classification (SOC), at any group level.

    The wage data's summary rows (the total, major, minor and broad groups) are the tree that
    people browse; only the detailed occupations are careers."""

    class Group(models.TextChoices):
        TOTAL = "total", "All occupations"
        MAJOR = "major", "Major group"
        MINOR = "minor", "Minor group"
        BROAD = "broad", "Broad occupation"
        DETAILED = "detailed", "Detailed occupation"

    TREE_GROUPS = [Group.MAJOR, Group.MINOR, Group.BROAD]
    TOTAL_CODE = "00-0000"

    code = models.CharField("SOC code", max_length=7, unique=True)
    title = models.CharField(max_length=200)
    group = models.CharField(max_length=10, choices=Group)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    national_annual_median = models.PositiveIntegerField(
        null=True, blank=True, editable=False,
        help_text="From the newest wage release; import_oews keeps it, for the pay filters.",
    )  # fmt: skip

    objects = OccupationQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        indexes = [
            # The careers list's pay filters and pay sorting.
            models.Index(fields=["national_annual_median"], name="occupations_median_idx"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def lineage(self):
        """The groups above it, the major group first (not the total of all occupations): its
        breadcrumb. Fetched with it by `with_lineage()`; it stops at the major group, so that
        no further query is made."""
        groups, parent = [], self.parent
        while parent is not None and parent.group != self.Group.TOTAL:
            groups.insert(0, parent)
            if parent.group == self.Group.MAJOR:
                break
            parent = parent.parent
        return groups


class SourceRelease(models.Model):
    """
    One release of an official data set about occupations (wages are the salaries app's): BLS
    Employment Projections 2024-34, the 2018 SOC's definitions, or the O*NET 30.1 Database.
    Every figure and text imported from it points here, for its source and date.
    """

    class Kind(models.TextChoices):
        PROJECTIONS = "projections", "BLS Employment Projections"
        SOC = "soc", "Standard Occupational Classification"
        ONET = "onet", "O*NET Database"

    kind = models.CharField(max_length=20, choices=Kind)
    name = models.CharField(
        max_length=20, help_text="As its publisher names it: 2024-34, 2018, 30.1."
    )
    first_year = models.PositiveSmallIntegerField(help_text="The base year, or the SOC's year.")
    last_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year projected to; empty for the SOC."
    )
    published_on = models.DateField(null=True, blank=True)
    credit = models.CharField(max_length=200, help_text="The credit line BLS asks for.")

    class Meta:
        ordering = ["kind", "-first_year"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="occupations_one_release_name"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"

    @property
    def edition(self):
        """Which release and when, as the source line under its figures says it (the credit
        names the SOC's year already): "Projections 2024-34, published 28 August 2025"."""
        parts = [f"Projections {self.name}"] if self.last_year else []
        if self.published_on:
            parts.append(f"published {self.published_on.day} {self.published_on:%B %Y}")
        return ", ".join(parts)


class ProjectionQuerySet(models.QuerySet):
    def newest_for(self, code):
        """The projection of occupation `code` in the newest release, or None: one query."""
        return (
            self.filter(occupation_id=code)
            .select_related("release")
            .order_by("-release__first_year")
            .first()
        )


class Projection(models.Model):
    """
    One occupation's BLS employment projection: employment in the base year and the year
    projected to, the change, openings a year (in thousands, as BLS publishes them), and what
    it takes to enter the occupation.
    """

    release = models.ForeignKey(
        SourceRelease, on_delete=models.CASCADE, related_name="projections"
    )
    occupation = models.ForeignKey(
        Occupation, to_field="code", on_delete=models.CASCADE, related_name="projections"
    )
    employment_start = models.DecimalField(
        max_digits=9, decimal_places=1, help_text="Thousands, in the release's base year."
    )
    employment_end = models.DecimalField(
        max_digits=9, decimal_places=1, help_text="Thousands, in the year projected to."
    )
    change = models.DecimalField(max_digits=9, decimal_places=1, help_text="Thousands.")
    change_percent = models.DecimalField(max_digits=6, decimal_places=1)
    openings = models.DecimalField(
        max_digits=9, decimal_places=1, help_text="Thousands a year, on average."
    )
    entry_education = models.CharField(max_length=100, blank=True)
    work_experience = models.CharField(max_length=100, blank=True)
    job_training = models.CharField(max_length=100, blank=True)
    reason = models.TextField(blank=True, help_text="BLS's sentence on why employment changes.")
    handbook_url = models.URLField(max_length=300, blank=True)

    objects = ProjectionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "occupation"], name="occupations_one_projection_per_release"
            ),
        ]

    def __str__(self):
        return f"{self.occupation_id}, {self.release}"

    @property
    def jobs_start(self):
        return _jobs(self.employment_start)

    @property
    def jobs_end(self):
        return _jobs(self.employment_end)

    @property
    def jobs_change(self):
        return _jobs(self.change)

    @property
    def openings_a_year(self):
        return _jobs(self.openings)

    @property
    def direction(self):
        """The change in plain words: the figure's sign, no more."""
        if self.change_percent > 0:
            return "grow"
        if self.change_percent < 0:
            return "decline"
        return "stay the same"


def _jobs(thousands):
    return int(thousands * 1000)


class Definition(models.Model):
    """What an occupation is, in the SOC's words."""

    occupation = models.OneToOneField(
        Occupation, to_field="code", on_delete=models.CASCADE, related_name="definition"
    )
    release = models.ForeignKey(
        SourceRelease, on_delete=models.CASCADE, related_name="definitions"
    )
    text = models.TextField()

    def __str__(self):
        return f"{self.occupation_id}, {self.release}"


class OnetOccupation(models.Model):
    """
    An occupation as the O*NET Database describes it (XX-XXXX.XX). Most are one SOC occupation;
    an occupation the wage data combines (31-1120 Home Health and Personal Care Aides) is
    several of these, joined to it by the O*NET crosswalk (`occupations`).
    """

    code = models.CharField("O*NET-SOC code", max_length=10, unique=True)
    title = models.CharField(max_length=200)
    release = models.ForeignKey(
        SourceRelease, on_delete=models.CASCADE, related_name="onet_occupations"
    )
    occupations = models.ManyToManyField(
        Occupation, related_name="onet_occupations", blank=True,
        help_text="The crosswalk: the wage data's occupations this one describes.",
    )  # fmt: skip

    class Meta:
        ordering = ["code"]
        verbose_name = "O*NET occupation"

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def hot_technologies(self):
        """Its hot technologies, from the prefetched technologies when there are."""
        return [technology for technology in self.technologies.all() if technology.hot]


class Task(models.Model):
    """A task statement of an O*NET occupation; core tasks first, then supplemental ones."""

    class Kind(models.TextChoices):
        CORE = "core", "Core"
        SUPPLEMENTAL = "supplemental", "Supplemental"
        UNRATED = "", "Not rated"

    onet_occupation = models.ForeignKey(
        OnetOccupation, to_field="code", on_delete=models.CASCADE, related_name="tasks"
    )
    task_id = models.PositiveIntegerField("O*NET task ID")
    text = models.TextField()
    kind = models.CharField(max_length=12, choices=Kind, blank=True)
    position = models.PositiveSmallIntegerField(help_text="Core first, then in O*NET's order.")

    class Meta:
        ordering = ["onet_occupation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["onet_occupation", "task_id"], name="occupations_one_task_id"
            ),
        ]

    def __str__(self):
        return self.text


class AlternateTitle(models.Model):
    """A job title an O*NET occupation is also called by: the reported titles O*NET shows."""

    onet_occupation = models.ForeignKey(
        OnetOccupation, to_field="code", on_delete=models.CASCADE, related_name="titles"
    )
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["onet_occupation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["onet_occupation", "title"], name="occupations_one_alternate_title"
            ),
        ]

    def __str__(self):
        return self.title


class Technology(models.Model):
    """A technology (software, mostly) used in an O*NET occupation, by its kind (commodity)."""

    onet_occupation = models.ForeignKey(
        OnetOccupation, to_field="code", on_delete=models.CASCADE, related_name="technologies"
    )
    example = models.CharField(max_length=200)
    commodity = models.CharField(max_length=200, help_text="O*NET's commodity title.")
    hot = models.BooleanField(
        default=False, help_text="A hot technology: often named in employers' job postings."
    )

    class Meta:
        ordering = ["onet_occupation", "commodity", "example"]
        verbose_name_plural = "technologies"
        constraints = [
            models.UniqueConstraint(
                fields=["onet_occupation", "example"], name="occupations_one_technology"
            ),
        ]

    def __str__(self):
        return self.example
