"""The public pages' GET parameters, each whitelisted and cleaned here: the careers list's
filters, the salary page's choices, the comparison's careers and the job post kit's."""

import re

from django import forms
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.lookups import Exact
from django.utils.functional import cached_property
from django.utils.text import slugify

from careerguide import catalogue
from guides import search
from guides.models import HAS_GUIDE, EducationLevel, Industry, Role, RoleIndustry, RoleTally
from occupations.models import CareerCluster, Occupation, Projection

MAX_PAY = 10_000_000


class Growth:
    """Projected change in employment, in the bands the list filters by: declining, or growing
    slower than, or at least as fast as, BLS's projection for all occupations together (the
    total row, 00-0000, of the newest projections: 3.1% for 2024-34). BLS's own words ("much
    faster than average", ...) rest on thresholds its files do not give, so the list compares
    with this average alone; without it (no projections imported), declining is the one band."""

    DECLINING = "declining"
    SLOWER = "slower"
    AVERAGE_OR_FASTER = "average-or-faster"

    @classmethod
    def choices(cls, average):
        if average is None:
            return [(cls.DECLINING, "Declining")]
        return [
            (cls.DECLINING, "Declining"),
            (
                cls.SLOWER,
                f"Growing slower than the average for all occupations (under {average}%)",
            ),
            (cls.AVERAGE_OR_FASTER, f"As fast as the average or faster ({average}% or more)"),
        ]

    # A band in a word or three, for a result card's badge.
    SHORT = {
        DECLINING: "Declining",
        SLOWER: "Slower than average",
        AVERAGE_OR_FASTER: "Average or faster",
    }

    @classmethod
    def key(cls, change, average):
        """The band that a change of `change` % falls in; "" when it falls in none."""
        if change is None or (change >= 0 and average is None):
            return ""
        if change < 0:
            return cls.DECLINING
        return cls.SLOWER if change < average else cls.AVERAGE_OR_FASTER

    @classmethod
    def band(cls, change, average):
        """The words of the band that a change of `change` % falls in, as the list's filter
        names it (so a page and the list tell one story); "" when it falls in none."""
        key = cls.key(change, average)
        return dict(cls.choices(average))[key] if key else ""

    # On BLS's newest projection of each role's occupation (Role.official_growth), for guides
    # too: a guide's own growth figure is its editors' text, often of an older period.
    @classmethod
    def conditions(cls, average):
        conditions = {cls.DECLINING: Q(official_growth__lt=0)}
        if average is not None:
            conditions[cls.SLOWER] = Q(official_growth__gte=0, official_growth__lt=average)
            conditions[cls.AVERAGE_OR_FASTER] = Q(official_growth__gte=average)
        return conditions


def average_growth():
    """BLS's projected change in employment for all occupations, % (Decimal), of the newest
    projections; None before any is imported. One query."""
    total = Projection.objects.newest_for_each([Occupation.TOTAL_CODE]).get(Occupation.TOTAL_CODE)
    return total.change_percent if total is not None else None


class Openings:
    """Openings a year (BLS's projections, Role.official_openings in thousands), in ranges."""

    CHOICES = [
        ("under-1000", "Fewer than 1,000 a year"),
        ("1000-10000", "1,000 to 9,999 a year"),
        ("10000-50000", "10,000 to 49,999 a year"),
        ("50000-plus", "50,000 or more a year"),
    ]
    CONDITIONS = {
        "under-1000": Q(official_openings__lt=1),
        "1000-10000": Q(official_openings__gte=1, official_openings__lt=10),
        "10000-50000": Q(official_openings__gte=10, official_openings__lt=50),
        "50000-plus": Q(official_openings__gte=50),
    }


# O*NET's job zones (job_zone_reference), by how much preparation they take.
JOB_ZONES = [
    ("1", "Job zone 1: little or no preparation needed"),
    ("2", "Job zone 2: some preparation needed"),
    ("3", "Job zone 3: medium preparation needed"),
    ("4", "Job zone 4: considerable preparation needed"),
    ("5", "Job zone 5: extensive preparation needed"),
]


