"""
A career guide: the role with its key facts, and every part of the guide as its own model.

Lists that readers scan, filter or compare (responsibilities, skills, steps, career levels,
FAQs, pros and cons, related roles, industries) are rows with an `order`; prose sections are
Markdown, rendered to sanitised HTML when saved. The guide's own pay figures (by career level
and by country) carry their currency, source and year; official figures live in the salaries
app.
"""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from careerguide import catalogue
from careerguide.text import with_stored_line_ends
from guides.markdown import render_markdown
from guides.search import VECTOR, RoleSearchVector
from occupations.models import (
    AlternateTitle,
    CareerCluster,
    Occupation,
    OnetOccupation,
    Projection,
)
from salaries.currency import validate_currency
from salaries.models import WageEstimate


def _also_update(save_kwargs, *fields):
    """A save limited by update_fields also writes the fields that save() derives."""
    if save_kwargs.get("update_fields") is not None:
        save_kwargs["update_fields"] = {*save_kwargs["update_fields"], *fields}


def official_titles(codes):
    """The other names of each occupation in `codes` as Role.official_titles stores them: its
    O*NET occupations' reported and alternate titles, each followed by its short form (RN),
    once each, one per line. One query."""
    lines = {}
    found = AlternateTitle.objects.filter(onet_occupation__occupations__code__in=codes)
    for code, title, short in found.order_by("onet_occupation", "position").values_list(
        "onet_occupation__occupations__code", "title", "short_title"
    ):
        lines.setdefault(code, {}).update(dict.fromkeys(filter(None, (title, short))))
    return {code: "\n".join(names) for code, names in lines.items()}


# A written guide: editors wrote its introduction. Generated demo roles are never guides.
GUIDE_WRITTEN = ~Q(introduction="") & Q(is_demo=False)
HAS_GUIDE = Q(guide_written=True)


def _newest(code, figure):
    """A figure of the newest projection (BLS) of the occupation whose code is the outer
    query's `code`: a subquery."""
    return models.Subquery(
        Projection.objects.filter(occupation_id=models.OuterRef(code))
        .order_by("-release__first_year")
        .values(figure)[:1]
    )


def _onet_of(code):
    """The O*NET occupations of the outer query's occupation `code` (one, or several for an
    occupation the wage data combines)."""
    return OnetOccupation.objects.filter(occupations__code=models.OuterRef(code))


def official_figures(code):
    """What the careers list filters, counts and sorts by, for every role: each Role field that
    copies an official figure, as an expression on the occupation whose code is the outer
    query's `code`. Role.save and refresh_official_figures both read them here."""
    occupation = Occupation.objects.filter(code=models.OuterRef(code))
    # BLS's words for the typical entry education, as the list's (and editors') categories.
    education = models.Case(
        *(models.When(entry_education=label, then=models.Value(value))
          for value, label in EducationLevel.choices),
        default=models.Value(""),
    )  # fmt: skip
    minor = models.Case(
        models.When(parent__group=Occupation.Group.MINOR, then="parent__code"),
        models.When(parent__parent__group=Occupation.Group.MINOR, then="parent__parent__code"),
        default=models.Value(""),
    )
    broad = models.Case(
        models.When(parent__group=Occupation.Group.BROAD, then="parent__code"),
        default=models.Value(""),
    )
    return {
        "official_median": models.Subquery(occupation.values("national_annual_median")[:1]),
        "official_growth": _newest(code, "change_percent"),
        "official_openings": _newest(code, "openings"),
        "official_education": Coalesce(
            models.Subquery(
                Projection.objects.filter(occupation_id=models.OuterRef(code))
                .order_by("-release__first_year")
                .annotate(level=education)
                .values("level")[:1]
            ),
            models.Value(""),
        ),
        # The first O*NET occupation's zone when the wage data combines several.
        "official_job_zone": models.Subquery(
            _onet_of(code).exclude(job_zone=None).order_by("code").values("job_zone")[:1]
        ),
        "official_bright_outlook": models.Exists(_onet_of(code).exclude(bright_outlook="")),
        "official_minor_group": Coalesce(
            models.Subquery(occupation.annotate(minor=minor).values("minor")[:1]),
            models.Value(""),
        ),
        # The sum of distinct bits is their OR: an occupation is in a cluster once.
        "official_clusters": Coalesce(
            models.Subquery(
                CareerCluster.objects.filter(occupations__code=models.OuterRef(code))
                .order_by()  # grouped as one row: no ordering by name
                .annotate(one=models.Value(1))
                .values("one")
                .annotate(bits=models.Sum("bit"))
                .values("bits")[:1]
            ),
            models.Value(0),
            output_field=models.PositiveIntegerField(),
        ),
        "official_broad_group": Coalesce(
            models.Subquery(occupation.annotate(broad=broad).values("broad")[:1]),
            models.Value(""),
        ),
    }


