"""
Stored-XSS payloads for every text field of a guide.

The Markdown renderer's own corpus (tests/guides/test_markdown.py) is reused as it is, with
payloads for the other places stored text ends up in: plain-text fields shown in HTML text and
attributes, the JSON-LD <script> block, <title> and <textarea>, the Atom feed and the JSON API.
Many payloads set `window.__xss` instead of (or as well as) calling alert(), so that a browser
test notices them even where no dialog opens.

A payload with a NUL byte is not stored: Django's form fields refuse it (see
`unstorable`); the hostile-input tests check that refusal.
"""

from tests.guides.test_markdown import XSS_PAYLOADS as MARKDOWN_PAYLOADS

MARK = "window.__xss=1"

CONTEXT_PAYLOADS = {
    # Breaking out of the JSON-LD <script> block or a JSON string in it.
    "json-script-close": f"</script><script>{MARK}</script>",
    "json-script-close-upper": f"</SCRIPT ><img src=x onerror={MARK}>",
    "json-string-close": f'"}}]}}</script><script>{MARK}</script>',
    "json-comment-open": f"<!--<script>{MARK}//",
    "json-line-separators": "a\u2028b\u2029c</script>",
    "json-backslash-quote": f'\\"}};{MARK};//',
    # Breaking out of attribute values (og:title, aria-label, value=, title=).
    "attribute-double-quote": f'" onmouseover="{MARK}" x="',
    "attribute-single-quote": f"' onfocus='{MARK}' autofocus x='",
    "attribute-close-tag": f'"><img src=x onerror="{MARK}">',
    "attribute-backtick": f"` onmouseover={MARK} `",
    "attribute-unquoted": f"x onmouseover={MARK}",
    # Breaking out of RCDATA elements (<title>, <textarea>) and the SVG charts' <text>.
    "title-close": f"</title><script>{MARK}</script>",
    "textarea-close": f"</textarea><img src=x onerror={MARK}>",
    "svg-text-close": f"</text></svg><svg onload={MARK}>",
    # Script elements and event handlers, also in their less usual spellings.
    "script-mark": f"<script>{MARK}</script>",
    "script-slash-attribute": f"<script/x>{MARK}</script>",
    "img-onerror-mark": f'<img src="x" onerror="{MARK}">',
    "svg-animate-onbegin": f"<svg><animate onbegin={MARK} attributeName=x dur=1s>",
    "svg-xlink-javascript": (
        '<svg><a xlink:href="javascript:alert(1)"><text y=9>x</text></a></svg>'
    ),
    "audio-onerror": f"<audio src=x onerror={MARK}>",
    "video-source-onerror": f"<video><source onerror={MARK}></video>",
    "marquee-onstart": f"<marquee onstart={MARK}>x</marquee>",
    "iframe-javascript-mark": f"<iframe src=javascript:{MARK}></iframe>",
    "iframe-srcdoc-mark": '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "object-data-html": '<object data="data:text/html,<script>parent.__xss=1</script>">',
    "style-expression": '<div style="width:expression(alert(1))">x</div>',
    "style-import": "<style>@import 'javascript:alert(1)';</style>",
    "mxss-svg-style": f"<svg><style><img src=x onerror={MARK}></style></svg>",
    "mxss-form-math": (
        f"<form><math><mtext></form><form><mglyph><style></math><img src onerror={MARK}>"
    ),
    # Markdown links, images and references with javascript: and data: URLs.
    "md-link-mark": f"[click](javascript:{MARK})",
    "md-image-onerror-title": f'![x](https://x.invalid/a.png "\\" onerror=\\"{MARK})',
    "md-image-data-svg": "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "md-reference-mark": f"[y][ref]\n\n[ref]: javascript:{MARK}",
    "md-reference-image": "![y][img]\n\n[img]: javascript:alert(1)",
    "md-link-hex-entity": "[x](&#x6A;avascript:alert(1))",
    "md-link-entity-colon": f"[x](javascript&#58;{MARK})",
    "md-code-span": f"`<script>{MARK}</script>`",
    "a-entity-split": '<a href="javas&#99;ript:alert(1)">x</a>',
    "a-colon-entity-mark": f'<a href="javascript&colon;{MARK}">x</a>',
    # Escaped-looking text: must come out as the same characters, not decoded into markup.
    "unicode-escapes": "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "fullwidth-brackets": "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "percent-encoded": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "html-entities-named": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "html-entities-numeric": "&#60;script&#62;alert(1)&#60;/script&#62;",
    "utf7": "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    "rtl-override": "\u202e<script>alert(1)</script>\u202c",
    # Template syntax is data, never evaluated.
    "template-variable": "{{ 7|add:7 }}q{% now 'Y' %}",
    "template-debug": "{% debug %}{{ request.META }}",
}