class YesNoField(forms.BooleanField):
    """A checkbox whose value in an address is a word for yes (`on`, as a form sends it, `yes`,
    `true`, `1`) or no (`off`, `no`, `false`, `0`, or nothing). Any other word is an error:
    Django's own BooleanField reads every word but "false" and "0" as yes, `null` included."""

    YES = {"on", "yes", "true", "1"}
    NO = {"", "off", "no", "false", "0"}

    class Widget(forms.CheckboxInput):
        def value_from_datadict(self, data, files, name):
            return data.get(name, "")  # the word as sent, for the field to judge

    widget = Widget

    def to_python(self, value):
        word = str(value).strip().lower()
        if word in self.YES:
            return True
        if word in self.NO:
            return False
        raise forms.ValidationError("Choose yes (on, true) or no (off, false).", code="invalid")


def career_clusters():
    """O*NET's legacy clusters by name: (slug, name, bit) of each, the slug being the `cluster`
    filter's value and the bit the one roles keep (Role.official_clusters). One query."""
    return [
        (slugify(name), name, bit)
        for name, bit in CareerCluster.objects.order_by("name").values_list("name", "bit")
    ]


class CareerFilterForm(forms.Form):
    SORTS = {
        "relevance": ["-rank", "title"],
        "title": ["title"],
        "pay-high": [F("official_median").desc(nulls_last=True), "title"],
        "pay-low": [F("official_median").asc(nulls_last=True), "title"],
        "growth": [F("official_growth").desc(nulls_last=True), "title"],
        "openings": [F("official_openings").desc(nulls_last=True), "title"],
    }

    q = forms.CharField(
        label="Search careers", required=False, max_length=search.MAX_QUERY_LENGTH, strip=True
    )
    industry = forms.ChoiceField(label="Industry", required=False)
    group = forms.ChoiceField(label="Occupation group", required=False)
    education = forms.ChoiceField(
        label="Typical education to enter (BLS)",
        required=False,
        choices=[("", "Any education"), *EducationLevel.choices],
    )
    pay_min = forms.IntegerField(
        label="Median pay from ($ a year)", required=False, min_value=0, max_value=MAX_PAY
    )
    pay_max = forms.IntegerField(
        label="to ($ a year)", required=False, min_value=0, max_value=MAX_PAY
    )
    growth = forms.ChoiceField(
        label="Projected growth (BLS)",
        required=False,
        choices=[("", "Any outlook"), *Growth.choices(None)],
    )
    openings = forms.ChoiceField(
        label="Openings a year (BLS)",
        required=False,
        choices=[("", "Any number of openings"), *Openings.CHOICES],
    )
    job_zone = forms.ChoiceField(
        label="Preparation needed (O*NET job zone)",
        required=False,
        choices=[("", "Any job zone"), *JOB_ZONES],
    )
    bright = YesNoField(label="Only Bright Outlook occupations (O*NET)", required=False)
    cluster = forms.ChoiceField(label="Career cluster (O*NET, legacy 2023)", required=False)
    guide = YesNoField(label="Only roles with a full guide", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("relevance", "Relevance"),
            ("title", "Title"),
            ("pay-high", "Pay, highest first"),
            ("pay-low", "Pay, lowest first"),
            ("growth", "Projected growth (BLS), highest first"),
            ("openings", "Openings a year (BLS), most first"),
        ],
    )

    def __init__(self, data=None):
        super().__init__(data)
        # The choices: the same for every request until the catalogue changes.
        industries, self.tree, self.clusters, self.average_growth = catalogue.remember(
            catalogue.key("filter-choices"), self._choices
        )
        self.growth_conditions = Growth.conditions(self.average_growth)
        self.fields["growth"].choices = [("", "Any outlook"), *Growth.choices(self.average_growth)]
        self.fields["cluster"].choices = [
            ("", "Any career cluster"),
            *((slug, name) for slug, name, _ in self.clusters),
        ]
        self.fields["industry"].choices = [("", "Any industry"), *industries]
        self.fields["group"].choices = [
            ("", "Any occupation group"),
            *((code, title) for code, title, _ in self.tree),
        ]

    def _choices(self):
        """The industries with published roles, as (slug, name); the occupation tree, a major
        group by its two digits (as the list always took it), a minor group (43-9000) or a
        broad occupation (43-9060) by its code, as (code, title, level); O*NET's legacy
        clusters (career_clusters()); and the average growth of all occupations
        (average_growth())."""
        tree = [
            (code[:2] if level == Occupation.Group.MAJOR else code, title, level)
            for code, title, level in Occupation.objects.groups().values_list(
                "code", "title", "group"
            )
        ]
        return _industry_choices(self._tally_now), tree, career_clusters(), average_growth()

    @cached_property
    def _tally_now(self):
        """The published roles counted by what the list filters by (RoleTally), or None while
        another process rebuilds it."""
        return RoleTally.objects.current()

    @property
    def _tally(self):
        """The tally, for the counts: None too when the words searched for choose the roles."""
        if self.is_bound and (self.data.get("q") or "").strip():
            return None
        return self._tally_now

    def group_choices(self):
        """The occupation groups the select shows: every major group, and the minor groups and
        broad occupations of the chosen one's major group, indented under it."""
        chosen = (self.cleaned_data.get("group") or "") if hasattr(self, "cleaned_data") else ""
        shown = [("", "Any occupation group")]
        for code, title, level in self.tree:
            if level == Occupation.Group.MAJOR:
                shown.append((code, title))
            elif chosen and code[:2] == chosen[:2]:
                indent = "\u2003" * (1 if level == Occupation.Group.MINOR else 2)
                shown.append((code, f"{indent}{title}"))
        return shown

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("pay_min"), cleaned.get("pay_max")
        if low is not None and high is not None and low > high:
            self.add_error("pay_max", "The highest pay must not be below the lowest.")
        return cleaned

    def conditions(self):
        """Each active filter as a Q, by field name, from the valid values only."""
        cleaned = self.cleaned_data
        data = {name: value for name, value in cleaned.items() if value not in ("", None)}
        conditions = {}
        if "industry" in data:
            conditions["industry"] = Q(role_industries__industry__slug=data["industry"])
        if "group" in data:
            conditions["group"] = _group_condition(data["group"])
        if "education" in data:
            conditions["education"] = Q(official_education=data["education"])
        if "pay_min" in data:
            conditions["pay_min"] = Q(official_median__gte=data["pay_min"])
        if "pay_max" in data:
            conditions["pay_max"] = Q(official_median__lte=data["pay_max"])
        if "growth" in data:
            conditions["growth"] = self.growth_conditions[data["growth"]]
        if "openings" in data:
            conditions["openings"] = Openings.CONDITIONS[data["openings"]]
        if "job_zone" in data:
            conditions["job_zone"] = Q(official_job_zone=int(data["job_zone"]))
        if data.get("bright"):
            conditions["bright"] = Q(official_bright_outlook=True)
        if "cluster" in data:
            bit = next(bit for slug, _, bit in self.clusters if slug == data["cluster"])
            conditions["cluster"] = Exact(F("official_clusters").bitand(bit), bit)
        if data.get("guide"):
            conditions["guide"] = HAS_GUIDE
        return conditions

    # What search() searched for instead of the words typed, none of which a role has ("").
    correction = ""

    def search(self, queryset):
        """The roles that match the search words, annotated with their `rank`."""
        found = search.find(queryset, self.cleaned_data.get("q"))
        self.correction = found.correction
        return found.roles

    def apply(self, queryset):
        """Searched roles (see search()) that pass every filter, in the asked order."""
        for condition in self.conditions().values():
            queryset = queryset.filter(condition)
        return queryset.order_by(*self.SORTS[self.ordering()])

    def filters_key(self):
        """What the counts depend on: the search words and the valid filters, not the order."""
        cleaned = self.cleaned_data
        return (
            (cleaned.get("q") or "")[: search.MAX_QUERY_LENGTH],
            *(repr(cleaned.get(name)) for name in self.FILTERS),
        )

    def ordering(self):
        """The chosen sort, or relevance when searching and title when browsing."""
        chosen = self.cleaned_data.get("sort")
        if chosen:
            return chosen
        return "relevance" if search.words(self.cleaned_data.get("q")) else "title"

    # Every filter but the search words, in the order of the counts' cache key.
    FILTERS = [
        "industry", "group", "education", "growth", "openings", "job_zone", "bright",
        "cluster", "pay_min", "pay_max", "guide",
    ]  # fmt: skip
    # The filters that have counts beside their choices, and the columns each compares: of the
    # role, or, for growth and openings, their band.
    COUNTED = {
        "group": ["soc_major_group", "official_minor_group", "official_broad_group"],
        "education": ["official_education"],
        "growth": ["growth_band"],
        "openings": ["openings_band"],
        "job_zone": ["official_job_zone"],
        "bright": ["official_bright_outlook"],
        "cluster": ["official_clusters"],
        "guide": ["guide_written"],
    }

    def counts(self, queryset):
        """How many searched roles pass every filter, and how many each choice would give.

        Each choice is counted with the other filters applied, so its count is what choosing
        it would show. Two queries, whatever the number of roles: the roles passing the
        uncounted filters (pay, industry) grouped by the counted columns, a few thousand rows
        at most (the occupations' figures, with or without a guide), from which every count is
        summed; and the industries, in a GROUP BY of their own. Without search words both read
        RoleTally, the published roles already grouped so; with them, the searched roles."""
        conditions = self.conditions()
        industry = conditions.pop("industry", None)
        others = Q(*conditions.values())
        if self._tally is None:
            rows = queryset.filter(industry or Q())
            total, result = self._counted(rows, Count("*"), conditions)
            per_industry = (
                RoleIndustry.objects.filter(role__in=queryset.filter(others).values("pk"))
                .values_list("industry__slug")
                .annotate(roles=Count("role_id"))
            )
        else:
            chosen = self.cleaned_data.get("industry")
            rows = self._tally.filter(
                **({"industry__slug": chosen} if chosen else {"industry": None})
            )
            total, result = self._counted(rows, Sum("roles"), conditions)
            per_industry = (
                self._tally.exclude(industry=None)
                .filter(others)
                .values_list("industry__slug")
                .annotate(roles=Sum("roles"))
            )
        result["industry"] = dict(per_industry)
        return total, result

    def _counted(self, rows, roles, conditions):
        """The total and each counted filter's counts, from `rows` (roles, or tally rows)
        that pass the uncounted filters, each row worth `roles` (an aggregate)."""
        wanted = {facet: self._counted_value(facet) for facet in self.COUNTED}
        wanted = {facet: value for facet, value in wanted.items() if value is not None}
        uncounted = Q()
        for name in ("pay_min", "pay_max"):
            uncounted &= conditions.get(name, Q())
        columns = [column for facet_columns in self.COUNTED.values() for column in facet_columns]
        cells = (
            rows.filter(uncounted)
            .annotate(
                growth_band=_band(self.growth_conditions),
                openings_band=_band(Openings.CONDITIONS),
            )
            .values(*columns)
            .annotate(roles=roles)
            .order_by()
        )
        total = 0
        result = {facet: {} for facet in self.COUNTED}
        for cell in cells:
            values = {facet: _choices_of(cell, facet_columns)
                      for facet, facet_columns in self.COUNTED.items()}  # fmt: skip
            values["cluster"] = [
                slug for slug, _, bit in self.clusters if cell["official_clusters"] & bit
            ]
            failing = [facet for facet, value in wanted.items() if value not in values[facet]]
            if len(failing) > 1:
                continue  # in no count: a choice of one filter cannot undo another's
            if not failing:
                total += cell["roles"]
            # A cell failing one filter counts for that filter's choices only.
            for facet in failing or values:
                for value in values[facet]:
                    result[facet][value] = result[facet].get(value, 0) + cell["roles"]
        return total, result

    def _counted_value(self, facet):
        """The chosen value of a counted filter, as counts() compares it, or None."""
        value = self.cleaned_data.get(facet)
        if facet in ("guide", "bright"):
            return "yes" if value else None
        return value or None


