"""
Compare two to four careers side by side: /compare/?careers=a,b,c (the page is in
careers/views.py, its parameters in careers/forms.py): each career's column, and what they
share.

Every career has official data, guide or not, so that is what the comparison is built on: BLS's
wages (OEWS, national percentiles, hourly where BLS publishes only hourly wages) and projections
(outlook, openings, what it takes to enter), and O*NET's job zone, Bright Outlook, most important
skills, core tasks, technologies and tools. A guide's own figures come beside them, as the
guide's. Tasks are each occupation's own sentences, so what careers share is read from the
technologies and tools, which O*NET names alike in every occupation.
"""

from typing import NamedTuple
from urllib.parse import urlencode

from django.db.models import F, Prefetch
from django.urls import reverse

from careers.forms import MAX_ROLES
from careers.headline import estimate_headline, release_label
from guides.models import CareerLevel, Role, RoleIndustry, Skill
from occupations.models import (
    Descriptor,
    Occupation,
    OnetOccupation,
    Projection,
    SkillRating,
    Task,
)
from salaries.figures import NOT_PUBLISHED, PERCENTILES, describe_wage, pay_period
from salaries.models import WageEstimate

MIN_ROLES = 2
# Left-out names listed in a message; the rest are counted.
MAX_NAMED = 5
# Skills, technologies or tools listed at once in a cell; the rest are behind a "more" disclosure.
SKILLS_SHOWN = 6
# O*NET's skills shown of each career, the most important first.
TOP_SKILLS = 6
# Core tasks shown of each career; the rest are behind a "more" disclosure.
TASKS_SHOWN = 3
HOT_NOTE = "hot: often named in job postings"
# What BLS says it takes to enter an occupation: a row each.
ENTRY = [
    ("Typical education to enter", "entry_education"),
    ("Work experience in a related occupation", "work_experience"),
    ("Typical on-the-job training", "job_training"),
]


class Item(NamedTuple):
    """A technology or tool by O*NET's example name; `hot` for a hot technology."""

    name: str
    hot: bool = False


def context(form, roles, columns, unknown, left_out):
    """What the comparison page shows: the columns, and messages for what was not found."""
    careers = slugs_param(roles)
    titles = _and_list([role.title for role in roles])
    add = form.cleaned_data.get("add", "") if form.is_valid() else ""
    return {
        "form": form,
        "page_title": f"Compare {titles}" if titles else "Compare careers",
        "roles": roles,
        "columns": columns,
        "careers": careers,
        "canonical_url": compare_url(roles),
        "titles": titles,
        # A name that was not found stays in the box, to be corrected.
        "add_again": add if add in unknown else "",
        "unknown": [_short(name) for name in unknown],
        "left_out": [_short(name) for name in left_out[:MAX_NAMED]],
        "left_out_more": max(len(left_out) - MAX_NAMED, 0),
        "min_roles": MIN_ROLES,
        "max_roles": MAX_ROLES,
        "full": len(roles) >= MAX_ROLES,
        "common_skills": _common_skills(columns),
        "some_shared": any(column["shared_skills"] for column in columns),
        "guides_compared": sum(1 for role in roles if role.has_guide),
        **_official_context(columns),
    }