# The payloads for plain-text contexts first: a short field that holds only a few (a title, a
# label) gets those.
PAYLOADS = {**CONTEXT_PAYLOADS, **MARKDOWN_PAYLOADS}


def unstorable(text):
    """Whether a form refuses `text` outright (Django forbids NUL in every text field)."""
    return "\x00" in text


# What the stored-XSS tests save: every payload a form accepts, in a fixed order.
STORED = [(name, text) for name, text in PAYLOADS.items() if not unstorable(text)]

# Whatever is evaluated out of a template payload above would read like this.
TEMPLATE_EVALUATED = ("14q2", "'csrf_token'", "wsgi.input")


# --- Saving the payloads through the admin, as an editor would ---------------------------------

GUIDE = "back-office-assistant"  # the shipped guide
OCCUPATION_PAGE = "office-clerks-general"  # a role without a guide: the occupation's page

# The search word every payload-filled title carries, so that a search finds the guide.
MARKER = "Zanzibar"
# Not text to fill: addresses, codes and the admin's own hidden field.
NOT_TEXT = {"slug", "opened_version", "median_pay_currency", "currency", "salary_currency"}
# A long text field of an item gets about this much; the role's own long fields get everything.
ITEM_TEXT_LENGTH = 600


class Filler:
    """Hands out payloads for text fields, continuing where the same kind of field left off, so
    that consecutive rows (and rounds) of one kind of field get different payloads and together
    hold the whole corpus."""

    def __init__(self, payloads=None):
        self.payloads = [text for _, text in (payloads or STORED)]
        self.cursors = {}

    def fill(self, kind, max_length=None, separator="\n\n"):
        texts, length = [], 0
        start = self.cursors.get(kind, 0)
        count = len(self.payloads)
        for step in range(count):
            text = self.payloads[(start + step) % count]
            extra = len(text) + (len(separator) if texts else 0)
            if max_length is not None and length + extra > max_length:
                if texts:
                    self.cursors[kind] = start + step
                    break
                continue  # too long on its own for this field: try the next
            texts.append(text)
            length += extra
        else:
            self.cursors[kind] = start + count
        return separator.join(texts)


def _is_text(field):
    from django import forms

    return isinstance(field, forms.CharField) and not isinstance(
        field, forms.ChoiceField | forms.SlugField
    )


def text_fields(response):
    """(form data key, kind, max_length, is_role_field) for every text field of an admin change
    form, in the page's order: the role's (or industry's) fields, then each inline row's."""
    from django.forms import Textarea

    context = response.context
    fields = []
    for name, field in context["adminform"].form.fields.items():
        if name not in NOT_TEXT and _is_text(field):
            unbounded = isinstance(field.widget, Textarea) or field.max_length is None
            fields.append((name, name, None if unbounded else field.max_length, True))
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        for index, form in enumerate(formset.forms):
            for name, field in form.fields.items():
                if name in NOT_TEXT or not _is_text(field):
                    continue
                unbounded = isinstance(field.widget, Textarea) or field.max_length is None
                key = f"{formset.prefix}-{index}-{name}"
                kind = f"{formset.prefix}-{name}"
                fields.append((key, kind, None if unbounded else field.max_length, False))
    return fields


