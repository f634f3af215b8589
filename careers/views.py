"""Public pages: home, the list of careers, the guide (or occupation page) and its salaries."""

import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Substr
from django.db.models.lookups import Exact
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_safe
from django_htmx.http import push_url

from careerguide import catalogue
from careerguide.http import vary_on_htmx
from careerguide.page_cache import PUBLIC_CACHING, cached_page
from careers import compare as comparison
from careers import fit as career_fit
from careers import job_post as job_post_kit
from careers import link_preview, profile, suggestions
from careers.addresses import follows_moves, preview_aware, published_role, visible_role
from careers.forms import (
    MAX_ROLES,
    CareerFilterForm,
    CompareForm,
    Growth,
    JobPostForm,
    SalaryPageForm,
    average_growth,
    choices_with_counts,
    compare_set,
)
from careers.headline import (
    OFFICIAL_REACH,
    estimate_headline,
    headline_pays,
    newest_release,
    release_label,
)
from careers.page_sections import sections_with_content, skill_groups
from careers.profile import onet_names, onet_occupations, onet_parts
from careers.structured_data import (
    description,
    json_ld,
    occupation_graph,
    page_preview,
    profile_facts,
)
from careers.traits import trait_parts
from guides.markdown import render_markdown
from guides.models import (
    CareerLevel,
    EducationLevel,
    Industry,
    ProCon,
    Role,
    Section,
    Skill,
)
from guides.parts import page_prefetches
from occupations.models import CareerCluster, Definition, Occupation, Projection, SourceRelease
from salaries.currency import format_money
from salaries.figures import describe_wage, pay_period
from salaries.models import Area, WageEstimate

ROLES_PER_PAGE = 24
_ID = re.compile(r"[A-Za-z][\w-]{0,60}")  # an element id that htmx names (HX-Target)


@cached_page(params=[])
def home(request):
    published = Role.objects.published()
    industries = (
        Industry.objects.filter(roles__in=published.with_guide())
        .annotate(guides=Count("roles", distinct=True))
        .order_by("name")
    )
    per_group = dict(
        _browsed()
        .exclude(occupation=None)
        .values_list("soc_major_group")
        .annotate(roles=Count("pk"))
        .order_by()
    )
    majors = Occupation.objects.filter(group=Occupation.Group.MAJOR).values_list("code", "title")
    clusters = list(CareerCluster.objects.all())
    per_cluster = _careers_per_cluster(clusters)
    projections, wages = SourceRelease.objects.newest_projections(), newest_release()
    featured = list(published.with_guide()[:6])
    pays = headline_pays(featured, wages)
    for role in featured:
        role.pay = pays[role.pk]
    context = {
        "featured": featured,
        "projections": projections,
        # All occupations' projected change, for the featured cards' outlook badge.
        "average_growth": average_growth(),
        "rankings": _rankings(projections, wages),
        "industries": industries,
        "groups": [
            (code, title, per_group[code[:2]]) for code, title in majors if code[:2] in per_group
        ],
        "clusters": [
            (cluster, per_cluster[cluster.pk]) for cluster in clusters if per_cluster[cluster.pk]
        ],
        "preview": page_preview(
            request,
            "careerguide: in-depth career guides",
            "What a role is, what it pays at each level and in each place, how to get in and "
            "where it leads, with the source of every figure.",
            reverse("careers:home"),
        ),
    }
    return render(request, "careers/home.html", context)


# How many careers each of the home page's lists from official data names.
RANKED = 5


def _rankings(projections, wages):
    """The home page's lists from official data: the fastest growing careers, those with the
    most openings and the best paid of those a high school diploma opens, each the first
    RANKED careers of the careers list so filtered and sorted (its link), with its source:
    `projections` and `wages` are the newest releases of each."""
    lists = [
        dict(key="growing", heading="Fastest growing", release=projections,
             note="projected change in employment", filters={}, sort="growth",
             figure="official_growth", more="Every career by projected growth"),
        dict(key="openings", heading="Most openings", release=projections,
             note="openings a year, on average", filters={}, sort="openings",
             figure="official_openings", more="Every career by openings a year"),
        dict(key="high-school", heading="Best paid with a high school diploma", release=wages,
             note="U.S. national median", filters={"education": EducationLevel.HIGH_SCHOOL},
             sort="pay-high", figure="official_median",
             more="Every career a high school diploma opens, best paid first"),
    ]  # fmt: skip
    rankings = []
    for ranking in lists:
        if ranking["release"] is None:
            continue
        filters, figure = ranking["filters"], ranking["figure"]
        conditions = {f"official_{name}": value for name, value in filters.items()}
        roles = (
            _browsed()
            .filter(**conditions, **{f"{figure}__isnull": False})
            .order_by(*CareerFilterForm.SORTS[ranking["sort"]])
            .only("title", "slug", figure)[:RANKED]
        )
        query = urlencode({**filters, "sort": ranking["sort"]})
        rankings.append(
            {**ranking, "roles": roles, "source": f"{ranking['release']}: {ranking['note']}",
             "url": f"{reverse('careers:list')}?{query}"}
        )  # fmt: skip
    return rankings


