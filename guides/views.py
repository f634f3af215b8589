"""Public pages: home, the list of careers, and the guide."""

from functools import wraps

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, prefetch_related_objects
from django.db.models.functions import Substr
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from guides import catalogue
from guides.compare import compare_set
from guides.forms import CareerFilterForm, choices_with_counts
from guides.models import (
    Industry,
    ProCon,
    Role,
    Section,
    Skill,
    SlugHistory,
    guide_page_prefetches,
)
from guides.page_cache import cached_page
from guides.structured_data import description, json_ld, occupation_graph, page_preview
from salaries.figures import level_chart_rows
from salaries.models import Occupation, WageEstimate

ROLES_PER_PAGE = 24


@cached_page(params=[])
def home(request):
    published = Role.objects.published()
    industries = (
        Industry.objects.filter(roles__in=published.with_guide())
        .annotate(guides=Count("roles", distinct=True))
        .order_by("name")
    )
    per_group = dict(
        published.exclude(occupation=None)
        .values_list(Substr("occupation_id", 1, 2))
        .annotate(roles=Count("pk"))
    )
    majors = Occupation.objects.filter(group=Occupation.Group.MAJOR).values_list("code", "title")
    context = {
        "featured": published.with_guide()[:6],
        "industries": industries,
        "groups": [
            (code[:2], title, per_group[code[:2]])
            for code, title in majors
            if code[:2] in per_group
        ],
        "preview": page_preview(
            request,
            "careerguide: in-depth career guides",
            "What a role is, what it pays at each level and in each place, how to get in and "
            "where it leads, with the source of every figure.",
            reverse("guides:home"),
        ),
    }
    return render(request, "guides/home.html", context)


@cached_page
def role_list(request):
    form = CareerFilterForm(request.GET)
    form.is_valid()  # Invalid values are shown as errors; the valid filters still apply.
    searched = form.search(Role.objects.published())
    roles = form.apply(searched)
    # The counts cost a pass over every matching role: cached until the catalogue changes.
    total, counts = catalogue.remember(
        catalogue.key("careers-list", form.filters_key()), lambda: form.counts(searched)
    )
    paginator = Paginator(roles, ROLES_PER_PAGE)
    paginator.count = total  # known already: no second count
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": form.cleaned_data.get("q", ""),
        "facets": {
            field: choices_with_counts(form, field, counts[field])
            for field in ("industry", "group", "education", "growth")
        },
        "guide_count": counts["guide"].get("yes", 0),
        "filters_active": bool(form.conditions() or form.cleaned_data.get("sort")),
        "compare_slugs": compare_set(request.GET.get("compare")),
        "preview": page_preview(
            request,
            "Find a career",
            "Search and filter every occupation by pay, education and outlook.",
            _address(request),
        ),
    }
    template = "guides/role_list.html"
    if request.htmx and request.htmx.target == "results":
        template += "#results"
        context["partial"] = True  # with the filters' new counts, swapped out of band
    response = render(request, template, context)
    if request.htmx:
        # The address bar shows only the filters in use: a short URL to paste.
        response["HX-Push-Url"] = _address(request)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _address(request):
    used = request.GET.copy()
    for name, value in request.GET.items():
        if value.strip() == "" or (name == "page" and value == "1"):
            del used[name]
    return f"{request.path}?{used.urlencode()}" if used else request.path


class Moved(Exception):
    """The slug is a role's old address: answer with a permanent redirect to its new one."""

    def __init__(self, role):
        self.role = role


def visible_role(request, slug):
    """The role at `slug` that this visitor may see; Moved for an old slug; else a 404.

    A published role is found without looking at who asks, so its page is the same for
    everyone (and may be cached); only a signed-in visitor can preview the others."""
    roles = Role.objects.published()
    role = roles.filter(slug=slug).first()
    if role is None and settings.SESSION_COOKIE_NAME in request.COOKIES:
        roles = Role.objects.visible_to(request.user)
        role = roles.filter(slug=slug).first()
    if role is not None:
        return role
    old = SlugHistory.objects.filter(slug=slug, role__in=roles).select_related("role").first()
    if old is not None:
        raise Moved(old.role)
    raise Http404("No career at this address.")


def follows_moves(view):
    """Wrap a view taking `slug`: an old slug redirects (301) to the same page at the new one,
    with the same query string."""

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        try:
            return view(request, slug, *args, **kwargs)
        except Moved as moved:
            location = reverse(request.resolver_match.view_name, args=[moved.role.slug])
            if request.META.get("QUERY_STRING"):
                location += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(location)

    return wrapper


@cached_page(params=["compare"])
@follows_moves
def detail(request, slug):
    role = visible_role(request, slug)
    official = official_figures(role)
    if not role.has_guide:
        response = _occupation_page(request, role, official)
    else:
        prefetch_related_objects([role], *guide_page_prefetches())
        response = _guide_page(request, role, official)
    return preview_aware(role, response)


def preview_aware(role, response):
    """A preview of an unpublished role is for its viewer alone: never kept by any cache."""
    if not role.is_published:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response


