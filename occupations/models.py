"""
Official occupations: the Standard Occupational Classification (SOC 2018), from the total of
all occupations down to the detailed occupations that careers are made of.

This app knows nothing of guides or wages; the apps built on it do.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.text import slugify


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


class SourceReleaseQuerySet(models.QuerySet):
    def newest_projections(self):
        """BLS's newest Employment Projections, or None before any import."""
        return self.filter(kind=SourceRelease.Kind.PROJECTIONS).order_by("-first_year").first()

    def newest_onet(self):
        """The newest O*NET Database, whose job zones and Bright Outlook list roles keep, or
        None before any import."""
        return self.filter(kind=SourceRelease.Kind.ONET).order_by("-first_year").first()


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

    objects = SourceReleaseQuerySet.as_manager()

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

    def newest_for_each(self, codes):
        """The projection of each occupation in `codes` in its newest release, by code: one
        query, however many codes."""
        newest = {}
        found = self.filter(occupation_id__in=codes).select_related("release")
        for projection in found.order_by("occupation_id", "-release__first_year"):
            newest.setdefault(projection.occupation_id, projection)
        return newest


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
    job_zone = models.ForeignKey(
        "JobZone", to_field="number", null=True, blank=True, on_delete=models.PROTECT,
        related_name="onet_occupations",
    )  # fmt: skip
    bright_outlook = models.CharField(
        max_length=100, blank=True,
        help_text="O*NET's Bright Outlook categories (Rapid Growth; ...); empty if not one.",
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

    @property
    def education_questions(self):
        """Its answers to each education, training and experience question, in the order of
        EducationCategory.Scale, from the prefetched shares when there are."""
        by_scale = {}
        for share in self.education.all():
            by_scale.setdefault(share.category.scale, []).append(share)
        return [
            Question(EducationCategory.Scale(scale), by_scale[scale])
            for scale in EducationCategory.Scale.values
            if scale in by_scale
        ]


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
    """A job title an O*NET occupation is also called by: a reported title My Next Move shows
    (`reported`, the profile page's "Also called"), or one of O*NET's alternate titles, with
    its short form ("Registered Nurse (RN)", short title "RN"). Search finds occupations by
    all of them. The alternate titles of an O*NET specialty (39-9011.01 Nannies) are its
    occupation's (39-9011.00 Childcare Workers)."""

    onet_occupation = models.ForeignKey(
        OnetOccupation, to_field="code", on_delete=models.CASCADE, related_name="titles"
    )
    title = models.CharField(max_length=200)
    short_title = models.CharField(max_length=100, blank=True, help_text="O*NET's: RN, CNA.")
    reported = models.BooleanField(
        default=True, help_text="A reported title My Next Move shows: the page lists it."
    )
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


def reported_titles():
    """The titles of O*NET occupations that pages list, "Also called": the reported ones (a
    prefetch of `titles`)."""
    return models.Prefetch("titles", AlternateTitle.objects.filter(reported=True))


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


class EmergingTask(models.Model):
    """A new task O*NET has been told of for an occupation, not yet among its task statements."""

    onet_occupation = models.ForeignKey(
        OnetOccupation, to_field="code", on_delete=models.CASCADE, related_name="emerging_tasks"
    )
    text = models.TextField()
    reported = models.DateField(help_text="The month O*NET dates it.")
    position = models.PositiveSmallIntegerField(help_text="In O*NET's order.")

    class Meta:
        ordering = ["onet_occupation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["onet_occupation", "text"], name="occupations_one_emerging_task"
            ),
        ]

    def __str__(self):
        return self.text


class Tool(models.Model):
    """A tool (a machine, an instrument, equipment) used in an O*NET occupation."""

    onet_occupation = models.ForeignKey(
        OnetOccupation, to_field="code", on_delete=models.CASCADE, related_name="tools"
    )
    example = models.CharField(max_length=200)
    commodity = models.CharField(max_length=200, help_text="O*NET's commodity title.")
    position = models.PositiveSmallIntegerField(help_text="In O*NET's order.")

    class Meta:
        ordering = ["onet_occupation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["onet_occupation", "example"], name="occupations_one_tool"
            ),
        ]

    def __str__(self):
        return self.example