# What the careers list reads: its filters, the page of results and the careers chosen to compare.
LIST_PARAMS = [*CareerFilterForm.base_fields, "page", "compare"]


@cached_page(params=LIST_PARAMS, brief=["q"])
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
    # The release of the medians the roles keep: asked once until the catalogue changes.
    release = catalogue.remember(catalogue.key("newest-wage-release"), newest_release)
    pays = headline_pays(page.object_list, release)
    for role in page.object_list:
        role.pay = pays[role.pk]
    context = {
        "form": form,
        "page": page,
        # The release of the projected change and openings the roles keep, for the cards' source.
        "projections": catalogue.remember(
            catalogue.key("newest-projections"), SourceRelease.objects.newest_projections
        ),
        # The O*NET release the roles' other names and Bright Outlook come from, for its credit.
        "onet": catalogue.remember(
            catalogue.key("newest-onet"), SourceRelease.objects.newest_onet
        ),
        # All occupations' projected change, which the cards' outlook badge is read against.
        "average_growth": form.average_growth,
        "query": form.cleaned_data.get("q", ""),
        "correction": form.correction,
        "facets": {
            field: choices_with_counts(form, field, counts[field])
            for field in (
                "industry",
                "group",
                "education",
                "growth",
                "openings",
                "job_zone",
                "cluster",
            )
        },
        "guide_count": counts["guide"].get("yes", 0),
        "bright_count": counts["bright"].get("yes", 0),
        "filters_active": bool(form.conditions() or form.cleaned_data.get("sort")),
        "compare_slugs": compare_set(request.GET.get("compare")),
        "preview": page_preview(
            request,
            "Find a career",
            "Search and filter every occupation by pay, education and outlook.",
            _address(request),
        ),
    }
    template = "careers/role_list.html"
    if request.htmx and request.htmx.target == "results":
        template += "#results"
        context["partial"] = True  # with the filters' new counts, swapped out of band
    response = render(request, template, context)
    if request.htmx:
        # The address bar shows only the filters in use: a short URL to paste.
        response["HX-Push-Url"] = _address(request)
    return vary_on_htmx(response)


def _address(request):
    """The list's address with only the parameters it reads and uses (no empty filter, no
    first page): the same for every request the page cache answers with one page."""
    used = QueryDict(mutable=True)
    for name in LIST_PARAMS:
        values = [value for value in request.GET.getlist(name) if value.strip()]
        if name == "page" and values == ["1"]:
            continue
        if values:
            used.setlist(name, values)
    return f"{request.path}?{used.urlencode()}" if used else request.path


@cached_page(params=["q"], brief=["q"])
def suggest(request):
    """The options of a search box's suggestions (careers/suggestions.py), for htmx; anyone
    else asking is sent to the search itself."""
    text = suggestions.clean(request.GET.get("q", ""))
    if not request.htmx:
        search = reverse("careers:list") + (f"?{urlencode({'q': text})}" if text else "")
        return vary_on_htmx(HttpResponseRedirect(search))
    # The options' ids start with the id of the list they fill, so that they are unique.
    target = request.htmx.target or ""
    context = {
        "suggestions": suggestions.suggest(text),
        "query": text,
        "prefix": target if _ID.fullmatch(target) else "suggestion",
    }
    return vary_on_htmx(render(request, "careers/suggestions.html", context))


# The readiness check's answers are in the key: a page with them is never one without them.
@cached_page(params=["compare", *career_fit.READINESS_PARAMS])
@follows_moves
def detail(request, slug):
    role = visible_role(request, slug)
    official = role.national_estimate()
    if not role.has_guide:
        response = _occupation_page(request, role, official)
    else:
        prefetch_related_objects([role], *page_prefetches())
        response = _guide_page(request, role, official)
    return preview_aware(role, _private_answers(request, response, career_fit.READINESS_PARAMS))


