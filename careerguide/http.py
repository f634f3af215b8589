"""Small HTTP helpers that the apps' views share."""

from django.utils.cache import patch_vary_headers

HTMX_HEADERS = ["HX-Request", "HX-Target"]


def vary_on_htmx(response):
    """Mark `response` as depending on the htmx headers, which choose between a whole page and
    one region of it, so that no cache serves one in place of the other. Returns `response`."""
    patch_vary_headers(response, HTMX_HEADERS)
    return response