def _industry_choices(tally):
    """The industries the public can see roles of (one used by drafts alone is not named), as
    (slug, name): from the tally's rows, else EXISTS, not a join made DISTINCT, so that each
    industry stops at its first published role (90 ms at 100,000 roles, 15 to 30 with EXISTS)."""
    if tally is None:
        used = Role.objects.published().filter(role_industries__industry=OuterRef("pk"))
    else:
        used = tally.filter(industry=OuterRef("pk"))
    return list(Industry.objects.filter(Exists(used)).values_list("slug", "name"))


def _choices_of(cell, columns):
    """The choices of a counted filter that a cell of counts() belongs to: its column's value
    as a choice (True as "yes"), or for the tree, its major, minor and broad groups."""
    choices = []
    for column in columns:
        value = cell[column]
        if value is True:
            choices.append("yes")
        elif value not in (None, "", False):
            choices.append(str(value))
    return choices


def _group_condition(code):
    """The roles in a group of the occupation tree: a major group by its two digits, a minor
    group or a broad occupation by its code."""
    if len(code) == 2:
        return Q(soc_major_group=code)
    return Q(official_minor_group=code) | Q(official_broad_group=code)


def _band(conditions):
    """The band (a key of `conditions`) that a role falls in; NULL when it is in none."""
    return Case(
        *(When(condition, then=Value(band)) for band, condition in conditions.items()),
        default=None,
        output_field=CharField(),
    )