def _private_answers(request, response, params):
    """A page showing a visitor's own answers (in `params`) is theirs: neither the page
    cache nor a shared cache on the way keeps it."""
    if any(name in request.GET for name in params):
        patch_cache_control(response, private=True, max_age=0)
    return response


@cached_page(params=career_fit.PARAMS)
def fit(request):
    """Which careers fit me: what a job seeker has, and the careers ranked by how well they
    fit it (careers/fit.py). An answer that is not one of the choices is said, with a 400."""
    options = career_fit.fit_options()
    form = career_fit.FitForm(request.GET, options)
    context = {
        "form": form,
        "checklist": career_fit.checklist(form),
        "results": career_fit.rank(form.cleaned_data, options) if form.answered else [],
        "releases": options["releases"],
        "preview": page_preview(
            request,
            "Which careers fit me",
            "Pick your education, skills, interests and the technologies you know, and see the "
            "careers that fit, with their pay, outlook and what you would still need.",
            reverse("careers:fit"),
        ),
    }
    response = render(request, "careers/fit.html", context, status=200 if form.is_valid() else 400)
    return _private_answers(request, response, career_fit.PARAMS)


def _occupation_page(request, role, official):
    """An occupation without a written guide: its official figures, and guides that share it."""
    guides, outlook, all_occupations, definition, onet = [], None, None, None, []
    if role.occupation_id:
        guides = (
            Role.objects.published()
            .with_guide()
            .filter(occupation_id=role.occupation_id)
            .only("title", "slug")
        )
        outlook, all_occupations = _outlook_and_average(role.occupation_id)
        definition = (
            Definition.objects.filter(occupation_id=role.occupation_id)
            .select_related("release")
            .first()
        )
        onet = onet_occupations(role.occupation_id)
    context = {
        "role": role,
        "lineage": _lineage(role),
        "official": official,
        "outlook": outlook,
        "all_occupations": all_occupations,
        "definition": definition,
        "onet": onet_parts(onet, role.occupation_id),
        "traits": trait_parts(onet),
        "guides": guides,
        "preview": page_preview(
            request,
            role.title,
            description(role, official),
            role.get_absolute_url(),
            role=role,
            official=official,
        ),
        "json_ld": json_ld(
            occupation_graph(request, role, official, **profile_facts(outlook, onet))
        ),
    }
    # After trait_parts, whose prefetched ratings it reads: no query of its own.
    context["readiness"] = career_fit.readiness(request.GET, onet, outlook)
    context["sections"] = profile.sections(context)
    if outlook:
        average = all_occupations.change_percent if all_occupations else None
        context["growth_band"] = Growth.band(outlook.change_percent, average)
        context["employment_rows"] = profile.employment_rows(outlook)
    return render(
        request, "careers/occupation_detail.html", context, status=_status(context["readiness"])
    )


def _status(readiness):
    return 200 if readiness["form"].is_valid() else 400


def _outlook_and_average(code):
    """The newest projection of occupation `code`, and BLS's projection of all occupations
    together in the same release (None if that release has none), to read the change against:
    one query."""
    newest = Projection.objects.newest_for_each([code, Occupation.TOTAL_CODE])
    outlook, total = newest.get(code), newest.get(Occupation.TOTAL_CODE)
    if outlook is None or total is None or total.release_id != outlook.release_id:
        return outlook, None
    return outlook, total


