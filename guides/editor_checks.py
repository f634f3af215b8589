"""
What needs an editor's attention: the checks behind the admin's "Guides that need attention".

Each check returns rows of (role, what is wrong), about written guides only (an occupation
page has nothing to edit), except duplicate titles, which concern every role, and guides
started but not written yet (parts but no introduction, such as one started from official
data), with what they still need before they go public. A guide with a draft is checked for
what it misses as its draft has it: publishing the draft is what makes that public. Figures
are older when the official data has a newer release: pay than the newest wage release,
growth and openings than the newest projections of the guide's occupation.
"""

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format

from guides import drafts
from guides.models import (
    LIST_HEADINGS,
    CountrySalary,
    GuideDraft,
    LevelSalary,
    ProCon,
    RelatedRole,
    Role,
    Section,
)
from guides.parts import PARTS, with_parts
from occupations.models import Projection
from salaries.models import Release

# The parts a complete guide has, as (related name, what the editor calls it).
REQUIRED = [(part.relation, part.required_as) for part in PARTS if part.required_as]


def latest_release_year():
    release = Release.objects.order_by("-reference_date").first()
    return release.reference_date.year if release else None


def stale_figures(year=None):
    """A Q for guides with a pay figure from before the latest official release's year."""
    year = year or latest_release_year()
    if year is None:
        return Q(pk__in=[])
    older_level = LevelSalary.objects.filter(career_level__role=OuterRef("pk"), year__lt=year)
    older_country = CountrySalary.objects.filter(role=OuterRef("pk"), year__lt=year)
    return Q(guide_written=True) & (
        Q(median_pay_year__lt=year) | Exists(older_level) | Exists(older_country)
    )


def run():
    """Every check, as {name: (heading, rows)}; rows are (role, detail) pairs."""
    guides = Role.objects.filter(guide_written=True).order_by("title")
    missing, started = _in_drafts()
    drafted = GuideDraft.objects.values("role")  # checked above, as their drafts have them
    missing += _missing(guides.exclude(pk__in=drafted))
    started += _started(Role.objects.exclude(pk__in=drafted))
    return {
        "stale": ("Figures older than the latest official release", _stale(guides)),
        "outlook": (
            "Growth and openings older than the newest official projections",
            _older_outlook(guides),
        ),
        "missing": ("Missing sections and parts", _by_title(missing)),
        "started": ("Guides started, not written yet", _by_title(started)),
        "drafts": ("Unpublished changes", _unpublished_changes()),
        "related": ("Related roles without a published guide", _related_without_guide()),
        "duplicates": ("Duplicate titles", _duplicate_titles()),
    }


def _stale(guides):
    year = latest_release_year()
    if year is None:
        return []
    rows = []
    roles = guides.filter(stale_figures(year)).prefetch_related(
        "career_levels__salary", "country_salaries"
    )
    for role in roles:
        years = {role.median_pay_year} if role.median_pay_year else set()
        years |= {level.salary.year for level in role.career_levels.all()
                  if hasattr(level, "salary")}  # fmt: skip
        years |= {salary.year for salary in role.country_salaries.all()}
        older = sorted(y for y in years if y < year)
        rows.append((role, f"Figures from {', '.join(map(str, older))}; latest release {year}"))
    return rows


def _older_outlook(guides):
    """Guides whose own growth or openings are for an earlier period than the newest official
    projection of their occupation, naming both figures and both periods."""
    roles = list(
        guides.exclude(occupation=None).filter(
            Q(growth_percent__isnull=False) | Q(annual_openings__isnull=False)
        )
    )
    newest = Projection.objects.newest_for_each({role.occupation_id for role in roles})
    rows = []
    for role in roles:
        projection = newest.get(role.occupation_id)
        if projection and role.outlook_older_than(projection.release):
            detail = f"Guide: {_guide_outlook(role)}; newest official, {_official(projection)}"
            rows.append((role, detail))
    return rows


