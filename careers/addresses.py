"""
Which role an address names, for every page under /careers/<slug>/: the role a visitor may see,
an old slug's permanent redirect (or a retired page's, to the occupation tree), and previews
that no cache keeps.
"""

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from guides.models import RetiredAddress, Role, SlugHistory, group_url


class Moved(Exception):
    """The slug is a role's old address: answer with a permanent redirect to its new one, or
    to the occupation group whose page the role's was (`group`, a SOC code)."""

    def __init__(self, role=None, group=None):
        self.role = role
        self.group = group


def visible_role(request, slug):
    """The role at `slug` that this visitor may see; Moved for an old slug; else a 404.

    A published role is found without looking at who asks, so its page is the same for
    everyone (and may be cached); only a signed-in visitor can preview the others."""
    roles = Role.objects.published()
    role = roles.filter(slug=slug).first()
    if role is None and settings.SESSION_COOKIE_NAME in request.COOKIES:
        roles = Role.objects.visible_to(request.user)
        role = roles.filter(slug=slug).first()
    return role if role is not None else moved_or_missing(roles, slug)


def published_role(slug, roles=None):
    """The role at `slug` among `roles` (by default every published role), whoever asks; Moved
    for an old slug of one of them; else a 404. For what other sites show of a role (its
    embed card, its preview image), which is never a preview."""
    roles = Role.objects.published() if roles is None else roles
    role = roles.filter(slug=slug).first()
    return role if role is not None else moved_or_missing(roles, slug)


def moved_or_missing(roles, slug):
    """For a slug no role in `roles` has now: Moved if it is the old slug of one of them or a
    retired address; else a 404."""
    old = SlugHistory.objects.filter(slug=slug, role__in=roles).select_related("role").first()
    if old is not None:
        raise Moved(old.role)
    retired = RetiredAddress.objects.filter(slug=slug).values_list("occupation_code").first()
    if retired is not None:
        raise Moved(group=retired[0])
    raise Http404("No career at this address.")


def follows_moves(view):
    """Wrap a view taking `slug`: an old slug redirects (301) to the same page at the new one,
    with the same query string; every page of a retired address, to its group's page."""

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        try:
            return view(request, slug, *args, **kwargs)
        except Moved as moved:
            if moved.role is None:
                location = group_url(moved.group)
            else:
                location = reverse(request.resolver_match.view_name, args=[moved.role.slug])
            if request.META.get("QUERY_STRING"):
                location += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(location)

    return wrapper


def preview_aware(role, response):
    """A preview of an unpublished role is for its viewer alone: never kept by any cache."""
    if not role.is_published:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response