def _lineage(role):
    """The groups above the role's occupation, for its breadcrumb: one query."""
    if not role.occupation_id:
        return []
    occupation = Occupation.objects.with_lineage().filter(code=role.occupation_id).first()
    return occupation.lineage if occupation else []


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
        "lineage": _lineage(role),
        "sections": sections,
        "industries": [link.industry for link in role.role_industries.all()],
        "responsibilities": role.responsibilities.all(),
        "skill_groups": skill_groups(skills, sections),
        "steps": role.steps.all(),
        "career_levels": role.career_levels.all(),
        "country_salaries": role.country_salaries.all(),
        "pros": pros_cons[ProCon.Kind.PRO],
        "cons": pros_cons[ProCon.Kind.CON],
        "faqs": role.faqs.all(),
        "change_notes": role.change_notes.all(),
        # Published roles, and roles that are only a name so far (shown as text, or as a link
        # to their occupation's page); a guide being written is not shown, not even its title.
        "related_links": [
            link
            for link in role.related_links.all()
            if link.related.is_published or not link.related.has_guide
        ],
        "level_table_section": sections.get(Section.Kind.SALARY_LEVELS),
        "focus_areas_section": sections.get(Section.Kind.FOCUS_AREAS),
    }
    context["official"] = official
    context["guide_figures_older"] = bool(
        official and role.median_pay_year and role.median_pay_older_than(official.release)
    )
    pay = estimate_headline(role, official)
    context["official_pay"] = pay if pay is not None and pay.official else None
    context["level_chart_rows"] = _level_chart_rows(context["career_levels"])
    context.update(_official_outlook(role))
    context["onet"] = onet_names(role.occupation_id) if role.occupation_id else None
    context["other_names"] = [
        name.strip() for name in role.alternative_titles.splitlines() if name.strip()
    ]
    context["compare_slugs"] = compare_set(request.GET.get("compare"))
    context["page_sections"] = sections_with_content(context)
    context["preview"] = page_preview(
        request,
        f"{role.title} career guide",
        description(role, official),
        role.get_absolute_url(),
        role=role,
        official=official,
    )
    graph = occupation_graph(
        request,
        role,
        official,
        education=role.typical_education,
        skills=[
            skill.name or skill.text
            for skill in [*skills[Skill.Kind.TECHNICAL], *skills[Skill.Kind.SOFT]]
        ],
        responsibilities=[item.text for item in context["responsibilities"]],
    )
    context["json_ld"] = json_ld(graph)
    context["embed_url"] = request.build_absolute_uri(reverse("careers:embed", args=[role.slug]))
    ratings, technologies = [], []
    if role.occupation_id:
        ratings, technologies = career_fit.readiness_rows(role.occupation_id)
    context["readiness"] = career_fit.readiness(
        request.GET, [], context["outlook"], context["steps"], ratings, technologies
    )
    return render(
        request, "careers/role_detail.html", context, status=_status(context["readiness"])
    )


def _official_outlook(role):
    """The newest official projection of the guide's occupation, to show beside the guide's own
    growth and openings, and whether it is newer than the guide's (whose period starts earlier,
    or is not given)."""
    outlook = Projection.objects.newest_for(role.occupation_id) if role.occupation_id else None
    newer = bool(outlook and role.outlook_older_than(outlook.release))
    return {"outlook": outlook, "outlook_newer": newer}


@cached_page(params=list(SalaryPageForm.base_fields))
@follows_moves
def salaries(request, slug):
    """A role's pay everywhere: official figures by state and metro area, and its guide's own."""
    role = visible_role(request, slug)
    national, by_state = WageEstimate.objects.national_and_states(role.occupation_id)
    states = list(by_state.values())

    form = SalaryPageForm(request.GET, states={estimate.area.state for estimate in states})
    # A bad choice (an unknown state, an unknown sort) is shown on the page, not applied.
    status = 200 if form.is_valid() else 400
    state = form.cleaned_data.get("state", "")
    metros = []
    if state:
        metros = list(
            WageEstimate.objects.for_occupation(role.occupation_id)
            .metro_areas(state)
            .select_related("area")
            .order_by("area__title")
        )

    period = pay_period([national, *states])
    median = f"{period}_median"
    context = {
        "role": role,
        "form": form,
        "national": national,
        "period": period,
        "median_field": median,
        "states": form.order_states(states, period),
        "state": state,
        "state_name": next((e.area.title for e in states if e.area.state == state), ""),
        "metros": metros,
        # Without metro figures for the state, say whether none are loaded at all.
        "metros_loaded": bool(metros)
        or bool(state and Area.objects.filter(kind__in=Area.METRO_KINDS).exists()),
        "sort": form.cleaned_data.get("sort") or "state",
        "status": status,
        "state_chart_rows": [
            (e.area.title, getattr(e, median), describe_wage(e, median))
            for e in sorted(states, key=lambda e: _high_first(e, median))
        ],
        "state_tiles": [
            (e.area.state, e.area.title, getattr(e, median), describe_wage(e, median))
            for e in sorted(states, key=lambda e: e.area.title)
        ],
        "career_levels": role.career_levels.select_related("salary") if role.has_guide else [],
        "country_salaries": role.country_salaries.all() if role.has_guide else [],
    }
    context["level_chart_rows"] = _level_chart_rows(context["career_levels"])
    per = "an hour" if period == "hourly" else "a year"
    if national is not None:
        median = f": median {describe_wage(national, median)} {per} ({national.release})"
    else:
        median = ""
    context["preview"] = page_preview(
        request,
        f"{role.title}: pay in every state",
        f"What {role.title} pays in the U.S., in every state and metro area{median}.",
        reverse("careers:salaries", args=[role.slug]),
        role=role,
        official=national,
    )
    template = "careers/role_salaries.html"
    if request.htmx and request.htmx.target == "metros":
        template = "careers/salaries_metros.html"
    response = render(request, template, context, status=status)
    return preview_aware(role, vary_on_htmx(response))