def _occupation_page(request, role, official):
    """An occupation without a written guide: its official figures, and guides that share it."""
    guides = []
    if role.occupation_id:
        guides = (
            Role.objects.published()
            .with_guide()
            .filter(occupation_id=role.occupation_id)
            .only("title", "slug")
        )
    context = {
        "role": role,
        "official": official,
        "guides": guides,
        "preview": page_preview(
            request, role.title, description(role, official), role.get_absolute_url(), role=role
        ),
        "json_ld": json_ld(occupation_graph(request, role, official)),
    }
    return render(request, "guides/occupation_detail.html", context)


def official_figures(role):
    """The newest official national estimate for the role's occupation, or None."""
    if not role.occupation_id:
        return None
    estimates = WageEstimate.objects.for_occupation(role.occupation_id).national()
    return estimates.select_related("occupation", "area").first()


def _guide_page(request, role, official):
    sections = {section.kind: section for section in role.sections.all()}
    skills = {kind: [] for kind in Skill.Kind}
    for skill in role.skills.all():
        skills[skill.kind].append(skill)
    pros_cons = {kind: [] for kind in ProCon.Kind}
    for item in role.pros_cons.all():
        pros_cons[item.kind].append(item)
    context = {
        "role": role,
        "sections": sections,
        "industries": [link.industry for link in role.role_industries.all()],
        "responsibilities": role.responsibilities.all(),
        "education_requirements": skills[Skill.Kind.EDUCATION],
        "technical_skills": skills[Skill.Kind.TECHNICAL],
        "soft_skills": skills[Skill.Kind.SOFT],
        "steps": role.steps.all(),
        "career_levels": role.career_levels.all(),
        "country_salaries": role.country_salaries.all(),
        "pros": pros_cons[ProCon.Kind.PRO],
        "cons": pros_cons[ProCon.Kind.CON],
        "faqs": role.faqs.all(),
        "change_notes": role.change_notes.all(),
        # Published roles, and roles that are only a name so far (shown as text); a guide
        # being written is not shown, not even its title.
        "related_roles": [
            link.related
            for link in role.related_links.all()
            if link.related.is_published or not link.related.has_guide
        ],
    }
    context["official"] = official
    context["guide_figures_older"] = bool(
        official
        and role.median_pay_year
        and role.median_pay_year < official.release.reference_date.year
    )
    context["level_chart_rows"] = level_chart_rows(context["career_levels"])
    context["compare_slugs"] = compare_set(request.GET.get("compare"))
    context["contents"] = _table_of_contents(context)
    context["shown"] = {anchor for anchor, _ in context["contents"]}
    context["preview"] = page_preview(
        request,
        f"{role.title} career guide",
        description(role, official),
        role.get_absolute_url(),
        role=role,
    )
    graph = occupation_graph(
        request,
        role,
        official,
        skills=[*skills[Skill.Kind.TECHNICAL], *skills[Skill.Kind.SOFT]],
        responsibilities=context["responsibilities"],
    )
    context["json_ld"] = json_ld(graph)
    context["embed_url"] = request.build_absolute_uri(reverse("guides:embed", args=[role.slug]))
    return render(request, "guides/role_detail.html", context)


def _table_of_contents(context):
    """The guide's sections that have content, as (anchor, label) pairs in page order."""
    sections = context["sections"]
    has = {
        "overview": Section.Kind.OVERVIEW in sections,
        "responsibilities": bool(context["responsibilities"]),
        "work-environment": Section.Kind.WORK_ENVIRONMENT in sections,
        "tools": Section.Kind.TOOLS in sections,
        "skills": Section.Kind.SKILLS in sections
        or context["technical_skills"]
        or context["soft_skills"],
        "how-to-become": Section.Kind.HOW_TO_BECOME in sections or bool(context["steps"]),
        "education": Section.Kind.EDUCATION in sections,
        "salary": Section.Kind.SALARY in sections
        or bool(context["career_levels"])
        or context["official"] is not None,
        "career-path": Section.Kind.CAREER_PATH in sections or bool(context["career_levels"]),
        "diversity": Section.Kind.DIVERSITY in sections,
        "global": Section.Kind.GLOBAL in sections or bool(context["country_salaries"]),
        "market": Section.Kind.MARKET in sections,
        "pros-cons": bool(context["pros"] or context["cons"]),
        "faq": bool(context["faqs"]),
        "related": bool(context["related_roles"]),
        "changes": bool(context["change_notes"]),
    }
    return [(anchor, label) for anchor, label in CONTENTS if has[anchor]]


CONTENTS = [
    ("overview", "What it is"),
    ("responsibilities", "Responsibilities"),
    ("work-environment", "Work environment"),
    ("tools", "Tools & technologies"),
    ("skills", "Skills & qualifications"),
    ("how-to-become", "How to become one"),
    ("education", "Education & training"),
    ("salary", "Salary & outlook"),
    ("career-path", "Career path"),
    ("diversity", "Diversity & inclusion"),
    ("global", "Global opportunities"),
    ("market", "Market reality"),
    ("pros-cons", "Pros & cons"),
    ("faq", "FAQ"),
    ("related", "Related careers"),
    ("changes", "Changes to this guide"),
]
