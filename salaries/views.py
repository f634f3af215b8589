"""The salary page: a role's pay everywhere, official and from its guide."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from guides.page_cache import cached_page
from guides.structured_data import page_preview
from guides.views import follows_moves, preview_aware, visible_role
from salaries.figures import describe_wage, level_chart_rows
from salaries.forms import SalaryPageForm
from salaries.models import Area, WageEstimate


@cached_page(params=list(SalaryPageForm.base_fields))
@follows_moves
def detail(request, slug):
    role = visible_role(request, slug)
    national, states = None, []
    if role.occupation_id:
        estimates = WageEstimate.objects.for_occupation(role.occupation_id)
        wider = estimates.filter(area__kind__in=[Area.Kind.NATIONAL, *Area.STATE_KINDS])
        for estimate in wider.select_related("area", "occupation"):
            if estimate.area.kind == Area.Kind.NATIONAL:
                national = estimate
            else:
                states.append(estimate)

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

    context = {
        "role": role,
        "form": form,
        "national": national,
        "states": form.order_states(states),
        "state": state,
        "state_name": next((e.area.title for e in states if e.area.state == state), ""),
        "metros": metros,
        # Without metro figures for the state, say whether none are loaded at all.
        "metros_loaded": bool(metros)
        or bool(state and Area.objects.filter(kind__in=Area.METRO_KINDS).exists()),
        "sort": form.cleaned_data.get("sort") or "state",
        "status": status,
        "state_chart_rows": [
            (e.area.title, e.annual_median, describe_wage(e, "annual_median"))
            for e in sorted(states, key=_median_high_first)
        ],
        "career_levels": role.career_levels.select_related("salary") if role.has_guide else [],
        "country_salaries": role.country_salaries.all() if role.has_guide else [],
    }
    context["level_chart_rows"] = level_chart_rows(context["career_levels"])
    median = ""
    if national is not None:
        median = f": median {describe_wage(national, 'annual_median')} a year ({national.release})"
    context["preview"] = page_preview(
        request,
        f"{role.title}: pay in every state",
        f"What {role.title} pays in the U.S., in every state and metro area{median}.",
        reverse("salaries:detail", args=[role.slug]),
        role=role,
    )
    template = "salaries/role_salaries.html"
    if request.htmx and request.htmx.target == "metros":
        template += "#metros"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return preview_aware(role, response)


def _median_high_first(estimate):
    return (estimate.annual_median is None, -(estimate.annual_median or 0), estimate.area.title)