def _official_context(columns):
    """What the rows of official data show across the columns: what the careers share, the
    releases each row comes from, and all occupations' projected change to read theirs against."""
    outlooks = [column["outlook"] for column in columns if column["outlook"]]
    parts = [part for column in columns for part in column["onet"]]
    skills = [rating for part in parts for rating in part.top_skills]
    estimates = [column["official"] for column in columns if column["official"]]
    common_technologies, more_technologies = _split(_shared_items(columns, "technologies"))
    common_tools, more_tools = _split(_shared_items(columns, "tools"))
    return {
        "wage_source": f"{release_label(estimates[0].release)}, national" if estimates else "",
        "projection_releases": _unique(outlook.release for outlook in outlooks),
        "onet_releases": _unique(part.release for part in parts),
        "skill_releases": _unique(rating.release for rating in skills),
        # O*NET's releases whose content is shown, each to be credited.
        "onet_credits": _unique([*(part.release for part in parts), *(r.release for r in skills)]),
        "all_occupations": _average(columns, outlooks),
        "common_onet_skills": _common_onet_skills(columns),
        "common_technologies": common_technologies,
        "common_technologies_more": more_technologies,
        "common_tools": common_tools,
        "common_tools_more": more_tools,
        "entry_rows": [
            (heading, [getattr(column["outlook"], field, None) for column in columns])
            for heading, field in ENTRY
        ],
        "only_rows": [
            (
                heading,
                [
                    (column, column[f"only_{kind}"], column[f"only_{kind}_more"])
                    for column in columns
                ],
                note,
            )
            for heading, kind, note in [
                ("Technology only this career uses", "technologies", HOT_NOTE),
                ("Tools only this career uses", "tools", ""),
            ]
        ],
        "hot_note": HOT_NOTE,
        "top_skills": TOP_SKILLS,
        "tasks_shown": TASKS_SHOWN,
    }


def _average(columns, outlooks):
    """BLS's projection of all occupations together, when every outlook shown is of its
    release: a change is read against the average of the same years only."""
    total = columns[0]["all_occupations"] if columns else None
    if total is None or not outlooks:
        return None
    return total if all(outlook.release_id == total.release_id for outlook in outlooks) else None


def comparable_roles():
    """Published roles with everything a column shows: four queries however many or large."""
    return (
        Role.objects.published()
        .select_related("occupation")
        .prefetch_related(
            Prefetch("role_industries", queryset=RoleIndustry.objects.select_related("industry")),
            Prefetch("career_levels", queryset=CareerLevel.objects.select_related("salary")),
            Prefetch(
                "skills",
                queryset=Skill.objects.exclude(kind=Skill.Kind.EDUCATION),
                to_attr="compared_skills",
            ),
        )
    )


def onet_by_code(codes):
    """The O*NET occupations describing each occupation of `codes`, by SOC code, with their
    core tasks, technologies, tools and rated skills: five queries however many careers, and
    none without codes. An occupation the wage data combines has several."""
    if not codes:
        return {}
    skills = SkillRating.objects.filter(
        descriptor__domain=Descriptor.Domain.SKILL, importance_suppressed=False
    ).select_related("descriptor", "release")  # the most important first
    found = (
        OnetOccupation.objects.filter(occupations__code__in=codes)
        .annotate(soc_code=F("occupations__code"))
        .select_related("release", "job_zone")
        .prefetch_related(
            Prefetch("tasks", Task.objects.filter(kind=Task.Kind.CORE), to_attr="core_tasks"),
            Prefetch("skill_ratings", skills, to_attr="rated_skills"),
            "technologies",
            "tools",
        )
        .order_by("code")
    )
    by_code = {}
    for part in found:
        part.top_skills = part.rated_skills[:TOP_SKILLS]
        part.tasks_shown = part.core_tasks[:TASKS_SHOWN]
        part.tasks_more = part.core_tasks[TASKS_SHOWN:]
        by_code.setdefault(part.soc_code, []).append(part)
    return by_code