class RoleQuerySet(models.QuerySet):
    def published(self):
        """Roles the public may see: published, with a publication time that has passed."""
        return self.filter(status=Role.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """What `user` may open by URL: published roles, or every role for those who may
        preview (the page then says it is a preview)."""
        if user.has_perm("guides.preview_role"):
            return self.all()
        return self.published()

    def with_guide(self):
        """Roles whose guide has been written (not only an occupation's data page)."""
        return self.filter(HAS_GUIDE)

    def next_publication(self):
        """When the next guide scheduled to go public does so, or None."""
        return (
            self.filter(status=Role.Status.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def refresh_official_titles(self):
        """Copy onto each role (demo ones aside) its occupation's other names, for search: after
        an import of O*NET's titles. Only the roles whose copy differs are written; returns how
        many."""
        roles = self.filter(is_demo=False).exclude(occupation=None)
        names = official_titles(set(roles.values_list("occupation_id", flat=True)))
        stale = [
            Role(pk=pk, official_titles=names.get(code, ""))
            for pk, code, stored in roles.values_list("pk", "occupation_id", "official_titles")
            if names.get(code, "") != stored
        ]
        self.bulk_update(stale, ["official_titles"], batch_size=500)
        if stale:
            catalogue.changed()
        return len(stale)

    def refresh_official_figures(self):
        """Copy onto each role the official figures the list filters, counts and sorts by (see
        official_figures()): after any import of official data. Only the roles whose copy
        differs are written. Returns how many writes were made."""
        updated = 0
        for field, current in official_figures("occupation_id").items():
            stale = self.annotate(current=current).filter(
                Q(**{f"{field}__lt": models.F("current")})
                | Q(**{f"{field}__gt": models.F("current")})
                | Q(**{field: None, "current__isnull": False})
                | Q(**{f"{field}__isnull": False, "current": None})
            )
            updated += self.filter(pk__in=stale.values("pk")).update(**{field: current})
        if updated:
            catalogue.changed()
        return updated

    def cover_occupations(self):
        """Give every detailed occupation that no role names a published role of its own, its
        page of official figures; returns how many were created. The summary rows (groups of
        occupations) get none: they are the occupation tree's pages. A related career that is
        only a name does not count: the guides that name it link to its occupation's page."""
        pages = Q(status=Role.Status.PUBLISHED) | HAS_GUIDE
        named = self.exclude(occupation=None).filter(pages).values("occupation_id")
        occupations = Occupation.objects.detailed().exclude(code__in=named)
        # An address that still leads somewhere (an old slug, a retired page) is taken too.
        taken = {
            *self.values_list("slug", flat=True),
            *SlugHistory.objects.values_list("slug", flat=True),
            *RetiredAddress.objects.values_list("slug", flat=True),
        }
        now = timezone.now()
        new = []
        for occupation in occupations.order_by("code"):
            slug = slugify(occupation.title)[:180] or occupation.code
            if slug in taken:
                slug = f"{slug}-{occupation.code}"
            taken.add(slug)
            new.append(
                Role(
                    title=occupation.title,
                    slug=slug,
                    status=Role.Status.PUBLISHED,
                    published_at=now,
                    occupation=occupation,
                    official_median=occupation.national_annual_median,
                )
            )
        self.bulk_create(new, batch_size=500)
        if new:
            catalogue.changed()
        return len(new)

    def retire(self):
        """Delete these roles; each of their addresses, and their old ones, then leads to
        their occupation's page in the occupation tree, for good. Returns how many."""
        roles = dict(self.values_list("pk", "occupation_id"))
        if not roles:
            return 0
        addresses = [
            RetiredAddress(slug=slug, occupation_code=roles[pk])
            for pk, slug in [
                *Role.objects.filter(pk__in=roles).values_list("pk", "slug"),
                *SlugHistory.objects.filter(role__in=roles).values_list("role", "slug"),
            ]
        ]
        RetiredAddress.objects.bulk_create(
            addresses, update_conflicts=True, unique_fields=["slug"],
            update_fields=["occupation_code"],
        )  # fmt: skip
        Role.objects.filter(pk__in=roles).delete()
        catalogue.changed()
        return len(roles)

    def of_summary_rows(self):
        """Roles naming a summary row of the wage data (the total, a major, minor or broad
        group) rather than a detailed occupation."""
        return self.filter(
            occupation__in=Occupation.objects.exclude(group=Occupation.Group.DETAILED)
        )


# Control characters but tab and line breaks: invisible to readers, often pasted in from word
# processors, and not allowed in XML (the feed).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text):
    return _CONTROL.sub("", text)


class PlainText(models.Model):
    """Text fields are cleaned of control characters, and their line ends made LF, when the
    row is validated: in the admin and on every import, before it is saved."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    text = without_control_characters(with_stored_line_ends(value))
                    setattr(self, field.attname, text)
        super().clean_fields(exclude)


class Industry(PlainText):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "industries"

    def __str__(self):
        return self.name


class EducationLevel(models.TextChoices):
    """The typical education to enter a role, in BLS's categories, lowest first."""

    NONE = "none", "No formal educational credential"
    HIGH_SCHOOL = "high_school", "High school diploma or equivalent"
    POSTSECONDARY = "postsecondary", "Postsecondary nondegree award"
    SOME_COLLEGE = "some_college", "Some college, no degree"
    ASSOCIATE = "associate", "Associate's degree"
    BACHELOR = "bachelor", "Bachelor's degree"
    MASTER = "master", "Master's degree"
    DOCTORAL = "doctoral", "Doctoral or professional degree"


class Role(PlainText):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="The public sees the guide from this time on."
    )
    alternative_titles = models.TextField(
        blank=True, help_text="Other names job posts use for the role, one per line."
    )
    introduction = models.TextField(blank=True, help_text="Markdown.")
    introduction_html = models.TextField(blank=True, editable=False)
    education_level = models.CharField(
        "typical education level", max_length=20, choices=EducationLevel, blank=True,
        help_text="For filtering; the typical education text below says it in full.",
    )  # fmt: skip
    official_median = models.PositiveIntegerField(
        null=True, blank=True, editable=False,
        help_text="The occupation's national median annual wage (newest release), for the list.",
    )  # fmt: skip
    official_growth = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True, editable=False,
        help_text="The occupation's projected change in employment, % (BLS's newest "
        "projections), which the list filters and sorts by: never the guide's own figure.",
    )  # fmt: skip
    # More of the occupation's official figures, copied for the list's filters and counts.
    official_education = models.CharField(
        max_length=20, choices=EducationLevel, blank=True, editable=False,
        help_text="BLS's typical education to enter the occupation (newest projections).",
    )  # fmt: skip
    official_openings = models.DecimalField(
        max_digits=9, decimal_places=1, null=True, blank=True, editable=False,
        help_text="The occupation's openings a year, in thousands (BLS's newest projections).",
    )  # fmt: skip
    official_job_zone = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, help_text="O*NET's job zone, 1 to 5."
    )
    official_bright_outlook = models.BooleanField(
        default=False, editable=False, help_text="On O*NET's Bright Outlook list."
    )
    official_minor_group = models.CharField(
        max_length=7, blank=True, editable=False, help_text="The SOC minor group's code."
    )
    official_broad_group = models.CharField(
        max_length=7, blank=True, editable=False, help_text="The SOC broad occupation's code."
    )
    official_clusters = models.PositiveIntegerField(
        default=0, editable=False,
        help_text="O*NET's legacy career clusters of the occupation, as the sum of their bits.",
    )  # fmt: skip
    is_demo = models.BooleanField(
        default=False, editable=False, help_text="Generated for load tests; never content."
    )
    # Stored so that the careers list can count from an index, not the wide rows: the SOC
    # major group (the code's first two digits) and whether the guide is written.
    soc_major_group = models.GeneratedField(
        expression=Substr("occupation", 1, 2),
        output_field=models.CharField(max_length=2),
        db_persist=True,
    )
    guide_written = models.GeneratedField(
        expression=models.ExpressionWrapper(GUIDE_WRITTEN, output_field=models.BooleanField()),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    search_body = models.TextField(
        blank=True, editable=False, help_text="Skills, responsibilities and prose, for search."
    )
    official_titles = models.TextField(
        blank=True, editable=False,
        help_text="The occupation's other names in O*NET (reported and alternate titles, short "
        "forms), one per line, for search; sync_careers and save() keep it.",
    )  # fmt: skip
    search_vector = models.GeneratedField(
        expression=RoleSearchVector(*VECTOR), output_field=SearchVectorField(), db_persist=True
    )

    # Key facts, each with its source as the guide states it.
    median_pay = models.PositiveIntegerField(
        null=True, blank=True, help_text="Whole units of the currency, per year."
    )
    median_pay_currency = models.CharField(
        max_length=3, default="USD", validators=[validate_currency]
    )
    median_pay_source = models.CharField(max_length=300, blank=True)
    median_pay_year = models.PositiveSmallIntegerField(null=True, blank=True)
    pay_range_low = models.PositiveIntegerField(null=True, blank=True)
    pay_range_high = models.PositiveIntegerField(null=True, blank=True)
    pay_range_open_ended = models.BooleanField(
        default=False, help_text="The range's top is shown with a plus: $60,000+."
    )
    growth_percent = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True,
        help_text="Projected change in employment; negative for a decline.",
    )  # fmt: skip
    growth_label = models.CharField(max_length=100, blank=True)
    growth_period_start = models.PositiveSmallIntegerField(null=True, blank=True)
    growth_period_end = models.PositiveSmallIntegerField(null=True, blank=True)
    growth_source = models.CharField(max_length=300, blank=True)
    annual_openings = models.PositiveIntegerField(null=True, blank=True)
    annual_openings_approximate = models.BooleanField(default=False)
    annual_openings_source = models.CharField(max_length=300, blank=True)
    typical_education = models.TextField(blank=True)
    # By SOC code and without a database constraint, so that a guide can name its occupation
    # before (or without) the official data being imported.
    occupation = models.ForeignKey(
        Occupation,
        to_field="code",
        db_constraint=False,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="roles",
        verbose_name="occupation (SOC code)",
        help_text="The official occupation whose wage estimates the page shows, e.g. 43-9061.",
    )
    industries = models.ManyToManyField(
        Industry, through="RoleIndustry", related_name="roles", blank=True
    )

    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When an editor last checked the whole guide."
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        permissions = [
            ("preview_role", "Can preview guides that are not published"),
            ("publish_role", "Can publish, schedule and unpublish guides"),
            ("review_role", "Can mark guides reviewed"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                # Django's own message, shown at the slug field.
                name="guides_role_slug_unique",
            ),
            models.CheckConstraint(
                condition=Q(pay_range_low__lte=F("pay_range_high")),
                name="guides_role_pay_range_low_lte_high",
                violation_error_message="The low end of the pay range is above the high end.",
            ),
            models.CheckConstraint(
                condition=Q(growth_period_start__lte=F("growth_period_end")),
                name="guides_role_growth_period_ordered",
                violation_error_message="The growth period ends before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(median_pay__gte=0)
                & Q(pay_range_low__gte=0)
                & Q(pay_range_high__gte=0)
                & Q(annual_openings__gte=0),
                name="guides_role_figures_nonnegative",
                violation_error_message="Pay and openings cannot be negative.",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="guides_role_published_has_time",
                violation_error_message="A published guide needs a publication time.",
            ),
        ]
        indexes = [
            # Role.objects.published(), used by every public page.
            models.Index(fields=["status", "published_at"], name="guides_role_published_idx"),
            # The careers list in title order (browsing, and deep pages of it).
            models.Index(fields=["title"], name="guides_role_title_idx"),
            # The careers list's pay filters and pay sorting.
            models.Index(fields=["official_median", "title"], name="guides_role_median_idx"),
            models.Index(fields=["official_growth", "title"], name="guides_role_growth_idx"),
            models.Index(fields=["official_openings", "title"], name="guides_role_openings_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._stamp_publication_time()
        previous_slug = (
            Role.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if self.pk is not None
            else None
        )
        self.introduction_html = render_markdown(self.introduction)
        figures = official_figures("code")
        official = None
        if self.occupation_id:  # the official figures the list reads, in one query
            official = (
                Occupation.objects.filter(code=self.occupation_id)
                .values_list(*figures.values())
                .first()
            )
        for position, field in enumerate(figures):
            default = self._meta.get_field(field).get_default()  # without an occupation
            setattr(self, field, official[position] if official else default)
        # The occupation's other names, for search: an editor may have changed the occupation.
        names = official_titles([self.occupation_id]) if self.occupation_id else {}
        self.official_titles = names.get(self.occupation_id, "")
        _also_update(kwargs, "introduction_html", "published_at", *figures, "official_titles")
        super().save(*args, **kwargs)
        self._remember_slug(previous_slug)

    def get_absolute_url(self):
        return reverse("careers:detail", kwargs={"slug": self.slug})

    def _remember_slug(self, previous_slug):
        """The old address keeps working: it redirects here, however often the slug changes."""
        if previous_slug == self.slug:
            return
        SlugHistory.objects.filter(slug=self.slug).delete()  # this role's address now
        if previous_slug:
            SlugHistory.objects.update_or_create(slug=previous_slug, defaults={"role": self})

    def refresh_search_body(self):
        """Store the text that search looks through besides the title: the official occupation's
        title and the guide's parts. Called after they change (admin, load_guides)."""
        # By code: the occupation may not have been imported yet.
        occupation = Occupation.objects.filter(code=self.occupation_id)
        parts = [
            *occupation.values_list("title", flat=True),
            *self.responsibilities.values_list("text", flat=True),
            *self.skills.values_list("name", "text"),
            *self.sections.values_list("body", flat=True),
        ]
        text = "\n".join(" ".join(part) if isinstance(part, tuple) else part for part in parts)
        Role.objects.filter(pk=self.pk).update(search_body=text)
        self.search_body = text

    def clean(self):
        self._stamp_publication_time()
        errors = {}
        if self.pay_range_low is not None and self.pay_range_high is not None:
            if self.pay_range_low > self.pay_range_high:
                errors["pay_range_high"] = "The low end of the pay range is above the high end."
        if self.growth_period_start and self.growth_period_end:
            if self.growth_period_start > self.growth_period_end:
                errors["growth_period_end"] = "The growth period ends before it starts."
        # A figure is only as good as its source: each one needs it, and pay needs its year.
        sourced = [
            ("median_pay", "median_pay_source", "the median pay"),
            ("growth_percent", "growth_source", "the growth figure"),
            ("annual_openings", "annual_openings_source", "the annual openings"),
        ]
        for figure, source, name in sourced:
            if getattr(self, figure) is not None and not getattr(self, source).strip():
                errors[source] = f"Give the source of {name}."
        if self.median_pay is not None and self.median_pay_year is None:
            errors["median_pay_year"] = "Give the year of the median pay."
        if errors:
            raise ValidationError(errors)

    def _stamp_publication_time(self):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def national_estimate(self):
        """The newest official national wage estimate of the role's occupation, or None."""
        if not self.occupation_id:
            return None
        estimates = WageEstimate.objects.for_occupation(self.occupation_id).national()
        return estimates.select_related("occupation", "area").first()

    def median_pay_older_than(self, release):
        """Whether the guide's own median salary predates the wage estimates `release`: its
        year is earlier than the release's, or is not given."""
        return (self.median_pay_year or 0) < release.reference_date.year

    def outlook_older_than(self, release):
        """Whether the guide's own growth and openings predate the projections `release`: the
        period they are for starts before its base year, or is not given."""
        return (self.growth_period_start or 0) < release.first_year

    @property
    def has_guide(self):
        """Whether editors have written a guide, or the role is an occupation's data page."""
        return bool(self.introduction) and not self.is_demo

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class SlugHistory(models.Model):
    """An address a role had before: it answers with a permanent redirect to the role's
    address now, so that links in job posts never break."""

    slug = models.SlugField(max_length=200, unique=True)
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="old_slugs")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "old address"
        verbose_name_plural = "old addresses"

    def __str__(self):
        return f"{self.slug} -> {self.role.slug}"


class RetiredAddress(models.Model):
    """The address of a career page that is no more: one made for a summary row of the wage
    data (a group of occupations, such as /careers/all-occupations/), now the occupation
    tree's page of that group. It answers with a permanent redirect there, forever."""

    slug = models.SlugField(max_length=200, unique=True)
    occupation_code = models.CharField(
        "SOC code", max_length=7, help_text="The group whose page the address leads to."
    )
    retired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "retired address"
        verbose_name_plural = "retired addresses"

    def __str__(self):
        return f"{self.slug} -> {self.occupation_code}"

    @property
    def group_url(self):
        """Where it leads now."""
        return group_url(self.occupation_code)


def group_url(code):
    """The address of group `code` in the occupation tree: the tree's index for the total."""
    if code == Occupation.TOTAL_CODE:
        return reverse("careers:groups")
    return reverse("careers:group", args=[code])


class RoleIndustry(models.Model):
    """One of a role's top industries, in the guide's order."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="role_industries")
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]
        verbose_name = "top industry"
        verbose_name_plural = "top industries"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "order"], name="guides_roleindustry_order_unique"
            ),
            models.UniqueConstraint(
                fields=["role", "industry"], name="guides_roleindustry_industry_unique"
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.industry}"


class RoleTallyQuerySet(models.QuerySet):
    def current(self):
        """The tally of the roles the public sees now: rebuilt first when a change, or a guide
        that went public on schedule since, has made it stale. None while another process
        rebuilds it: the caller counts the roles themselves."""
        now = timezone.now()
        if RoleTallyState.objects.fresh(now).exists():
            return self.all()
        with transaction.atomic():
            # One process rebuilds; the others count for themselves meanwhile.
            if not RoleTallyState.objects.lock():
                return None
            if not RoleTallyState.objects.fresh(now).exists():
                self._rebuild(now)
                RoleTallyState.objects.filter(pk=1).update(stale=False, built_at=now)
        return self.all()

    def _rebuild(self, now):
        """Every row anew: the published roles grouped by TALLY_COLUMNS, then the same per
        industry. Two INSERT ... SELECT: nothing passes through Python."""
        published = Role.objects.filter(status=Role.Status.PUBLISHED, published_at__lte=now)
        self.all().delete()
        _insert_rows(
            published.values(*TALLY_COLUMNS).annotate(roles=models.Count("*")).order_by(),
            [*TALLY_COLUMNS, "roles"],
        )
        _insert_rows(
            RoleIndustry.objects.filter(role__in=published.values("pk"))
            .values("industry_id", *(f"role__{column}" for column in TALLY_COLUMNS))
            .annotate(roles=models.Count("*"))
            .order_by(),
            ["industry_id", *TALLY_COLUMNS, "roles"],
        )


def _insert_rows(queryset, columns):
    """INSERT INTO the tally the rows of `queryset`, whose columns are `columns` in order."""
    sql, params = queryset.query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(RoleTally._meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(RoleTally._meta.db_table)} ({names}) {sql}", params)


# What the careers list filters and counts by (official_median for the pay range): a role's
# columns that the tally groups the published roles by.
TALLY_COLUMNS = [
    "soc_major_group", "official_minor_group", "official_broad_group", "official_education",
    "official_growth", "official_openings", "official_job_zone", "official_bright_outlook",
    "official_clusters", "official_median", "guide_written",
]  # fmt: skip


class RoleTally(models.Model):
    """How many published roles are alike in what the careers list filters by: its counts
    without search words, read from a few thousand rows instead of every role (100 to 250 ms
    at 100,000 roles). The rows with no industry count each role once; those of an industry,
    its roles. Rebuilt on the first read after any change to the catalogue (RoleTallyState)."""

    industry = models.ForeignKey(Industry, null=True, on_delete=models.CASCADE, related_name="+")
    soc_major_group = models.CharField(max_length=2, null=True)  # noqa: DJ001 as Role's
    official_minor_group = models.CharField(max_length=7)
    official_broad_group = models.CharField(max_length=7)
    official_education = models.CharField(max_length=20)
    official_growth = models.DecimalField(max_digits=6, decimal_places=1, null=True)
    official_openings = models.DecimalField(max_digits=9, decimal_places=1, null=True)
    official_job_zone = models.PositiveSmallIntegerField(null=True)
    official_bright_outlook = models.BooleanField()
    official_clusters = models.PositiveIntegerField()
    official_median = models.PositiveIntegerField(null=True)
    guide_written = models.BooleanField()
    roles = models.PositiveIntegerField()

    objects = RoleTallyQuerySet.as_manager()

    def __str__(self):
        return f"{self.roles} roles"


class RoleTallyStateQuerySet(models.QuerySet):
    def fresh(self, now):
        """The state, if the tally is current: no change since it was built, and no guide
        scheduled between then and `now` has gone public."""
        went_public = Role.objects.filter(
            status=Role.Status.PUBLISHED,
            published_at__gt=models.OuterRef("built_at"),
            published_at__lte=now,
        )
        return self.filter(pk=1, stale=False).exclude(models.Exists(went_public))

    def lock(self):
        """Lock the state's row for this transaction, making it if there is none; False when
        another transaction holds it (or made it at the same time)."""
        if list(self.select_for_update(skip_locked=True).filter(pk=1).values_list("pk")):
            return True
        if self.filter(pk=1).exists():
            return False
        try:
            with transaction.atomic():
                self.create(pk=1)
        except IntegrityError:
            return False
        return True

    def mark_stale(self):
        self.filter(pk=1, stale=False).update(stale=True)


class RoleTallyState(models.Model):
    """One row: when RoleTally was built, and whether the catalogue has changed since (every
    catalogue.changed() says so, in the change's own transaction)."""

    stale = models.BooleanField(default=True)
    built_at = models.DateTimeField(null=True)

    objects = RoleTallyStateQuerySet.as_manager()

    def __str__(self):
        return "stale" if self.stale else f"built at {self.built_at}"


class Section(PlainText):
    """A prose section of a guide, in Markdown, under its heading; or the heading of one of the
    guide's lists (responsibilities, a group of skills, ...), with the text that leads it."""

    class Kind(models.TextChoices):
        # In the order the guide page shows them.
        OVERVIEW = "overview", "What the role is"
        RESPONSIBILITIES = "responsibilities", "What the role does: introduction"
        RESPONSIBILITY_LIST = "responsibility_list", "Key responsibilities (over the list)"
        WORK_ENVIRONMENT = "work_environment", "Work environment"
        TOOLS = "tools", "Tools and technologies"
        SKILLS = "skills", "Skills and qualifications: introduction"
        SKILLS_EDUCATION = "skills_education", "Education requirements (over the list)"
        SKILLS_TECHNICAL = "skills_technical", "Technical skills (over the list)"
        SKILLS_SOFT = "skills_soft", "Soft skills (over the list)"
        HOW_TO_BECOME = "how_to_become", "How to become one: introduction"
        EDUCATION = "education", "Education and training"
        SALARY = "salary", "Salary and outlook"
        SALARY_LEVELS = "salary_levels", "Salary by experience level (over the table)"
        SALARY_MARKET = "salary_market", "Salary: market commentary"
        CAREER_PATH = "career_path", "Career path: introduction"
        FOCUS_AREAS = "focus_areas", "Key focus areas (heading in each career level)"
        DIVERSITY = "diversity", "Diversity and inclusion: introduction"
        DIVERSITY_HIRING = "diversity_hiring", "Inclusive hiring practices"
        DIVERSITY_CULTURE = "diversity_culture", "Workplace culture"
        DIVERSITY_RESOURCES = "diversity_resources", "Resources and support networks"
        GLOBAL = "global", "Global opportunities: introduction"
        GLOBAL_SALARIES = "global_salaries", "Global salaries"
        REMOTE_WORK = "remote_work", "Remote work"
        VISA = "visa", "Visa and immigration"
        MARKET = "market", "Market reality: introduction"
        MARKET_CHALLENGES = "market_challenges", "Current challenges"
        MARKET_GROWTH = "market_growth", "Growth opportunities"
        MARKET_TRENDS = "market_trends", "Current market trends"
        PROS_CONS = "pros_cons", "Pros and cons: introduction"
        FAQ = "faq", "Frequently asked questions: introduction"
        RELATED = "related", "Related careers: introduction"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=30, choices=Kind)
    heading = models.CharField(
        max_length=200, blank=True, help_text="Leave empty for the standard heading."
    )
    body = models.TextField(
        blank=True, help_text="Markdown: the text under the heading. May be left empty."
    )
    body_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["role", "kind"], name="guides_section_kind_unique"),
        ]

    def __str__(self):
        return self.heading or self.get_kind_display()

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        _also_update(kwargs, "body_html")
        super().save(*args, **kwargs)

    def clean(self):
        if not self.heading.strip() and not self.body.strip():
            raise ValidationError("Write a heading or a text, or delete this section.")