def _high_first(estimate, figure):
    value = getattr(estimate, figure)
    return (value is None, -(value or 0), estimate.area.title)


def _level_chart_rows(career_levels):
    """A guide's median salary per career level as (label, value, text) for the bar chart."""
    rows = []
    for level in career_levels:
        if hasattr(level, "salary"):
            salary = level.salary
            rows.append((level.title, salary.median, format_money(salary.median, salary.currency)))
    return rows


@cached_page(params=list(JobPostForm.base_fields))
@follows_moves
def job_post(request, slug):
    """The job post kit: a draft job description from the guide, for a level and a state."""
    role = visible_role(request, slug)
    if not role.has_guide:
        raise Http404("This career has no guide to assemble a job post from.")
    prefetch_related_objects(
        [role],
        "responsibilities",
        "skills",
        Prefetch("career_levels", queryset=CareerLevel.objects.select_related("salary")),
    )
    levels = list(role.career_levels.all())
    national, states = WageEstimate.objects.national_and_states(role.occupation_id)
    form = JobPostForm(
        request.GET,
        levels=levels,
        states=[(code, estimate.area.title) for code, estimate in states.items()],
    )
    context = {
        "role": role,
        "form": form,
        "has_states": bool(states),
        "preview": page_preview(
            request,
            f"{role.title}: job post kit",
            f"A draft job post for {role.title}, assembled from the career guide and "
            "official wage figures.",
            reverse("careers:job_post", args=[role.slug]),
            role=role,
            official=national,
        ),
    }
    status = 200
    if form.is_valid():
        state = form.cleaned_data["state"]
        estimate = states[state] if state else national
        parts = job_post_kit.assemble(
            role,
            form.cleaned_data["level"],
            estimate,
            guide_url=request.build_absolute_uri(role.get_absolute_url()),
        )
        markdown = job_post_kit.as_markdown(parts)
        context.update(
            parts=parts,
            text=job_post_kit.as_text(parts),
            markdown=markdown,
            rendered=render_markdown(markdown),
            state_name=estimate.area.title if state else "",
        )
    else:
        status = 400
    response = render(request, "careers/job_post.html", context, status=status)
    return preview_aware(role, response)


# @etag compares the reader's If-None-Match with the image's ETag first: a reader who has this
# drawing gets a 304 (with the ETag and Cache-Control), and its PNG is neither drawn nor read.
@require_safe
@follows_moves
@cache_control(**PUBLIC_CACHING)
@etag(lambda request, slug: link_preview.digest(_guide_card(slug)))
def preview_image(request, slug):
    """A published guide's link preview image (careers/link_preview.py)."""
    return link_preview.png_response(_guide_card(slug))


@require_safe
@cache_control(**PUBLIC_CACHING)
@etag(lambda request: link_preview.digest(link_preview.site_card()))
def site_preview_image(request):
    """The image of pages that are not one guide's, such as the home page."""
    return link_preview.png_response(link_preview.site_card())


def _guide_card(slug):
    return link_preview.card(published_role(slug))