class JobZone(models.Model):
    """One of O*NET's five job zones, how much preparation occupations need, in O*NET's words."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=200)
    experience = models.TextField()
    education = models.TextField()
    training = models.TextField()
    examples = models.TextField()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.name


class Descriptor(models.Model):
    """
    An element of O*NET's content model that occupations are rated on: a skill, a knowledge
    area, an interest area (RIASEC) or a work style, with O*NET's name and description (from
    the content model reference of its release).
    """

    class Domain(models.TextChoices):
        SKILL = "skill", "Skill"
        KNOWLEDGE = "knowledge", "Knowledge"
        INTEREST = "interest", "Interest"
        WORK_STYLE = "work_style", "Work style"

    element_id = models.CharField("O*NET element ID", max_length=20, unique=True)
    domain = models.CharField(max_length=12, choices=Domain)
    name = models.CharField(max_length=150)
    description = models.TextField()
    release = models.ForeignKey(
        SourceRelease, on_delete=models.CASCADE, related_name="descriptors"
    )

    class Meta:
        ordering = ["element_id"]

    def __str__(self):
        return self.name


class EducationCategory(models.Model):
    """One answer of an O*NET education, training or experience question, in O*NET's words."""

    class Scale(models.TextChoices):
        # The values are O*NET's scale IDs, in the order the page shows them.
        EDUCATION = "RL", "Required level of education"
        EXPERIENCE = "RW", "Related work experience"
        ON_SITE = "PT", "On-site or in-plant training"
        ON_THE_JOB = "OJ", "On-the-job training"

    scale = models.CharField(max_length=2, choices=Scale)
    number = models.PositiveSmallIntegerField(help_text="O*NET's category number.")
    description = models.TextField()

    class Meta:
        ordering = ["scale", "number"]
        verbose_name_plural = "education categories"
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "number"], name="occupations_one_education_category"
            ),
        ]

    def __str__(self):
        return f"{self.scale} {self.number}: {self.description}"

    @property
    def label(self):
        """The description up to its explanation: "Post-Secondary Certificate"."""
        return self.description.split(" - ")[0]


class EducationShare(models.Model):
    """The percentage of an O*NET occupation's respondents who gave one answer (a category)."""

    class Respondents(models.TextChoices):
        INCUMBENT = "Incumbent", "workers in the occupation"
        EXPERT = "Occupational Expert", "occupational experts"

    onet_occupation = models.ForeignKey(
        OnetOccupation, to_field="code", on_delete=models.CASCADE, related_name="education"
    )
    category = models.ForeignKey(EducationCategory, on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(max_digits=5, decimal_places=2)
    respondents = models.CharField(max_length=20, choices=Respondents)
    surveyed = models.DateField(help_text="The month O*NET dates the answers.")

    class Meta:
        ordering = ["onet_occupation", "category__scale", "category__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["onet_occupation", "category"], name="occupations_one_education_share"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100),
                name="occupations_education_share_percent",
            ),
        ]

    def __str__(self):
        return f"{self.onet_occupation_id}, {self.category}: {self.display}"

    @property
    def display(self):
        """The share as O*NET gives it, without trailing zeros: 40.59%, 36.4%, 0%."""
        return f"{self.percent.normalize():f}%"


@dataclass(frozen=True)
class Question:
    """One education, training or experience question of an O*NET occupation, its answers'
    shares in category order; the same respondents and survey month for all of them."""

    scale: EducationCategory.Scale
    shares: list

    @property
    def respondents(self):
        return self.shares[0].get_respondents_display()

    @property
    def surveyed(self):
        return self.shares[0].surveyed

    @property
    def chart_rows(self):
        """(label, value, display) for salaries.charts.bar_chart."""
        return [(share.category.label, share.percent, share.display) for share in self.shares]


class RelatedOccupation(models.Model):
    """An occupation O*NET finds related to an O*NET occupation, with its place in O*NET's list
    and, through the crosswalk, the wage data's occupation it belongs to."""

    class Tier(models.TextChoices):
        PRIMARY_SHORT = "Primary-Short", "Most related"
        PRIMARY_LONG = "Primary-Long", "Related"
        SUPPLEMENTAL = "Supplemental", "Supplemental"

    onet_occupation = models.ForeignKey(
        OnetOccupation, to_field="code", on_delete=models.CASCADE, related_name="related"
    )
    code = models.CharField("related O*NET-SOC code", max_length=10)
    title = models.CharField(max_length=200, help_text="O*NET's title of the related one.")
    occupation = models.ForeignKey(
        Occupation, to_field="code", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="The wage data's occupation it belongs to, if any.",
    )  # fmt: skip
    tier = models.CharField(max_length=13, choices=Tier)
    index = models.PositiveSmallIntegerField(help_text="Its place in O*NET's list.")

    class Meta:
        ordering = ["onet_occupation", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["onet_occupation", "code"], name="occupations_one_related_occupation"
            ),
        ]

    def __str__(self):
        return f"{self.onet_occupation_id} → {self.code} {self.title}"