# The kinds of section that title a list of items: a guide may leave them out, and the page
# then shows the standard heading.
LIST_HEADINGS = frozenset(
    {
        Section.Kind.RESPONSIBILITY_LIST,
        Section.Kind.SKILLS_EDUCATION,
        Section.Kind.SKILLS_TECHNICAL,
        Section.Kind.SKILLS_SOFT,
        Section.Kind.SALARY_LEVELS,
        Section.Kind.FOCUS_AREAS,
    }
)


class GuideItem(PlainText):
    """A numbered item of one guide; editors reorder items by changing `order`."""

    order = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "order"], name="%(app_label)s_%(class)s_order_unique"
            ),
        ]


class Sourced(models.Model):
    """An item a guide can be started with from official data (guides/starting.py): the release
    and table it came from; empty for an item an editor wrote, or rewrote."""

    source = models.CharField(
        "official source", max_length=200, blank=True, editable=False,
        help_text="Where the prefilled text came from, e.g. O*NET Database 30.1: core tasks.",
    )  # fmt: skip

    class Meta:
        abstract = True


class Responsibility(Sourced, GuideItem):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="responsibilities")
    text = models.TextField()

    class Meta(GuideItem.Meta):
        verbose_name_plural = "responsibilities"

    def __str__(self):
        return self.text[:80]


