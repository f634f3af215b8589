"""
Compare two to four careers side by side: /compare/?careers=a,b,c (the page is in
careers/views.py, its parameters in careers/forms.py): each career's column, and what they
share.
"""

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse

from careers.forms import MAX_ROLES
from careers.headline import estimate_headline
from guides.models import CareerLevel, Role, RoleIndustry, Skill
from salaries.figures import NOT_PUBLISHED, describe_wage, describe_wage_range
from salaries.models import WageEstimate

MIN_ROLES = 2
# Left-out names listed in a message; the rest are counted.
MAX_NAMED = 5
# Skills listed at once in a column; the others are behind a "more" disclosure.
SKILLS_SHOWN = 6


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
    }


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


def _official_estimates(roles):
    """The newest national estimate of each role's occupation, by SOC code, in one query."""
    codes = {role.occupation_id for role in roles if role.occupation_id}
    return WageEstimate.objects.national_by_code(codes) if codes else {}


def columns_for(roles):
    """One dict per role, in the order asked: what each row of the table shows for it."""
    official = _official_estimates(roles)
    columns = []
    for role in roles:
        levels = [level for level in role.career_levels.all() if hasattr(level, "salary")]
        estimate = official.get(role.occupation_id)
        columns.append(
            {
                "role": role,
                "official": estimate,
                "pay": estimate_headline(role, estimate),
                "median_published": describe_wage(estimate, "annual_median") != NOT_PUBLISHED,
                "pay_range": describe_wage_range(estimate),
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