@cached_page(params=["careers", "add"])
def compare(request):
    """Two to four careers side by side. The `careers` parameter is the whole state of the page,
    so the URL always says what is compared: slugs are lower-cased and de-duplicated in order,
    an `add` from the form is appended, and a full page request for a URL that is not in that
    form is redirected to the one that is."""
    form = CompareForm.from_query(request.GET)
    if not form.is_valid():
        return _comparison_page(request, comparison.context(form, [], [], [], []), status=400)

    requested = form.requested()
    considered, left_out = requested[:MAX_ROLES], [shown for _, shown in requested[MAX_ROLES:]]
    found = {
        role.slug: role
        for role in comparison.comparable_roles().filter(
            slug__in=[slug for slug, _ in considered if slug]
        )
    }
    # Drafts are not found either: the message is the same as for a name that never existed.
    unknown = [shown for slug, shown in considered if slug not in found]
    roles = [found[slug] for slug, _ in considered if slug in found]

    canonical = comparison.compare_url(roles)
    # A full page says what it shows in its URL; with a message to show, the page stays put.
    asked = request.GET.getlist("careers")
    normalised = (
        asked == ([comparison.slugs_param(roles)] if roles else []) and "add" not in request.GET
    )
    if not (request.htmx or unknown or left_out or normalised):
        return vary_on_htmx(HttpResponseRedirect(canonical))

    columns = comparison.columns_for(roles)
    context = comparison.context(form, roles, columns, unknown, left_out)
    response = _comparison_page(request, context)
    if request.htmx:
        push_url(response, canonical)
    return response


def _comparison_page(request, context, status=200):
    template = "careers/compare.html"
    # Only the region: it brings the page's new title and status line with it.
    region_only = bool(request.htmx and request.htmx.target == "comparison")
    if region_only:
        template += "#comparison"
    titles = context["titles"]
    summary = (
        f"{titles} side by side: pay, education, outlook, skills, tasks and technology."
        if len(context["roles"]) > 1
        else "Compare two to four careers side by side: pay, education, outlook, skills, tasks "
        "and technology."
    )
    preview = page_preview(request, context["page_title"], summary, context["canonical_url"])
    context = {**context, "region_only": region_only, "preview": preview}
    return vary_on_htmx(render(request, template, context, status=status))


# --- the occupation tree: the summary rows of the wage data, for browsing ---------------------


@cached_page(params=[])
def groups(request):
    """The tree's index: the 22 major groups, with how many occupations each has."""
    majors = list(Occupation.objects.filter(group=Occupation.Group.MAJOR))
    counts = dict(
        Occupation.objects.detailed()
        .values_list(Substr("code", 1, 2))
        .annotate(occupations=Count("pk"))
        .order_by()
    )
    estimates = WageEstimate.objects.national_by_code(
        [Occupation.TOTAL_CODE, *(major.code for major in majors)]
    )
    total = estimates.get(Occupation.TOTAL_CODE)
    context = {
        "rows": [
            (major, counts.get(major.code[:2], 0), estimates.get(major.code)) for major in majors
        ],
        "occupations": sum(counts.values()),
        "total": total,
        "release": _release_of(estimates),
        "preview": page_preview(
            request,
            "Occupations by group",
            "Every occupation in the official wage data, by its group in the Standard "
            "Occupational Classification, with its national median pay.",
            reverse("careers:groups"),
        ),
    }
    return render(request, "careers/groups.html", context)


@cached_page(params=[])
def group(request, code):
    """One group of the tree: the groups above it, and its groups and occupations below, each
    with its national median pay, how many occupations it holds and how many careers the list
    shows for it. Four queries, however many there are."""
    group = Occupation.objects.groups().with_lineage().filter(code=code).first()
    if group is None:
        raise Http404("No group of occupations has this code.")
    below = list(Occupation.objects.below(group).only("code", "title", "group", "parent"))
    counts = _occupations_under(group, below)
    children = [row for row in below if row.parent_id == group.pk]
    detailed = [row for row in children if row.group == Occupation.Group.DETAILED]
    estimates = WageEstimate.objects.national_by_code(
        [group.code, *(row.code for row in children)]
    )
    careers, listed = _careers_under(group, {row.code for row in detailed})
    context = {
        "group": group,
        "lineage": group.lineage,
        "occupations": counts[group.pk],
        "estimate": estimates.get(group.code),
        "filter_code": _filter_code(group),
        "careers": listed.get(group.code, 0),
        "groups": [
            (row, counts[row.pk], estimates.get(row.code), listed.get(row.code, 0))
            for row in children
            if row.group != Occupation.Group.DETAILED
        ],
        "detailed": [
            (row, *_page_and_guides(careers.get(row.code, [])), estimates.get(row.code))
            for row in detailed
        ],
        "release": _release_of(estimates),
        "preview": page_preview(
            request,
            group.title,
            f"{group.title} (SOC {group.code}): {counts[group.pk]} occupations, with their "
            "national median pay.",
            reverse("careers:group", args=[group.code]),
        ),
    }
    return render(request, "careers/group.html", context)


