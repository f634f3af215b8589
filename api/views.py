"""
The read-only JSON API, version 1: the careers list and each career's whole guide.

Plain Django views. The list reads its parameters with the careers page's own form, so a
filter means the same on both; the detail reuses the guide document that editors export.
Every answer is JSON, errors included ({"error": {"status", "message"}}), is open to other
sites (CORS) and is cacheable by browsers and shared caches, with an ETag for 304s.
"""

import html
from functools import wraps

from django import forms
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.log import log_response
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import conditional_page

from api import official
from api.openapi import openapi_document
from careerguide import catalogue
from careers import addresses
from careers.forms import CareerFilterForm, career_clusters
from careers.headline import estimate_headline, headline_pays, newest_release
from careers.structured_data import summary
from guides.loading import export_document
from guides.models import Role, group_url
from occupations.models import Projection, SourceRelease
from salaries.models import WageEstimate

PAGE_SIZE = 24
MAX_PAGE_SIZE = 100
CACHE_SECONDS = 300
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
OFFICIAL_SOURCE = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"
PERCENTILES = ["p10", "p25", "median", "p75", "p90"]


class ApiError(Exception):
    """An answer other than 200, raised anywhere in a view and sent as the JSON error."""

    def __init__(self, status, message, parameters=None):
        super().__init__(message)
        self.status, self.message, self.parameters = status, message, parameters

    def response(self):
        error = {"status": self.status, "message": self.message}
        if self.parameters:
            error["parameters"] = self.parameters
        return JsonResponse({"error": error}, status=self.status)


def endpoint(view):
    """Make `view` an API endpoint: GET and HEAD answered by the view, OPTIONS by a CORS
    preflight (or the 404 of what is not there), any other method a 405; every answer JSON and
    readable by any site."""
    answer = conditional_page(_json_errors(view))  # ETag, and 304 for If-None-Match

    @csrf_exempt  # a POST gets the JSON 405, not the CSRF failure page
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            response = answer(request, *args, **kwargs)
        elif request.method == "OPTIONS":
            # A preflight for what is not there is the same 404 a GET would get.
            response = answer(request, *args, **kwargs)
            if response.status_code != 404:
                response = _preflight()
        else:
            response = ApiError(405, f"{request.method} is not allowed here.").response()
            response["Allow"] = ALLOWED_METHODS
        # Set last: a 304 made from the 200 keeps only the caching headers.
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _json_errors(view):
    """Errors as JSON; success cacheable for CACHE_SECONDS by browsers and shared caches."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except ApiError as error:
            response = error.response()
        except Http404 as error:
            response = ApiError(404, str(error) or "Not found.").response()
        except Exception as error:
            # Logged the way Django logs a server error, but answered in the API's own shape.
            response = ApiError(500, "Server error.").response()
            log_response(
                "Internal Server Error: %s",
                request.path,
                response=response,
                request=request,
                exception=error,
            )
        if response.status_code == 200:
            patch_cache_control(
                response, public=True, max_age=CACHE_SECONDS, s_maxage=CACHE_SECONDS
            )
        else:
            patch_cache_control(response, no_cache=True)  # a 404 may be published soon
        return response

    return wrapper


def _preflight():
    response = HttpResponse(status=204)
    del response["Content-Type"]  # no content
    response["Allow"] = ALLOWED_METHODS
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response["Access-Control-Allow-Headers"] = "Accept, If-None-Match"
    response["Access-Control-Expose-Headers"] = "ETag"
    response["Access-Control-Max-Age"] = "86400"
    return response


def _json(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


# --- the careers list -------------------------------------------------------------------------


class PageForm(forms.Form):
    page = forms.IntegerField(required=False, min_value=1, initial=1)
    page_size = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, initial=PAGE_SIZE
    )


@endpoint
def career_list(request):
    """Published roles, filtered, searched and sorted exactly as the careers page does."""
    form, paging = CareerFilterForm(request.GET), PageForm(request.GET)
    if not (form.is_valid() & paging.is_valid()):  # both, so that every error is named
        errors = {**form.errors, **paging.errors}
        raise ApiError(
            400,
            f"Invalid parameters: {', '.join(errors)}.",
            {name: list(messages) for name, messages in errors.items()},
        )
    searched = form.search(Role.objects.published())
    roles = form.apply(searched).defer("search_body", "search_vector")
    # The same cached counts as the careers page: the total costs nothing when it is cached.
    total, _ = catalogue.remember(
        catalogue.key("careers-list", form.filters_key()), lambda: form.counts(searched)
    )
    paginator = Paginator(roles, paging.cleaned_data["page_size"] or PAGE_SIZE)
    paginator.count = total
    number = paging.cleaned_data["page"] or 1
    try:
        page = paginator.page(number)
    except EmptyPage as error:
        raise ApiError(
            404, f"There is no page {number}: the results have {paginator.num_pages}."
        ) from error
    release = newest_release()
    projections = Projection.objects.newest_for_each(
        {role.occupation_id for role in page if role.occupation_id}
    )
    pays = headline_pays(page.object_list, release)
    onet = _newest_onet()
    return _json(
        {
            "count": total,
            "page": number,
            "pages": paginator.num_pages,
            "next": _page_url(request, number + 1) if page.has_next() else None,
            "previous": _page_url(request, number - 1) if page.has_previous() else None,
            "correction": form.correction or None,
            "results": [
                _career(
                    request,
                    role,
                    release,
                    projections.get(role.occupation_id),
                    pays[role.pk],
                    onet,
                    form.clusters,
                )
                for role in page
            ],
        }
    )


def _page_url(request, number):
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _career(request, role, release, projection, pay, onet, clusters):
    """What the list says of a role; the detail starts with the same. `projection` is the
    newest of its occupation, `pay` its headline pay (careers/headline.py), `onet` the newest
    O*NET release and `clusters` the career clusters (careers.forms.career_clusters)."""
    return {
        "title": role.title,
        "slug": role.slug,
        "url": request.build_absolute_uri(role.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api:career", args=[role.slug])),
        "summary": html.unescape(summary(role)),  # plain text, not HTML
        "has_guide": role.has_guide,
        "official_median_pay": _median_pay(role, release),
        "headline_pay": _headline_pay(pay),
        "growth": _growth(role),
        "education": _education(role),
        "official_outlook": _outlook_summary(role, projection),
        "official_onet": _onet_summary(role, onet),
        "official_clusters": _clusters(role, clusters),
    }


def _median_pay(role, release):
    """The occupation's national median of the newest release: the figure the list sorts by."""
    if role.official_median is None or release is None:
        return None
    return {
        "annual": role.official_median,
        "currency": "USD",
        "occupation": role.occupation_id,
        "release": f"{release.source} {release.name}",
        "source": OFFICIAL_SOURCE,
    }