def choices_with_counts(form, field, counts):
    """(value, label, count, selected) for each choice of a select filter; count None for "any"."""
    selected = str(form.cleaned_data.get(field) or "") if hasattr(form, "cleaned_data") else ""
    choices = form.group_choices() if field == "group" else form.fields[field].choices
    return [
        (value, label, counts.get(value, 0) if value else None, str(value) == selected)
        for value, label in choices
    ]


class SalaryPageForm(forms.Form):
    # sort value -> (WageEstimate figure, highest first?)
    SORTS = {
        "state": (None, False),
        "median": ("median", False),  # the annual median, or the hourly one (pay_period)
        "-median": ("median", True),
        "employment": ("employment", False),
        "-employment": ("employment", True),
    }

    state = forms.CharField(required=False, max_length=2, label="State")
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("state", "State"),
            ("median", "Median, low to high"),
            ("-median", "Median, high to low"),
            ("employment", "Employment, low to high"),
            ("-employment", "Employment, high to low"),
        ],
    )

    def __init__(self, data, states):
        super().__init__(data)
        self.states = states  # postal codes of the states that have figures

    def clean_state(self):
        state = self.cleaned_data["state"].strip().upper()
        if state and state not in self.states:
            raise forms.ValidationError(f"There are no figures for a state “{state}”.")
        return state

    def order_states(self, estimates, period="annual"):
        """The states' estimates in the asked order; those without the figure go last."""
        figure, highest_first = self.SORTS[self.cleaned_data.get("sort") or "state"]
        by_name = sorted(estimates, key=lambda estimate: estimate.area.title)
        if figure is None:
            return by_name
        if figure == "median":
            figure = f"{period}_median"
        known = [estimate for estimate in by_name if getattr(estimate, figure) is not None]
        unknown = [estimate for estimate in by_name if getattr(estimate, figure) is None]
        known.sort(key=lambda estimate: getattr(estimate, figure), reverse=highest_first)
        return known + unknown


