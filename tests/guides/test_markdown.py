"""
render_markdown turns an editor's Markdown into HTML that can hold nothing executable.

The rendered HTML is parsed with the standard library's HTMLParser, so the checks look at the
tags and attributes a browser would see, not only at substrings: XSS payloads lose every
dangerous tag, event handler, style and non-http(s)/mailto URL, while ordinary formatting
(demoted headings, lists, links, emphasis, code, tables) survives.
"""

import re
from html.parser import HTMLParser

import pytest

from guides.markdown import render_markdown
from guides.models import Role, Section
from tests.builders import make_role, make_section

# What the renderer may emit, written out here rather than imported, so a change to the
# module's allow-list has to be made on purpose in both places.
SAFE_TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    "abbr", "sup", "sub",
}  # fmt: skip
FORBIDDEN_TAGS = {
    "script", "iframe", "object", "embed", "svg", "math", "style", "form", "input", "base",
    "meta", "link", "img", "body", "details", "button", "textarea", "template", "noscript",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "background"}
SAFE_SCHEMES = {"http", "https", "mailto"}

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# What a browser's URL parser ignores: leading/trailing C0 controls and spaces, and every tab
# or newline anywhere in the URL ("jav\tascript:" is "javascript:").
_URL_TRIM = "".join(chr(c) for c in range(0x21))
_URL_TAB_NEWLINE = re.compile(r"[\t\n\r]")