class OnetRating(models.Model):
    """What O*NET's ratings share: the element of the content model rated, the release, and
    the month O*NET rated it."""

    descriptor = models.ForeignKey(
        Descriptor, to_field="element_id", on_delete=models.CASCADE, related_name="+"
    )
    release = models.ForeignKey(SourceRelease, on_delete=models.CASCADE, related_name="+")
    rated_in = models.DateField(help_text="The month of O*NET's rating (its first day).")

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.onet_occupation_id}, {self.descriptor_id}"


class SkillRating(OnetRating):
    """
    How important a skill or knowledge area is in an O*NET occupation (importance, 1 to 5) and
    the level it takes (0 to 7), with O*NET's flags kept: a figure O*NET recommends suppressing
    (of low precision) and a level O*NET marks not relevant are not shown.
    """

    onet_occupation = models.ForeignKey(
        OnetOccupation, to_field="code", on_delete=models.CASCADE, related_name="skill_ratings"
    )
    importance = models.DecimalField(max_digits=3, decimal_places=2)
    importance_suppressed = models.BooleanField(
        default=False, help_text="O*NET recommends suppressing the importance."
    )
    level = models.DecimalField(max_digits=3, decimal_places=2)
    level_suppressed = models.BooleanField(
        default=False, help_text="O*NET recommends suppressing the level."
    )
    level_not_relevant = models.BooleanField(
        default=False, help_text="O*NET marks the level not relevant to the occupation."
    )

    class Meta:
        ordering = ["onet_occupation", "-importance", "descriptor"]
        constraints = [
            models.UniqueConstraint(
                fields=["onet_occupation", "descriptor"], name="occupations_one_skill_rating"
            ),
            models.CheckConstraint(
                condition=models.Q(importance__gte=1, importance__lte=5),
                name="occupations_skill_importance_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=0, level__lte=7),
                name="occupations_skill_level_0_to_7",
            ),
        ]

    @property
    def level_shown(self):
        return not (self.level_suppressed or self.level_not_relevant)


class InterestScore(OnetRating):
    """
    How well an interest area (RIASEC) describes an O*NET occupation's work (1 to 7), and its
    place in the occupation's high-point code (first, second, third), if it has one.
    """

    onet_occupation = models.ForeignKey(
        OnetOccupation, to_field="code", on_delete=models.CASCADE, related_name="interests"
    )
    score = models.DecimalField(max_digits=3, decimal_places=2)
    high_point = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1, 2 or 3: its place in the high-point code."
    )

    class Meta:
        ordering = ["onet_occupation", "-score", "descriptor"]
        constraints = [
            models.UniqueConstraint(
                fields=["onet_occupation", "descriptor"], name="occupations_one_interest_score"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=7),
                name="occupations_interest_score_1_to_7",
            ),
        ]


class WorkStyleRating(OnetRating):
    """A work style's impact in an O*NET occupation, from -3 to +3 (O*NET's Work Styles Impact,
    the model O*NET 30.0 introduced)."""

    onet_occupation = models.ForeignKey(
        OnetOccupation, to_field="code", on_delete=models.CASCADE, related_name="work_styles"
    )
    impact = models.DecimalField(max_digits=3, decimal_places=2)

    class Meta:
        ordering = ["onet_occupation", "-impact", "descriptor"]
        constraints = [
            models.UniqueConstraint(
                fields=["onet_occupation", "descriptor"], name="occupations_one_work_style"
            ),
            models.CheckConstraint(
                condition=models.Q(impact__gte=-3, impact__lte=3),
                name="occupations_work_style_impact_within_3",
            ),
        ]


class CareerCluster(models.Model):
    """A career cluster of O*NET's legacy framework: the 16 clusters O*NET OnLine showed in 2023
    (not the 2024 framework that replaced them), each with the occupations in it. A grouping of
    occupations by field, offered with that caveat."""

    name = models.CharField(max_length=100, unique=True)
    # 1 to 16, by name: each role keeps its clusters as one number, a bit per cluster
    # (Role.official_clusters), so that the careers list counts them in its grouped query.
    number = models.PositiveSmallIntegerField(unique=True)
    bit = models.PositiveIntegerField(unique=True, help_text="2 to the power of number - 1.")
    occupations = models.ManyToManyField(Occupation, related_name="career_clusters", blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=30),
                name="occupations_cluster_number_a_bit",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def slug(self):
        """Its name in addresses: its page's, and the careers list's `cluster` filter's."""
        return slugify(self.name)