class Skill(Sourced, GuideItem):
    class Kind(models.TextChoices):
        EDUCATION = "education", "Education requirement"
        TECHNICAL = "technical", "Technical skill"
        SOFT = "soft", "Soft skill"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="skills")
    kind = models.CharField(max_length=10, choices=Kind)
    name = models.CharField(
        max_length=200, blank=True, help_text="Shown in bold before the text, if given."
    )
    text = models.TextField()

    class Meta(GuideItem.Meta):
        ordering = ["kind", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "kind", "order"], name="guides_skill_order_unique"
            ),
        ]

    def __str__(self):
        return self.name or self.text[:80]


class Step(GuideItem):
    """A step of "how to become one"."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="steps")
    text = models.TextField()

    def __str__(self):
        return f"Step {self.order}"


class CareerLevel(GuideItem):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="career_levels")
    title = models.CharField(max_length=200)
    years_from = models.PositiveSmallIntegerField()
    years_to = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for an open end: 10+ years."
    )
    description = models.TextField()
    focus_areas = models.TextField("key focus areas")

    class Meta(GuideItem.Meta):
        constraints = [
            *GuideItem.Meta.constraints,
            models.CheckConstraint(
                condition=Q(years_from__lte=F("years_to")),
                name="guides_careerlevel_years_ordered",
                violation_error_message="Years from is more than years to.",
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"

    def clean(self):
        if self.years_to is not None and self.years_from is not None:
            if self.years_from > self.years_to:
                raise ValidationError({"years_to": "Years from is more than years to."})

    @property
    def anchor(self):
        return f"level-{self.order}"

    @property
    def years(self):
        if self.years_to is None:
            return f"{self.years_from}+ years"
        return f"{self.years_from}-{self.years_to} years"


class SalaryFigure(PlainText):
    """What every published pay figure carries: its currency, source and year."""

    currency = models.CharField(
        max_length=3, default="USD", validators=[validate_currency], help_text="ISO 4217 code."
    )
    source = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True


class LevelSalary(SalaryFigure):
    """Pay at one career level of a guide: the salary-by-experience table."""

    career_level = models.OneToOneField(
        CareerLevel, on_delete=models.CASCADE, related_name="salary"
    )
    median = models.PositiveIntegerField()
    average = models.PositiveIntegerField()

    class Meta:
        verbose_name = "salary by career level"
        verbose_name_plural = "salaries by career level"
        constraints = [
            models.CheckConstraint(
                condition=Q(median__gte=0) & Q(average__gte=0),
                name="guides_levelsalary_money_nonnegative",
            ),
        ]

    def __str__(self):
        return f"{self.career_level.title}: {self.median} {self.currency}"


class CountrySalary(SalaryFigure):
    """A yearly pay range in one country (or region), in local currency and in USD."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="country_salaries")
    order = models.PositiveSmallIntegerField()
    country = models.CharField(
        max_length=100, help_text="A country, or a region such as Latin America."
    )
    low = models.PositiveIntegerField()
    high = models.PositiveIntegerField()
    usd_low = models.PositiveIntegerField("USD equivalent, low")
    usd_high = models.PositiveIntegerField("USD equivalent, high")

    class Meta:
        ordering = ["order"]
        verbose_name = "salary by country"
        verbose_name_plural = "salaries by country"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "order"], name="guides_countrysalary_order_unique"
            ),
            models.CheckConstraint(
                condition=Q(low__lte=F("high")),
                name="guides_countrysalary_low_lte_high",
                violation_error_message="The low figure is above the high figure.",
            ),
            models.CheckConstraint(
                condition=Q(usd_low__lte=F("usd_high")),
                name="guides_countrysalary_usd_low_lte_high",
                violation_error_message="The low USD figure is above the high USD figure.",
            ),
            models.CheckConstraint(
                condition=Q(low__gte=0) & Q(high__gte=0) & Q(usd_low__gte=0) & Q(usd_high__gte=0),
                name="guides_countrysalary_money_nonnegative",
            ),
        ]

    def __str__(self):
        return f"{self.country}: {self.low}-{self.high} {self.currency}"

    def clean(self):
        errors = {}
        ranges = [
            ("low", "high", "The low figure is above the high figure."),
            ("usd_low", "usd_high", "The low USD figure is above the high USD figure."),
        ]
        for low, high, message in ranges:
            low_value, high_value = getattr(self, low), getattr(self, high)
            if low_value is not None and high_value is not None and low_value > high_value:
                errors[high] = message
        if errors:
            raise ValidationError(errors)