def payload_changes(response, filler, title_prefix=f"{MARKER} "):
    """New values for every text field of the admin form in `response`, from `filler`."""
    changes = {}
    for key, kind, max_length, role_field in text_fields(response):
        prefix = title_prefix if key == "title" else ""
        if max_length is None:
            limit = None if role_field else ITEM_TEXT_LENGTH
            changes[key] = prefix + filler.fill(kind, limit)
        else:
            changes[key] = prefix + filler.fill(kind, max_length - len(prefix), " ")
    return changes


def build_site():
    """The shipped guide, an occupation page for its occupation (OCCUPATION_PAGE), official
    figures (national, a state, a metro area) and the occupation's groups. Returns the guide
    (GUIDE)."""
    from tests.builders import make_site

    return make_site()


def change_url(model, pk):
    from django.urls import reverse

    return reverse(f"admin:guides_{model}_change", args=[pk])


def save_payloads(client, guide, round_number):
    """Fill every text field of the guide, of the occupation page's role and of the guide's
    industries with round `round_number` of the corpus, through their admin change forms, as
    an editor would. Returns the values saved, by "<admin url>#<field>"."""
    from guides.models import Industry, Role
    from tests.admin_forms import EVERY_PART, SAVE_AND_PUBLISH, change_form_data

    targets = [(change_url("role", guide.pk), {})]
    occupation_role = Role.objects.get(slug=OCCUPATION_PAGE)
    targets.append((change_url("role", occupation_role.pk), {"title_prefix": f"{MARKER} Two "}))
    for industry in Industry.objects.filter(roles=guide).order_by("pk"):
        targets.append((change_url("industry", industry.pk), {"title_prefix": ""}))
    pages = {url: client.get(url, EVERY_PART) for url, _ in targets}
    filler = Filler()
    for _ in range(round_number + 1):  # each round continues where the ones before stopped
        planned = {url: payload_changes(pages[url], filler, **extra) for url, extra in targets}
    saved = {}
    for url, _ in targets:
        # Saved and published at once, so that the public pages show what was saved (a live
        # guide's save is otherwise kept as a draft).
        data = change_form_data(pages[url], **planned[url], **SAVE_AND_PUBLISH)
        response = client.post(url, data)
        assert response.status_code == 302, f"{url}: {form_errors(response)}"
        saved.update({f"{url}#{key}": value.strip() for key, value in planned[url].items()})
    return saved


def form_errors(response):
    context = response.context
    if not context or "adminform" not in context:
        return f"status {response.status_code}"
    errors = [context["adminform"].form.errors.as_text()]
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        errors += [f"{formset.prefix}: {e}" for e in formset.errors if e]
        errors += [f"{formset.prefix}: {e}" for e in formset.non_form_errors()]
    return "\n".join(error for error in errors if error)


