"""
Compare two to four careers side by side: /compare/?careers=a,b,c.

The `careers` parameter is the whole state of the page, so the URL always says what is compared:
slugs are lower-cased and de-duplicated in order, an `add` from the form is appended, and a full
page request for a URL that is not in that form is redirected to the one that is.
"""

import re
from urllib.parse import urlencode

from django import forms
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django_htmx.http import push_url

from careerguide.http import vary_on_htmx
from careerguide.page_cache import cached_page
from careers.structured_data import page_preview
from guides.models import CareerLevel, Role, RoleIndustry, Skill
from salaries.figures import NOT_PUBLISHED, describe_wage, describe_wage_range
from salaries.models import WageEstimate

MIN_ROLES = 2
MAX_ROLES = 4
# Four slugs of at most 200 characters, their commas, and room for stray spaces.
MAX_CAREERS_LENGTH = 1000
MAX_SLUG_LENGTH = 200
# Left-out names listed in a message; the rest are counted.
MAX_NAMED = 5
# Skills listed at once in a column; the others are behind a "more" disclosure.
SKILLS_SHOWN = 6

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


@cached_page
def compare(request):
    form = CompareForm.from_query(request.GET)
    if not form.is_valid():
        return _respond(request, _context(form, [], [], [], []), status=400)

    requested = form.requested()
    considered, left_out = requested[:MAX_ROLES], [shown for _, shown in requested[MAX_ROLES:]]
    found = {
        role.slug: role
        for role in _roles().filter(slug__in=[slug for slug, _ in considered if slug])
    }
    # Drafts are not found either: the message is the same as for a name that never existed.
    unknown = [shown for slug, shown in considered if slug not in found]
    roles = [found[slug] for slug, _ in considered if slug in found]

    canonical = _compare_url(roles)
    # A full page says what it shows in its URL; with a message to show, the page stays put.
    asked = request.GET.getlist("careers")
    normalised = asked == ([_slugs_param(roles)] if roles else []) and "add" not in request.GET
    if not (request.htmx or unknown or left_out or normalised):
        return vary_on_htmx(HttpResponseRedirect(canonical))

    columns = _columns(roles)
    response = _respond(request, _context(form, roles, columns, unknown, left_out))
    if request.htmx:
        push_url(response, canonical)
    return response


def _respond(request, context, status=200):
    template = "careers/compare.html"
    # Only the region: it brings the page's new title and status line with it.
    region_only = bool(request.htmx and request.htmx.target == "comparison")
    if region_only:
        template += "#comparison"
    titles = context["titles"]
    summary = (
        f"{titles} side by side: pay, education, outlook, industries and skills."
        if len(context["roles"]) > 1
        else "Compare two to four careers side by side: pay, education, outlook, industries "
        "and skills."
    )
    preview = page_preview(request, context["page_title"], summary, context["canonical_url"])
    context = {**context, "region_only": region_only, "preview": preview}
    return vary_on_htmx(render(request, template, context, status=status))


def _context(form, roles, columns, unknown, left_out):
    careers = _slugs_param(roles)
    titles = _and_list([role.title for role in roles])
    add = form.cleaned_data.get("add", "") if form.is_valid() else ""
    return {
        "form": form,
        "page_title": f"Compare {titles}" if titles else "Compare careers",
        "roles": roles,
        "columns": columns,
        "careers": careers,
        "canonical_url": _compare_url(roles),
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


def _roles():
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
    if not codes:
        return {}
    estimates = (
        WageEstimate.objects.latest_release()
        .national()
        .filter(occupation__code__in=codes)
        .select_related("release", "occupation")
    )
    return {estimate.occupation.code: estimate for estimate in estimates}


def _columns(roles):
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
                "median_published": describe_wage(estimate, "annual_median") != NOT_PUBLISHED,
                "pay_range": describe_wage_range(estimate),
                "industries": [link.industry for link in role.role_industries.all()],
                "levels": levels,
                "level_sources": _unique(f"{lv.salary.source}, {lv.salary.year}" for lv in levels),
                "skills": _skills_by_key(role.compared_skills),
                # Built here rather than with {% querystring %}, which would write the
                # commas as %2C: the link is the same canonical URL that htmx pushes.
                "remove_url": _compare_url([other for other in roles if other != role]),
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


def _slugs_param(roles):
    return ",".join(role.slug for role in roles)


def _compare_url(roles):
    url = reverse("careers:compare")
    return f"{url}?{urlencode({'careers': _slugs_param(roles)}, safe=',')}" if roles else url


def _and_list(items):
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _short(text, limit=60):
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