class ProCon(GuideItem):
    class Kind(models.TextChoices):
        PRO = "pro", "Pro"
        CON = "con", "Con"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="pros_cons")
    kind = models.CharField(max_length=3, choices=Kind)
    text = models.TextField()

    class Meta(GuideItem.Meta):
        ordering = ["kind", "order"]
        verbose_name = "pro or con"
        verbose_name_plural = "pros and cons"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "kind", "order"], name="guides_procon_order_unique"
            ),
        ]

    def __str__(self):
        return self.text[:80]


class FAQ(GuideItem):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=300)
    answer = models.TextField()

    class Meta(GuideItem.Meta):
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question


class RelatedRoleQuerySet(models.QuerySet):
    def for_guide_page(self):
        """The links with their related roles, and `occupation_page`: the slug of the page of
        the related role's occupation (a published career without a guide, as sync_careers
        makes them), for a related career that has no guide of its own; None if there is
        none."""
        pages = (
            Role.objects.published()
            .filter(occupation=models.OuterRef("related__occupation"), is_demo=False)
            .exclude(HAS_GUIDE)
            .order_by("pk")
            .values("slug")[:1]
        )
        return self.select_related("related").annotate(occupation_page=models.Subquery(pages))


class RelatedRole(Sourced, GuideItem):
    """A career the guide suggests next: a role with its guide, or, until it has one, a name
    that may give its official occupation, whose page the guide then links to."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")

    objects = RelatedRoleQuerySet.as_manager()

    class Meta(GuideItem.Meta):
        constraints = [
            *GuideItem.Meta.constraints,
            models.UniqueConstraint(
                fields=["role", "related"], name="guides_relatedrole_related_unique"
            ),
            models.CheckConstraint(
                condition=~Q(role=F("related")),
                name="guides_relatedrole_not_self",
                violation_error_message="A role cannot be related to itself.",
            ),
        ]

    def __str__(self):
        return str(self.related)

    def clean(self):
        if self.role_id is not None and self.related_id == self.role_id:
            raise ValidationError({"related": "A role cannot be related to itself."})


class ChangeNote(PlainText):
    """A dated line of the guide's public change log: what changed, never who changed it."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="change_notes")
    date = models.DateField()
    text = models.CharField(
        max_length=300, help_text="What readers should know changed, e.g. 2025 salaries added."
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "change log entry"
        verbose_name_plural = "change log"

    def __str__(self):
        return f"{self.date}: {self.text}"


class GuideDraft(models.Model):
    """Changes to a live guide that the public does not see yet: the whole guide as it will be,
    kept as a revision of its history (django-reversion), until an editor who may publish
    publishes it, now or at `publish_at`, or someone discards it (guides/drafts.py). Kept out
    of the guide's own tables, so that no public page can show it."""

    role = models.OneToOneField(Role, on_delete=models.CASCADE, related_name="draft")
    revision = models.ForeignKey("reversion.Revision", on_delete=models.PROTECT, related_name="+")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    saved_at = models.DateTimeField()
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text="The draft is published at this time."
    )

    class Meta:
        indexes = [
            # publish_due_drafts finds the drafts whose time has come by it.
            models.Index(fields=["publish_at"], name="guides_draft_publish_at_idx"),
        ]

    def __str__(self):
        return f"Draft of {self.role}"

    @property
    def token(self):
        """What a form opened on this draft carries, to refuse a save over a newer draft."""
        return f"draft-{self.revision_id}"