def _quoted(value):
    """A visitor's value for an error message: quoted when short and printable, else nothing."""
    if value and len(value) <= 20 and value.isprintable():
        return f" “{value}”"
    return ""


class JobPostForm(forms.Form):
    """The kit's choices: a career level of the guide, and a state with official figures."""

    level = forms.CharField(required=False, label="Career level")
    state = forms.CharField(required=False, label="State")

    def __init__(self, data, levels, states):
        """`levels`: the guide's CareerLevels in order; `states`: (postal code, name) pairs."""
        super().__init__(data)
        self.levels = {str(level.order): level for level in levels}
        self.states = dict(states)
        self.fields["level"].widget = forms.Select(
            choices=[(str(level.order), f"{level.title} ({level.years})") for level in levels]
        )
        self.fields["state"].widget = forms.Select(
            choices=[("", "United States (national figures)"), *sorted(states, key=_by_name)]
        )

    def clean_level(self):
        value = self.cleaned_data["level"]
        if not value:
            return next(iter(self.levels.values()), None)  # the first level, if any
        if not self.levels:
            raise forms.ValidationError("This guide describes no career levels to choose from.")
        if value not in self.levels:
            raise forms.ValidationError(
                f"This guide has no career level{_quoted(value)}: choose one from the list."
            )
        return self.levels[value]

    def clean_state(self):
        value = self.cleaned_data["state"].upper()
        if value and not self.states:
            raise forms.ValidationError("There are no official figures by state for this role.")
        if value and value not in self.states:
            raise forms.ValidationError(
                f"There are no official figures for this role in a state{_quoted(value)}: "
                "choose a state from the list, or none for national figures."
            )
        return value


