"""
What the page of an occupation without a guide shows of O*NET's content: the O*NET occupations
describing it with everything the page lists, which parts have content (empty ones, and the
credit when all are, are left out), and the careers of its related occupations with their pay
and outlook. A constant number of queries, however many rows. And what a guide's header shows
of the same: its occupation's other names and Bright Outlook.
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Prefetch
from django.utils.safestring import mark_safe

from guides.models import Role
from occupations.models import (
    EducationShare,
    OnetOccupation,
    Projection,
    RelatedOccupation,
    reported_titles,
)
from salaries.models import Release

# How many tools the page lists of each O*NET occupation; the rest are counted.
TOOLS_SHOWN = 8


def onet_occupations(code):
    """The O*NET occupations describing occupation `code`, with what the page shows of each:
    one query, then one a list when there are any."""
    return list(
        OnetOccupation.objects.filter(occupations__code=code)
        .select_related("release", "job_zone")
        .prefetch_related(
            "tasks", reported_titles(), "technologies", "emerging_tasks", "tools",
            Prefetch("education", EducationShare.objects.select_related("category")),
            Prefetch(
                "related",
                RelatedOccupation.objects.filter(tier=RelatedOccupation.Tier.PRIMARY_SHORT)
                .select_related("occupation"),
            ),
        )
    )  # fmt: skip


def onet_names(code):
    """What a guide's header shows of its occupation `code` from O*NET: the names O*NET reports
    for it ("Also called") and its Bright Outlook, with the release to credit: two queries."""
    onet = list(
        OnetOccupation.objects.filter(occupations__code=code)
        .select_related("release")
        .prefetch_related(reported_titles())
    )
    return {
        "occupations": onet,
        "combined": len(onet) > 1,
        "release": onet[0].release if onet else None,
        "also_called": _also_called(onet),
        "bright_outlook": any(part.bright_outlook for part in onet),
    }


def _also_called(onet):
    """Every name O*NET reports for the occupations `onet`, once, in its order."""
    return list(dict.fromkeys(title.title for part in onet for title in part.titles.all()))


def onet_parts(onet, code):
    """What the page shows of `onet`, the O*NET occupations describing occupation `code`."""

    def some(name):
        return any(getattr(part, name).all() for part in onet)

    parts = {
        "occupations": onet,
        "combined": len(onet) > 1,
        "release": onet[0].release if onet else None,
        "titles": some("titles"),
        "tasks": some("tasks") or some("emerging_tasks"),
        "technologies": some("technologies") or some("tools"),
        "tools_shown": TOOLS_SHOWN,
        "tools_offset": -TOOLS_SHOWN,  # for the count of the rest, with |add
        "tools_shortened": any(len(part.tools.all()) > TOOLS_SHOWN for part in onet),
        "job_zones": any(part.job_zone for part in onet),
        "education": some("education"),
        "bright_outlook": any(part.bright_outlook for part in onet),
        "related": related_careers(onet, code),
    }
    parts["also_called"] = _also_called(onet)  # the page's "Also called"
    parts["modified"] = _modified(onet, parts)
    parts["shown"] = any(
        parts[name]
        for name in ("titles", "tasks", "technologies", "job_zones", "education",
                     "bright_outlook", "related")
    )  # fmt: skip
    return parts


def _modified(onet, parts):
    """How the page changes O*NET's content, for the credit: only what it shows."""
    said = []
    if parts["titles"]:
        said.append("the titles are those O*NET's My Next Move shows")
    if any(part.tasks.all() for part in onet):
        said.append("the tasks are reordered core first and shortened behind “more tasks”")
    if any(part.emerging_tasks.all() for part in onet):
        said.append("the emerging tasks are only the new ones")
    if parts["tools_shortened"]:
        said.append(
            f"the tools are shortened to the first {TOOLS_SHOWN} of each occupation's list, "
            "with the count of the rest"
        )
    if parts["education"]:
        said.append(
            "the answers' names in the education chart are shortened to their first words "
            "(the tables give them whole), and questions O*NET recommends suppressing are left out"
        )
    if parts["related"]:
        said.append(
            "the related occupations are O*NET's most related ones, each shown as the "
            "occupation of the wage data it belongs to"
        )
    if parts["combined"]:
        said.append(
            f"the content of {len(onet)} O*NET occupations is shown together for one "
            "occupation of the wage data"
        )
    return mark_safe("; ".join(said))  # our own words only, written here