def _filter_code(group):
    """The careers list's `group` value for a group: a major group's two digits, else its code."""
    return group.code[:2] if group.group == Occupation.Group.MAJOR else group.code


def _careers_under(group, detailed):
    """The careers of the occupations `detailed`, by code; and how many careers the list's
    group filter (careers/forms.py) finds for `group` and for each group in it, by code: one
    query."""
    major = group.group == Occupation.Group.MAJOR
    if major:
        in_group = Q(soc_major_group=group.code[:2])
    else:
        in_group = Q(official_minor_group=group.code) | Q(official_broad_group=group.code)
    careers, listed = {}, {}
    roles = _browsed().filter(in_group | Q(occupation__in=detailed))
    for role in roles.only(
        "title", "slug", "occupation", "guide_written", "soc_major_group",
        "official_minor_group", "official_broad_group",
    ):  # fmt: skip
        if role.occupation_id in detailed:
            careers.setdefault(role.occupation_id, []).append(role)
        groups = {role.official_minor_group, role.official_broad_group}
        in_list = role.soc_major_group == group.code[:2] if major else group.code in groups
        if in_list:
            for code in {group.code, *groups}:
                listed[code] = listed.get(code, 0) + 1
    return careers, listed


def _occupations_under(group, below):
    """How many detailed occupations `group` and each group in `below` (its rows) hold."""
    by_pk = {row.pk: row for row in below}
    counts = {group.pk: 0, **dict.fromkeys(by_pk, 0)}
    for row in below:
        if row.group != Occupation.Group.DETAILED:
            continue
        parent = row.parent_id
        while parent in counts:
            counts[parent] += 1
            if parent == group.pk:
                break
            parent = by_pk[parent].parent_id
    return counts


def _release_of(estimates):
    return next(iter(estimates.values())).release if estimates else None


def _page_and_guides(roles):
    """An occupation's own page (its role without a written guide), and the guides naming it."""
    page = next((role for role in roles if not role.guide_written), None)
    return page, [role for role in roles if role.guide_written]


def _browsed():
    """The careers that browsing shows and counts: published, generated demo roles aside."""
    return Role.objects.published().filter(is_demo=False)


# --- O*NET's legacy career clusters: another way to browse the occupations -------------------


def _careers_per_cluster(clusters):
    """How many careers each of `clusters` has, by primary key: one query, of the careers
    grouped by the clusters they are in (Role.official_clusters, a bit per cluster)."""
    per_bits = list(
        _browsed()
        .exclude(official_clusters=0)
        .values_list("official_clusters")
        .annotate(careers=Count("pk"))
        .order_by()
    )
    return {
        cluster.pk: sum(careers for bits, careers in per_bits if bits & cluster.bit)
        for cluster in clusters
    }


@cached_page(params=[])
def clusters(request):
    """The career clusters, each with how many careers it has: two queries."""
    clusters = list(CareerCluster.objects.all())
    counts = _careers_per_cluster(clusters)
    context = {
        "clusters": [(cluster, counts[cluster.pk]) for cluster in clusters],
        "preview": page_preview(
            request,
            "Career clusters",
            "Careers grouped by field, in O*NET's career clusters (legacy 2023 framework).",
            reverse("careers:clusters"),
        ),
    }
    return render(request, "careers/clusters.html", context)


@cached_page(params=[])
def cluster(request, slug):
    """One career cluster: its careers by title, each with its headline pay and BLS's projected
    growth. Five queries, however many careers."""
    cluster = next((row for row in CareerCluster.objects.all() if row.slug == slug), None)
    if cluster is None:
        raise Http404("No career cluster has this name.")
    careers = list(
        _browsed()
        .filter(Exact(F("official_clusters").bitand(cluster.bit), cluster.bit))
        .order_by("title")
    )
    release = newest_release()
    pays = headline_pays(careers, release)
    for role in careers:
        role.pay = pays[role.pk]
    context = {
        "cluster": cluster,
        "careers": careers,
        "pay_source": f"{release_label(release)}, {OFFICIAL_REACH}" if release else "",
        "projections": SourceRelease.objects.newest_projections(),
        "preview": page_preview(
            request,
            f"{cluster.name}: careers",
            f"The {len(careers)} careers of the {cluster.name} career cluster (O*NET, legacy "
            "2023 framework), with their pay and outlook.",
            reverse("careers:cluster", args=[cluster.slug]),
        ),
    }
    return render(request, "careers/cluster.html", context)
