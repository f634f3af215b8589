"""Small HTTP helpers that the apps' views share."""

from django.middleware import gzip
from django.utils.cache import patch_vary_headers

HTMX_HEADERS = ["HX-Request", "HX-Target"]


def vary_on_htmx(response):
    """Mark `response` as depending on the htmx headers, which choose between a whole page and
    one region of it, so that no cache serves one in place of the other. Returns `response`."""
    patch_vary_headers(response, HTMX_HEADERS)
    return response


class GZipMiddleware(gzip.GZipMiddleware):
    """Django's, except for images other than SVG: a PNG is compressed already, and gzip would
    only spend time on both ends (and take away its length and range requests)."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if content_type.startswith("image/") and not content_type.startswith("image/svg"):
            return response
        return super().process_response(request, response)