def _headline_pay(pay):
    """The one median the pages lead with, which figure it is (official or the guide's) and
    its source and year; with the guide's own when that is older than the official one."""
    if pay is None:
        return None
    return {
        "annual": None if pay.hourly else pay.amount,
        "hourly": _decimal(pay.amount) if pay.hourly else None,
        "currency": pay.currency,
        "kind": pay.kind,
        "source": pay.source,
        "year": pay.year,
        "release": pay.release or None,
        "older_guide_figure": _headline_pay(pay.older_guide_figure),
    }


def _growth(role):
    if role.growth_percent is None:
        return None
    return {
        "percent": str(role.growth_percent),
        "label": role.growth_label,
        "period_start": role.growth_period_start,
        "period_end": role.growth_period_end,
        "source": role.growth_source,
    }


def _outlook_summary(role, projection):
    """The few official outlook figures a list of careers needs; the detail has them all.
    The entry education also as the `education` filter's value, which the role keeps."""
    if projection is None:
        return None
    return {
        "change_percent": str(projection.change_percent),
        "openings_a_year": projection.openings_a_year,
        "entry_education": projection.entry_education or None,
        "education_level": role.official_education or None,
        "period_start": projection.release.first_year,
        "period_end": projection.release.last_year,
        "source": official.source(projection.release),
    }


def _newest_onet():
    """The newest O*NET release: asked once until the catalogue changes."""
    return catalogue.remember(catalogue.key("newest-onet"), SourceRelease.objects.newest_onet)


def _onet_summary(role, onet):
    """O*NET's job zone and Bright Outlook flag of the occupation, as the role keeps them for
    the `job_zone` and `bright` filters; None when O*NET gives it neither."""
    if onet is None or (role.official_job_zone is None and not role.official_bright_outlook):
        return None
    return {
        "job_zone": role.official_job_zone,
        "bright_outlook": role.official_bright_outlook,
        "source": official.source(onet),
    }


def _clusters(role, clusters):
    """The occupation's career clusters, by name and by the `cluster` filter's value; None
    when it is in none."""
    items = [
        {"name": name, "slug": slug}
        for slug, name, bit in clusters
        if role.official_clusters & bit
    ]
    return {"items": items, "source": official.CLUSTERS_SOURCE} if items else None


def _education(role):
    if not role.education_level and not role.typical_education:
        return None
    level = role.education_level or None
    return {
        "level": level,
        "name": role.get_education_level_display() if level else None,
        "typical": role.typical_education,
    }