def strings_in(data):
    """Every string anywhere in a JSON value."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings_in(value)


# --- Checking that what a page shows of them is inert ------------------------------------------

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "xlink:href", "background", "poster",
    "codebase", "cite", "longdesc", "usemap", "profile", "manifest", "ping", "srcset",
}  # fmt: skip
# What render_markdown may emit (guides/markdown.py), and the search's <mark>: a payload page
# may have these even where the page without payloads had none.
PROSE_TAGS = {
    "p": set(), "br": set(), "hr": set(), "h3": set(), "h4": set(), "h5": set(), "h6": set(),
    "strong": set(), "em": set(), "b": set(), "i": set(), "code": set(), "pre": set(),
    "blockquote": set(), "ul": set(), "ol": set(), "li": set(), "table": set(),
    "thead": set(), "tbody": set(), "tr": set(), "td": set(), "sup": set(), "sub": set(),
    "a": {"href", "title", "rel"}, "abbr": {"title"}, "th": {"scope"}, "mark": set(),
    # The charts' templates squeeze a long label into its room (salaries/charts).
    "text": {"textlength", "lengthadjust"},
}  # fmt: skip


class Document:
    """An HTML page as a browser's tokenizer sees it: its tags with their attributes (values
    unescaped), the bodies of its <script> elements, and the text of its <title>."""

    def __init__(self, html):
        from html.parser import HTMLParser

        document = self
        self.html = html
        self.tags, self.scripts, self.title = [], [], ""
        self._in = None

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                document.tags.append((tag, attrs))
                if tag in ("script", "title"):
                    document._in = (tag, dict(attrs), [])

            def handle_startendtag(self, tag, attrs):
                document.tags.append((tag, attrs))

            def handle_data(self, data):
                if document._in is not None:
                    document._in[2].append(data)

            def handle_endtag(self, tag):
                if document._in is not None and document._in[0] == tag:
                    name, attrs, parts = document._in
                    if name == "script":
                        document.scripts.append((attrs, "".join(parts)))
                    elif not document.title:  # the page's, not a chart's <title>
                        document.title = "".join(parts)
                    document._in = None

        parser = Parser(convert_charrefs=True)
        parser.feed(html)
        parser.close()

    def shape(self):
        """{tag: attribute names} over the page: what an injected tag or attribute would add to."""
        shape = {}
        for tag, attrs in self.tags:
            shape.setdefault(tag, set()).update(name for name, _ in attrs)
        return shape

    def json_ld(self):
        return [body for attrs, body in self.scripts if attrs.get("type") == "application/ld+json"]


def dangerous_url(value):
    """Whether a browser would run or render `value` as script: javascript:, vbscript:, data:,
    whatever controls, spaces, tabs and newlines hide the scheme."""
    import re

    url = re.sub(r"[\t\n\r]", "", (value or "").strip("".join(chr(c) for c in range(0x21))))
    return url.lower().startswith(("javascript:", "vbscript:", "data:"))


def inert_problems(html, allowed=None, script_urls=("/static/",)):
    """What in a page could run a payload, as a list of findings (empty when inert).

    Always: no event-handler attribute, no javascript:/data:/vbscript: URL, no <script> but the
    site's own (a file under /static/ and empty, JSON-LD, or Django's json_script data), no
    `<script` text that is not a script element, no evaluated template. With `allowed` (the
    shape of the same pages without payloads): no tag or attribute they did not have, beyond
    what sanitised Markdown may hold."""
    import json
    import re

    document = Document(html)
    problems = []
    for tag, attrs in document.tags:
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and dangerous_url(value):
                problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and re.search(r"expression|javascript:|url\(", value or "", re.I):
                problems.append(f"<{tag} style={value!r}>")
            if tag == "meta" and name == "http-equiv" and (value or "").lower() == "refresh":
                problems.append("<meta http-equiv=refresh>")
        if tag in ("iframe", "frame", "object", "embed", "base", "applet"):
            problems.append(f"<{tag}> element")
        if allowed is not None:
            permitted = allowed.get(tag, set()) | PROSE_TAGS.get(tag, set())
            if tag not in allowed and tag not in PROSE_TAGS:
                problems.append(f"<{tag}> is not on the page without payloads")
            else:
                extra = {name for name, _ in attrs} - permitted
                if extra:
                    problems.append(f"<{tag}> has attributes {sorted(extra)} it never has")
    for attrs, body in document.scripts:
        kind = attrs.get("type")
        if kind in ("application/ld+json", "application/json"):
            if "<" in body:
                problems.append(f"a '<' inside a {kind} script: {body[:200]!r}")
            try:
                json.loads(body)
            except ValueError as error:
                problems.append(f"a {kind} script that is not JSON ({error}): {body[:200]!r}")
        elif not (attrs.get("src") or "").startswith(tuple(map(str, script_urls))) or body.strip():
            problems.append(f"a script not the site's own: {attrs} {body[:200]!r}")
    openings = len(re.findall(r"<script", html, re.IGNORECASE))
    if openings != len(document.scripts):
        problems.append(f"{openings} '<script' in the page, {len(document.scripts)} scripts")
    for evaluated in TEMPLATE_EVALUATED:
        if evaluated in html:
            problems.append(f"an evaluated template payload: {evaluated!r}")
    return problems