def related_careers(onet, code):
    """
    O*NET's most related occupations (Primary-Short) of the parts of occupation `code`, each
    once, in O*NET's order: one row per occupation of the wage data they belong to, with its
    career page, national median and projection; an O*NET occupation the wage data lacks keeps
    O*NET's title and nothing else. Three queries when there are any, whatever their number.
    """
    best = {}
    for part in onet:
        for related in part.related.all():
            if related.occupation_id == code:
                continue  # another part of this same occupation
            key = related.occupation_id or related.code
            if key not in best or related.index < best[key].index:
                best[key] = related
    if not best:
        return None
    rows = sorted(best.values(), key=lambda related: related.index)
    codes = [related.occupation_id for related in rows if related.occupation_id]
    pages, outlooks = {}, {}
    # A written guide first when the occupation has one, else its page of official figures.
    for role in (
        Role.objects.published()
        .filter(occupation_id__in=codes)
        .order_by("-guide_written", "title")
        .only("slug", "occupation_id")
    ):
        pages.setdefault(role.occupation_id, role)
    for projection in (
        Projection.objects.filter(occupation_id__in=codes)
        .select_related("release")
        .order_by("-release__first_year")
    ):
        outlooks.setdefault(projection.occupation_id, projection)
    return {
        "rows": [
            {
                "title": related.occupation.title if related.occupation else related.title,
                "page": pages.get(related.occupation_id),
                "median": related.occupation.national_annual_median
                if related.occupation
                else None,
                "outlook": outlooks.get(related.occupation_id),
                "in_wage_data": related.occupation is not None,
            }
            for related in rows
        ],
        "wage_release": Release.objects.first(),
        "projections_release": next(iter(outlooks.values())).release if outlooks else None,
    }


def sections(context):
    """The sections of an occupation's page that it shows, in its order, each with its anchor
    and label, for its section navigation. `context` is the page's."""
    onet, traits, outlook = context["onet"], context["traits"], context["outlook"]
    entry = outlook and any(
        (outlook.entry_education, outlook.work_experience, outlook.job_training)
    )
    candidates = [
        ("definition-heading", "What they do", context["definition"] or onet["tasks"]),
        ("official-figures-heading", "Pay", context["official"]),
        ("outlook-heading", "Outlook", outlook),
        ("entry-heading", "Getting in", entry),
        ("technology-heading", "Technology and tools", onet["technologies"]),
        ("job-zone-heading", "Preparation", onet["job_zones"]),
        ("reported-education-heading", "Education reported", onet["education"]),
        ("skills-heading", "Skills and knowledge", traits["skills"]),
        ("interests-heading", "Interests", traits["interests"]),
        ("work-styles-heading", "Work styles", traits["work_styles"]),
        ("readiness-heading", "Are you ready?", context["readiness"]["shown"]),
        ("related-heading", "Related occupations", onet["related"]),
        ("guides-heading", "Career guides", context["guides"]),
    ]
    return [{"anchor": anchor, "label": label} for anchor, label, shown in candidates if shown]


def employment_rows(outlook):
    """The employment chart's rows: BLS's count in the projections' first year and its
    projection for the last, as the bar chart takes them."""
    release = outlook.release
    return [
        (str(release.first_year), outlook.jobs_start, intcomma(outlook.jobs_start)),
        (f"{release.last_year}, projected", outlook.jobs_end, intcomma(outlook.jobs_end)),
    ]