def _official(projection):
    return (
        f"{projection.release}: {projection.change_percent}% and "
        f"{projection.openings_a_year:,} openings a year"
    )


def _guide_outlook(role):
    """The guide's own growth and openings, with the period they are for."""
    figures = []
    if role.growth_percent is not None:
        figures.append(f"{role.growth_percent}% growth")
    if role.annual_openings is not None:
        about = "about " if role.annual_openings_approximate else ""
        figures.append(f"{about}{role.annual_openings:,} openings a year")
    start, end = role.growth_period_start, role.growth_period_end
    if start and end:
        period = f"for {start}-{end % 100:02d}"
    elif start or end:
        period = f"from {start}" if start else f"to {end}"
    else:
        period = "no period given"
    return f"{' and '.join(figures)}, {period}"


def _unpublished_changes():
    """Guides with a draft that is not published yet: who saved it, when, and when it will be
    published if it is scheduled."""
    rows = []
    for draft in GuideDraft.objects.select_related("role", "saved_by").order_by("role__title"):
        detail = f"Draft saved by {draft.saved_by or 'someone'} on {_when(draft.saved_at)}"
        if draft.publish_at:
            detail += f"; to be published at {_when(draft.publish_at)}"
        rows.append((draft.role, detail))
    return rows


def _when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _started(roles):
    """Those of `roles` with parts of a guide but no introduction, which is missing first."""
    unwritten = roles.filter(guide_written=False, is_demo=False).order_by("title")
    return _missing(with_parts(unwritten), unwritten=True)


def _in_drafts():
    """What the guides with a draft miss, as their drafts have them (what publishing them would
    make public): (missing rows, started rows), each draft applied in a transaction rolled
    back."""
    missing, started = [], []
    for draft in GuideDraft.objects.select_related("revision"):
        with transaction.atomic():
            drafts.apply(draft)
            role = Role.objects.filter(pk=draft.role_id)
            missing += _missing(role.filter(guide_written=True))
            started += _started(role)
            transaction.set_rollback(True)
    return missing, started


def _by_title(rows):
    return sorted(rows, key=lambda row: row[0].title.casefold())


def _missing(guides, unwritten=False):
    # One EXISTS per part: joining them all at once would multiply their rows.
    parts = {
        f"has_{name}": Exists(Role._meta.get_field(name).related_model.objects.filter(
            role=OuterRef("pk")))
        for name, _ in REQUIRED
    }  # fmt: skip
    for kind in ProCon.Kind:
        parts[f"has_{kind}"] = Exists(ProCon.objects.filter(role=OuterRef("pk"), kind=kind))
    rows = []
    for role in guides.annotate(**parts).prefetch_related("sections"):
        present = {section.kind for section in role.sections.all()}
        missing = ["introduction"] if unwritten else []
        missing += [label for kind, label in Section.Kind.choices
                   if kind not in present and kind not in LIST_HEADINGS]  # fmt: skip
        missing += [label for name, label in REQUIRED if not getattr(role, f"has_{name}")]
        missing += [f"{kind.label.lower()}s" for kind in ProCon.Kind
                    if not getattr(role, f"has_{kind}")]  # fmt: skip
        if missing:
            rows.append((role, "Missing: " + "; ".join(missing)))
    return rows


def _related_without_guide():
    published_guides = Role.objects.published().with_guide()
    links = (
        RelatedRole.objects.filter(role__guide_written=True)
        .exclude(related__in=published_guides)
        .select_related("role", "related")
        .order_by("role__title", "order")
    )
    return [(link.role, f"Links to {link.related.title}, which has no published guide")
            for link in links]  # fmt: skip


def _duplicate_titles():
    shared = (
        Role.objects.values(lowered=Lower("title"))
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("lowered")
    )
    roles = Role.objects.annotate(lowered=Lower("title")).filter(lowered__in=shared)
    return [(role, f"Title shared with another role ({role.slug})")
            for role in roles.order_by("lowered", "slug")]  # fmt: skip