class TagCollector(HTMLParser):
    """Every start tag of a document, as (tag, {attribute: value}) with values unescaped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.end_tags = []
        self.comments = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.end_tags.append(tag)

    def handle_comment(self, data):
        self.comments.append(data)


def parse(html):
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    return collector


def normalised_url(value):
    return _URL_TAB_NEWLINE.sub("", (value or "").strip(_URL_TRIM)).lower()


def assert_url_safe(value):
    url = normalised_url(value)
    for scheme in ("javascript:", "data:", "vbscript:"):
        assert not url.startswith(scheme), f"dangerous URL {value!r}"
    match = _SCHEME.match(url)
    if match:
        assert match[1] in SAFE_SCHEMES, f"URL with unsafe scheme {value!r}"


def assert_safe(html):
    """The checks every rendered payload has to pass."""
    parsed = parse(html)
    for tag, attrs in parsed.tags:
        assert tag not in FORBIDDEN_TAGS, f"<{tag}> survived in {html!r}"
        assert tag in SAFE_TAGS, f"<{tag}> is not an allowed tag, in {html!r}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name}= survived in {html!r}"
            assert name not in {"style", "srcdoc"}, f"{name}= survived in {html!r}"
            if name in URL_ATTRIBUTES:
                assert_url_safe(value)
    for tag in parsed.end_tags:
        assert tag not in FORBIDDEN_TAGS, f"</{tag}> survived in {html!r}"
    assert not parsed.comments, f"a comment survived in {html!r}"
    # Belt and braces: no markup-level script anywhere, whatever the parser made of it.
    lowered = html.lower()
    assert "<script" not in lowered


XSS_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "script-src-uppercase": "<SCRIPT SRC=//x.js></SCRIPT>",
    "script-mixed-case": "<sCrIpT>alert(1)</ScRiPt>",
    "script-split-by-nested": "<scr<script>ipt>alert(1)</script>",
    "script-spaced": "< script >alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "img-slash-newline": "<img/src=x\nonerror=alert(1)>",
    "svg-onload": "<svg onload=alert(1)>",
    "svg-slash-onload": "<svg/onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "iframe-javascript": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "a-javascript": '<a href="javascript:alert(1)">x</a>',
    "a-javascript-mixed-case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "a-javascript-tab-entity": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "a-javascript-newline-entity": '<a href="java&#10;script:alert(1)">x</a>',
    "a-javascript-raw-newline": '<a href="java\nscript:alert(1)">x</a>',
    "a-javascript-leading-space": '<a href=" javascript:alert(1)">x</a>',
    "a-javascript-decimal-entity": '<a href="&#106;avascript:alert(1)">x</a>',
    "a-javascript-colon-entity": '<a href="javascript&colon;alert(1)">x</a>',
    "a-data-base64": (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'
    ),
    "a-vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "a-with-handlers-and-style": (
        '<a href="https://ok.example" title="x" onclick="alert(1)" style="color:red">x</a>'
    ),
    "md-link-javascript": "[x](javascript:alert(1))",
    "md-link-javascript-angle": "[x](<javascript:alert(1)>)",
    "md-link-javascript-padded": "[x](  javascript:alert(1))",
    "md-link-javascript-tab": "[x](java\tscript:alert(1))",
    "md-link-javascript-tab-entity": "[x](java&#x09;script:alert(1))",
    "md-link-javascript-entity": "[x](&#106;avascript:alert(1))",
    "md-link-data": "[x](data:text/html,<script>alert(1)</script>)",
    "md-reference-link-javascript": "[x]: javascript:alert(1)\n\n[y][x]",
    "md-autolink-javascript": "<javascript:alert(1)>",
    "md-image-javascript": "![x](javascript:alert(1))",
    "md-link-title-breakout": '[x](https://ok.example "a\\" onmouseover=\\"alert(1)")',
    "object": '<object data="javascript:alert(1)"></object>',
    "embed": '<embed src="javascript:alert(1)">',
    "form-button": '<form action="javascript:alert(1)"><button>go</button></form>',
    "math-xlink": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "style-element": "<style>body{background:url(javascript:alert(1))}</style>",
    "style-attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "div-onclick": '<div onclick="alert(1)">x</div>',
    "heading-onclick": "<h1 onclick=alert(1)>Head</h1>",
    "abbr-onmouseover": '<abbr title="x" onmouseover=alert(1)>a</abbr>',
    "td-background": '<table><td background="javascript:alert(1)">x</td></table>',
    "base": '<base href="javascript:alert(1)//">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "link-stylesheet": '<link rel=stylesheet href="javascript:alert(1)">',
    "input-autofocus": "<input autofocus onfocus=alert(1)>",
    "details-ontoggle": "<details open ontoggle=alert(1)>x</details>",
    "body-onload": "<body onload=alert(1)>",
    "comment-hiding-script": "<!--<script>alert(1)</script>-->",
    "comment-breakout": "<!-- --!><script>alert(1)</script> -->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "cdata-in-svg": "<svg><![CDATA[</svg><script>alert(1)</script>]]></svg>",
    "noscript-breakout": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "textarea-breakout": "<textarea><script>alert(1)</script></textarea>",
    "template": "<template><script>alert(1)</script></template>",
    "null-byte-attribute": '<a href="https://ok.example"\x00onclick=alert(1)>x</a>',
    "mixed-with-markdown": "Hello **world** <img src=x onerror=alert(1)> [ok](https://ok.example)",
}


@pytest.mark.parametrize("payload", XSS_PAYLOADS.values(), ids=XSS_PAYLOADS.keys())
def test_xss_payload_is_neutralised(payload):
    assert_safe(render_markdown(payload))


def test_the_corpus_is_big_enough_to_mean_something():
    assert len(XSS_PAYLOADS) >= 25


def test_the_checker_catches_what_it_is_meant_to_catch():
    """The assertions above would fail on unsanitised HTML (they are not vacuous)."""
    for dangerous in [
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" data:text/html,x">x</a>',
        "<p onclick=alert(1)>x</p>",
        '<p style="color:red">x</p>',
        "<svg></svg>",
        "<!-- x -->",
    ]:
        with pytest.raises(AssertionError):
            assert_safe(dangerous)


def test_safe_text_around_a_payload_survives():
    html = render_markdown("Hello **world** <script>alert(1)</script> and *more*.")
    assert "<strong>world</strong>" in html
    assert "<em>more</em>" in html
    assert "alert" not in html


def test_a_safe_link_keeps_its_href_and_title_but_loses_handlers():
    html = render_markdown(XSS_PAYLOADS["a-with-handlers-and-style"])
    [(tag, attrs)] = parse(html).tags[1:]
    assert tag == "a"
    assert attrs == {"href": "https://ok.example", "title": "x", "rel": "noopener"}


# Formatting that has to survive.


def test_headings_are_demoted_two_levels():
    parsed = parse(render_markdown("# Title\n\n## Sub\n\n### x\n\n#### y\n\n###### six"))
    assert [tag for tag, _ in parsed.tags] == ["h3", "h4", "h5", "h6", "h6"]


def test_heading_text_is_kept():
    assert render_markdown("# Title") == "<h3>Title</h3>"
    assert render_markdown("### x") == "<h5>x</h5>"


def test_raw_html_heading_is_demoted_too():
    assert render_markdown("<h1>Raw</h1>") == "<h3>Raw</h3>"


def test_uppercase_raw_html_heading_is_demoted_like_lowercase():
    assert render_markdown("<H1>Raw</H1>") == "<h3>Raw</h3>"


def test_bulleted_list():
    html = render_markdown("- one\n- two\n- three")
    parsed = parse(html)
    assert [tag for tag, _ in parsed.tags] == ["ul", "li", "li", "li"]
    assert "<li>two</li>" in html


def test_numbered_list():
    html = render_markdown("1. first\n2. second")
    assert [tag for tag, _ in parse(html).tags] == ["ol", "li", "li"]
    assert "<li>first</li>" in html


def test_link_keeps_href_and_gets_noopener():
    html = render_markdown("[site](https://example.com)")
    assert html == '<p><a href="https://example.com" rel="noopener">site</a></p>'


@pytest.mark.parametrize(
    "url", ["http://example.com/a?b=1", "mailto:someone@example.com", "/relative/path", "#part"]
)
def test_other_safe_links_keep_their_href(url):
    [_, (tag, attrs)] = parse(render_markdown(f"[x]({url})")).tags
    assert tag == "a"
    assert attrs["href"] == url
    assert attrs["rel"] == "noopener"


def test_link_title_is_kept():
    [_, (_, attrs)] = parse(render_markdown('[x](https://example.com "The title")')).tags
    assert attrs["title"] == "The title"


def test_emphasis_and_strong():
    html = render_markdown("*soft* and **loud** and _also soft_ and __also loud__")
    assert html == (
        "<p><em>soft</em> and <strong>loud</strong> and "
        "<em>also soft</em> and <strong>also loud</strong></p>"
    )


def test_inline_code_escapes_its_content():
    html = render_markdown("Use `<script>` tags `a & b`.")
    assert html == "<p>Use <code>&lt;script&gt;</code> tags <code>a &amp; b</code>.</p>"


def test_table():
    html = render_markdown("| Level | Pay |\n|---|---|\n| Entry | $40,000 |\n| Senior | $60,000 |")
    tags = [tag for tag, _ in parse(html).tags]
    assert tags[:4] == ["table", "thead", "tr", "th"]
    assert tags.count("td") == 4
    assert "<th>Level</th>" in html
    assert "<td>$60,000</td>" in html


def test_blockquote_and_rule():
    html = render_markdown("> quoted\n\n---")
    assert [tag for tag, _ in parse(html).tags] == ["blockquote", "p", "hr"]


def test_plain_text_with_lt_and_amp_is_escaped_not_dropped():
    assert render_markdown("a < b & c > d") == "<p>a &lt; b &amp; c &gt; d</p>"
    assert render_markdown("Salary < $40k & rising") == "<p>Salary &lt; $40k &amp; rising</p>"


def test_empty_and_none_render_empty():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


# Rendering happens on save.


@pytest.mark.django_db
def test_saving_a_role_stores_sanitised_introduction_html():
    role = make_role(introduction="# Hi\n\n**Bold** <script>alert(1)</script> [x](javascript:y)")
    stored = Role.objects.values_list("introduction_html", flat=True).get(pk=role.pk)
    assert "<h3>Hi</h3>" in stored
    assert "<strong>Bold</strong>" in stored
    assert_safe(stored)
    assert "alert" not in stored


@pytest.mark.django_db
def test_saving_a_role_again_re_renders():
    role = make_role(introduction="first")
    role.introduction = "*second* <img src=x onerror=alert(1)>"
    role.save()
    stored = Role.objects.values_list("introduction_html", flat=True).get(pk=role.pk)
    assert stored.startswith("<p><em>second</em>")
    assert_safe(stored)


@pytest.mark.django_db
def test_saving_a_section_stores_sanitised_body_html():
    role = make_role()
    section = make_section(
        role, body='## Part\n\n<iframe src="javascript:alert(1)"></iframe>\n\n- a\n- b'
    )
    stored = Section.objects.values_list("body_html", flat=True).get(pk=section.pk)
    assert "<h4>Part</h4>" in stored
    assert "<li>a</li>" in stored
    assert_safe(stored)


@pytest.mark.django_db
def test_saving_a_section_with_update_fields_re_renders():
    section = make_section(make_role(), body="old")
    section.body = "**new**"
    section.save(update_fields=["body"])
    stored = Section.objects.values_list("body_html", flat=True).get(pk=section.pk)
    assert stored == "<p><strong>new</strong></p>"


@pytest.mark.django_db
def test_saving_a_role_with_update_fields_re_renders_and_stamps_publication():
    role = make_role(status=Role.Status.DRAFT, published_at=None, introduction="old")
    role.introduction = "**new**"
    role.status = Role.Status.PUBLISHED

    role.save(update_fields=["introduction", "status"])

    stored = Role.objects.get(pk=role.pk)
    assert stored.introduction_html == "<p><strong>new</strong></p>"
    assert stored.published_at is not None