# --- one career -------------------------------------------------------------------------------


@endpoint
def career_detail(request, slug):
    """A published role: its whole guide, if written, and its occupation's official wages and
    profile."""
    roles = Role.objects.published().select_related(official.DEFINITION)
    role = roles.filter(slug=slug).first()
    if role is None:
        return _moved_or_missing(request, slug)
    wages = _official_wages(role)
    projection = None
    if role.occupation_id:
        projection = Projection.objects.newest_for(role.occupation_id)
    release = wages.release if wages else None
    clusters = []
    if role.official_clusters:
        clusters = catalogue.remember(catalogue.key("career-clusters"), career_clusters)
    headline = estimate_headline(role, wages)
    data = _career(request, role, release, projection, headline, _newest_onet(), clusters)
    data["salary_url"] = request.build_absolute_uri(reverse("careers:salaries", args=[slug]))
    data["occupation"] = (
        {"code": role.occupation.code, "title": role.occupation.title} if role.occupation else None
    )
    data["official_wages"] = _wages(wages)
    data["official_profile"] = official.profile(role, projection)
    data["guide"] = _guide(request, role) if role.has_guide else None
    return _json(data)


def _moved_or_missing(request, slug):
    """An old slug of a published role redirects to its address now, and a retired address
    (a career that was a group of occupations) to its group's page, as the pages do."""
    try:
        addresses.moved_or_missing(Role.objects.published(), slug)
    except addresses.Moved as moved:
        if moved.role is None:
            address = request.build_absolute_uri(group_url(moved.group))
            data = {"group_url": address}
        else:
            address = request.build_absolute_uri(reverse("api:career", args=[moved.role.slug]))
            data = {"api_url": address}
    except Http404:
        raise Http404(f"No published career has the slug {slug!r}.") from None
    response = _json(data)
    response.status_code = 301
    response["Location"] = address
    return response


def _official_wages(role):
    """The newest official national estimate for the role's occupation, or None."""
    if not role.occupation_id:
        return None
    estimates = WageEstimate.objects.for_occupation(role.occupation_id).national()
    return estimates.select_related("occupation", "area").first()


def _wages(estimate):
    if estimate is None:
        return None
    release = estimate.release
    return {
        "occupation": {"code": estimate.occupation.code, "title": estimate.occupation.title},
        "area": estimate.area.title,
        "release": {
            "name": f"{release.source} {release.name}",
            "reference_date": release.reference_date.isoformat(),
            "published_on": release.published_on.isoformat() if release.published_on else None,
        },
        "source": OFFICIAL_SOURCE,
        "employment": estimate.employment,
        "annual": {
            "mean": estimate.annual_mean,
            **{name: getattr(estimate, f"annual_{name}") for name in PERCENTILES},
        },
        "hourly": {
            "mean": _decimal(estimate.hourly_mean),
            **{name: _decimal(getattr(estimate, f"hourly_{name}")) for name in PERCENTILES},
        },
        "annual_only": estimate.annual_only,
        "hourly_only": estimate.hourly_only,
        "markers": estimate.markers,
    }


def _decimal(value):
    """A decimal as text, exactly as published (as the guide document writes decimals)."""
    return None if value is None else str(value)


def _guide(request, role):
    """The guide document an editor exports, with each related career's addresses. A related
    guide still being written is left out, title and all, as on the guide page."""
    document = export_document(role)
    document["related"] = [
        {
            "slug": link.related.slug,
            "title": link.related.title,
            "occupation": link.related.occupation_id,
            **_addresses(request, link),
        }
        for link in role.related_links.for_guide_page()
        if link.related.is_published or not link.related.has_guide
    ]
    return document


def _addresses(request, link):
    """A related career's page and API addresses, as the guide page links it: its own, else
    its occupation's page; none for a name without one."""
    if link.related.is_published:
        slug = link.related.slug
    elif link.occupation_page:
        slug = link.occupation_page
    else:
        return {"url": None, "api_url": None}
    return {
        "url": request.build_absolute_uri(reverse("careers:detail", args=[slug])),
        "api_url": request.build_absolute_uri(reverse("api:career", args=[slug])),
    }


# --- the description of the API ---------------------------------------------------------------


@endpoint
def openapi(request):
    """The OpenAPI 3.1 document, with the filters' choices as they are now."""
    document = request.build_absolute_uri(reverse("api:openapi"))
    server = document.removesuffix("/openapi.json")
    return _json(openapi_document(server, [CareerFilterForm(), PageForm()]))


@endpoint
def not_found(request, path=""):
    """Any other address under the API: a JSON 404, not the site's HTML page."""
    raise Http404("No such API endpoint.")
