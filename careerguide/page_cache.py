"""
Whole public pages, cached and never stale; and read only (GET and HEAD, else 405).

A page is cached for visitors without a session (readers, crawlers) under the catalogue's
version (careerguide/catalogue.py), which every change to a role, any part of a guide or the
official figures replaces: the next request after an editor's save renders the page anew.
Pages live in the shared cache, read with the version in one round trip; each process also
holds the pages it served in its own memory ("pages" in settings.CACHES), and answers with them
without any round trip while the version it last read is less than settings.PAGE_VERSION_SECONDS
old (a tenth of a second with Redis): a change made in another process reaches it within that.
Signed-in staff always get a fresh page (they may be previewing). Browsers revalidate every
time (`max-age=0`, answered with 304 when the ETag still matches); a CDN may keep a page for
a minute and serve it a little longer while it fetches a new one.

Each page names the query parameters it reads (`params`), and only those make its key, in
that order: the others (the `utm_source` or `fbclid` that links shared on social sites and in
job posts carry, or any made-up parameter) neither make another copy nor bypass the cache.
What one page may store is bounded too: a page keyed by free text (`brief`, such as search
words, which are endless) is kept for BRIEF_SECONDS, not until the catalogue changes.
"""

import hashlib
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponseNotAllowed
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from careerguide import catalogue

CDN_SECONDS = 60
STALE_WHILE_REVALIDATE = 30
BRIEF_SECONDS = 600
# A public page's Cache-Control, and that of what lives as long as a page (its preview image).
PUBLIC_CACHING = {
    "public": True,
    "max_age": 0,
    "s_maxage": CDN_SECONDS,
    "stale_while_revalidate": STALE_WHILE_REVALIDATE,
}
# Django's own gzip step, run once when a page is stored instead of on every answer: the stored
# page is then exactly what the middleware sends for an uncached one (its size threshold, BREACH
# padding, Vary and weak ETag), and the middleware leaves an encoded response as it is.
_COMPRESS = GZipMiddleware(lambda request: None)


def cached_page(view=None, *, params, brief=()):
    """Cache `view`'s page under the query parameters it reads, `params`; with a value for one
    of `brief`, only for BRIEF_SECONDS."""
    if view is None:
        return partial(cached_page, params=params, brief=brief)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])  # public pages are read only
        # Only a session that signs someone in: a made-up cookie must not cost a full render.
        signed_in = (
            settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated
        )
        if not settings.CACHE_PAGES or signed_in:
            return view(request, *args, **kwargs)
        gzip = bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")))
        page_key = _page_key(
            _address(request, params),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
            gzip,
        )
        kept = BRIEF_SECONDS if any(request.GET.get(name) for name in brief) else None
        held = _held(page_key)
        if held is not None:
            return held
        # One round trip to the cache: the catalogue's version and the page, which was stored
        # with the version it was rendered under and is only good while that is current.
        found = cache.get_many([catalogue.VERSION_KEY, page_key])
        current = found.get(catalogue.VERSION_KEY) or catalogue.version()
        catalogue.note_read(current)
        stored = found.get(page_key)
        if stored is not None and stored[0] == current:
            _hold(page_key, stored, kept)
            return stored[1]
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()  # a TemplateResponse (the sitemaps): stored as it will be sent
        if _cacheable(response):
            _finish(request, response)
            catalogue.store(page_key, (current, response), kept)
            _hold(page_key, (current, response), kept)
        return response

    return wrapper


def _held(page_key):
    """The page this process holds in its own memory, if it was stored under the version the
    process read less than settings.PAGE_VERSION_SECONDS ago: no round trip at all."""
    current = catalogue.recently_read()
    if current is None:
        return None
    held = caches["pages"].get(page_key)
    return held[1] if held is not None and held[0] == current else None


def _hold(page_key, stored, kept):
    """Keep a copy of `stored` (version, page) in this process's memory, as long as the
    shared cache keeps it at most."""
    if settings.PAGE_VERSION_SECONDS and stored[0]:
        caches["pages"].set(page_key, stored, kept or settings.CATALOGUE_CACHE_SECONDS)


def _address(request, params):
    read = [(name, request.GET.getlist(name)) for name in params if name in request.GET]
    return (request.build_absolute_uri(request.path), read)


def _page_key(*parts):
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"page:{digest}"


def _finish(request, response):
    """Everything a response gets on its way out that can be done once for all who get it:
    validators, caching headers and compression (the middleware then leaves it as it is)."""
    set_response_etag(response)
    response["Last-Modified"] = http_date()
    if request.headers.get("HX-Request"):
        # A region of a page for htmx, at the page's own address: only a shared cache that
        # honours Vary could keep it apart from the page, so none may keep it.
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(response, **PUBLIC_CACHING)
    _COMPRESS.process_response(request, response)


def _cacheable(response):
    """Only a complete, public page: not an error, a redirect, a preview or a new cookie."""
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
        and not response.streaming
    )