def _by_name(choice):
    return choice[1]


# Careers compared at most, and the comparison's limits: four slugs of at most 200 characters,
# their commas, and room for stray spaces.
MAX_ROLES = 4
MAX_CAREERS_LENGTH = 1000
MAX_SLUG_LENGTH = 200
_SLUG = re.compile(r"[-a-z0-9_]+\Z")


class CompareForm(forms.Form):
    """The comparison's only parameters: the careers compared, and one to add."""

    careers = forms.CharField(required=False, max_length=MAX_CAREERS_LENGTH)
    add = forms.CharField(label="Add a career", required=False, max_length=MAX_SLUG_LENGTH)

    @classmethod
    def from_query(cls, query):
        # `careers` may be repeated (?careers=a&careers=b); it means the same as a,b.
        return cls({"careers": ",".join(query.getlist("careers")), "add": query.get("add", "")})

    def requested(self):
        """What was asked for, in order and once each, as (slug, shown) pairs.

        `slug` is None for a name that cannot be a slug; `shown` is what the reader typed."""
        names = self.cleaned_data["careers"].split(",")
        add = self.cleaned_data["add"]
        pairs = [(name.strip().lower(), name.strip()) for name in names]
        if add:
            # The form takes a title too: "Office Clerks, General" is office-clerks-general.
            pairs.append((slugify(add) or add.lower(), add))
        seen, requested = set(), []
        for slug, shown in pairs:
            if slug and slug not in seen:
                seen.add(slug)
                valid = len(slug) <= MAX_SLUG_LENGTH and _SLUG.match(slug)
                requested.append((slug if valid else None, shown))
        return requested


def compare_set(value):
    """The careers already chosen for comparison, from a `compare=a,b` parameter of another
    page: up to four well-formed slugs, in order, once each (whether they exist is checked
    on the comparison page itself)."""
    chosen = []
    for name in (value or "")[:MAX_CAREERS_LENGTH].split(","):
        slug = name.strip().lower()
        if slug and len(slug) <= MAX_SLUG_LENGTH and _SLUG.match(slug) and slug not in chosen:
            chosen.append(slug)
    return chosen[:MAX_ROLES]
