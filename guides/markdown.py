"""
Markdown for editor-written prose, rendered once when it is saved and sanitised with nh3.

Whatever an editor types, the stored HTML can hold only the tags and attributes listed here:
no script, no event handlers, no style, no URLs but http(s) and mailto. Headings are moved
down two levels so that an editor's "# Heading" sits under the section's own h2.
"""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    "abbr", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def _demote_headings(html):
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}", html)


def render_markdown(text):
    """Return safe HTML for Markdown `text`."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    return nh3.clean(
        _demote_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener",
    )