def columns_for(roles):
    """One dict per role, in the order asked: what each row of the table shows for it. Seven
    queries beyond the roles' own, whatever their number: the wages, the projections (with all
    occupations', to read a change against), and O*NET's five."""
    codes = {role.occupation_id for role in roles if role.occupation_id}
    official = WageEstimate.objects.national_by_code(codes) if codes else {}
    outlooks = Projection.objects.newest_for_each([*codes, Occupation.TOTAL_CODE]) if codes else {}
    onet = onet_by_code(codes)
    columns = []
    for role in roles:
        levels = [level for level in role.career_levels.all() if hasattr(level, "salary")]
        estimate = official.get(role.occupation_id)
        parts = onet.get(role.occupation_id, [])
        period = pay_period([estimate])
        columns.append(
            {
                "role": role,
                "official": estimate,
                "pay": estimate_headline(role, estimate),
                "median_published": describe_wage(estimate, "annual_median") != NOT_PUBLISHED,
                "period": period,
                "percentiles": [
                    (
                        label.removesuffix(" percentile"),
                        describe_wage(estimate, f"{period}_{name}"),
                    )
                    for label, name in PERCENTILES
                ],
                "outlook": outlooks.get(role.occupation_id),
                "all_occupations": outlooks.get(Occupation.TOTAL_CODE),
                "onet": parts,
                "technologies": _items(
                    (item.example, item.hot) for part in parts for item in part.technologies.all()
                ),
                "tools": _items(
                    (item.example, False) for part in parts for item in part.tools.all()
                ),
                "industries": [link.industry for link in role.role_industries.all()],
                "levels": levels,
                "level_sources": _unique(f"{lv.salary.source}, {lv.salary.year}" for lv in levels),
                "skills": _skills_by_key(role.compared_skills),
                # Built here rather than with {% querystring %}, which would write the
                # commas as %2C: the link is the same canonical URL that htmx pushes.
                "remove_url": compare_url([other for other in roles if other != role]),
            }
        )
    # Skills are compared between the careers with a guide; the others have none to compare.
    guides = [column["skills"] for column in columns if column["role"].has_guide]
    counts = {}
    for skills in guides:
        for key in skills:
            counts[key] = counts.get(key, 0) + 1
    for column in columns:
        skills = column["skills"]
        unique = [label for key, label in skills.items() if counts[key] == 1]
        shared = [label for key, label in skills.items() if 1 < counts[key] < len(guides)]
        column["unique_skills"], column["unique_more"] = _split(unique)
        column["shared_skills"], column["shared_more"] = _split(shared)
    return columns


def _items(pairs):
    """Technologies or tools as (name, hot) pairs, once each by name (ignoring case), by key."""
    items = {}
    for name, hot in pairs:
        key = name.casefold()
        items[key] = Item(name, hot or (key in items and items[key].hot))
    return items


def _ranked(items):
    """Hot technologies first, then by name."""
    return sorted(items, key=lambda item: (not item.hot, item.name.casefold()))


def _shared_items(columns, kind):
    """The technologies or tools (`kind`) every career has; and, in each column as
    `only_<kind>` (and `only_<kind>_more`), those only that career has."""
    counts = {}
    for column in columns:
        for key in column[kind]:
            counts[key] = counts.get(key, 0) + 1
    for column in columns:
        only = _ranked(item for key, item in column[kind].items() if counts[key] == 1)
        column[f"only_{kind}"], column[f"only_{kind}_more"] = _split(only)
    if len(columns) < MIN_ROLES:
        return []
    first = columns[0][kind]
    return _ranked(item for key, item in first.items() if counts[key] == len(columns))


def _common_onet_skills(columns):
    """O*NET's skills among the most important of every career, in the first one's order."""
    names = [
        [rating.descriptor.name for part in column["onet"] for rating in part.top_skills]
        for column in columns
    ]
    if len(names) < MIN_ROLES:
        return []
    return [name for name in _unique(names[0]) if all(name in other for other in names[1:])]


def _split(labels):
    """The first few of a long list to show at once, and the rest to show on request."""
    return labels[:SKILLS_SHOWN], labels[SKILLS_SHOWN:]


def _common_skills(columns):
    """Skills every role with a guide lists, in the first such role's order and wording."""
    guides = [column["skills"] for column in columns if column["role"].has_guide]
    if len(guides) < MIN_ROLES:
        return []
    return [label for key, label in guides[0].items() if all(key in other for other in guides)]


def _skills_by_key(skills):
    """A role's skills by comparison key (name if given, else text, ignoring case and spacing)."""
    by_key = {}
    for skill in skills:
        label = skill.name or skill.text
        by_key.setdefault(" ".join(label.split()).casefold(), label)
    return by_key


def _unique(items):
    return list(dict.fromkeys(items))


def slugs_param(roles):
    return ",".join(role.slug for role in roles)


def compare_url(roles):
    url = reverse("careers:compare")
    return f"{url}?{urlencode({'careers': slugs_param(roles)}, safe=',')}" if roles else url


def _and_list(items):
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _short(text, limit=60):
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
