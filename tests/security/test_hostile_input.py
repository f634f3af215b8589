"""
Hostile input, property-based (Hypothesis): nothing a visitor or an editor sends makes the site
fail (a 5xx) or changes its data, except a valid save by an editor.

Every public URL gets random and hostile query strings, path segments, headers, methods and
bodies; every admin form of a guide gets hostile values in every field, junk inline management
forms and junk object ids; oversized requests are refused with 400. After every request the
data must be as it was: the row count and a hash of every row of every table of the guides and
salaries apps, the users, the admin log and the history (django-reversion).

The examples are derandomized (the same on every run, so CI is stable) and kept few per test.
"""

import hashlib
import operator
import re
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from reversion.models import Revision, Version

from guides.models import (
    ChangeNote,
    Industry,
    RelatedRole,
    RoleIndustry,
    RoleTally,
    RoleTallyState,
    Section,
)
from tests.admin_forms import change_form_data
from tests.builders import (
    make_area,
    make_career_level,
    make_country_salary,
    make_estimate,
    make_faq,
    make_occupation,
    make_pro_con,
    make_responsibility,
    make_role,
    make_section,
    make_skill,
    make_step,
    make_tree,
)
from tests.security.xss_payloads import GUIDE, OCCUPATION_PAGE, build_site

pytestmark = pytest.mark.django_db


def examples(count):
    """Hypothesis settings for one test: `count` examples, the same ones on every run."""
    return hypothesis_settings(
        max_examples=count,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


# --- What hostile input is made of ---------------------------------------------------------------

NASTY = [
    "", " ", "\x00", "a\x00b", "\x00" * 50, "\r\n", "\t", "\x1b[31m", "\x7f", "\u0085",
    "\u202e", "\u200b", "\ufeff", "\u2028\u2029", "\ufffd", "\U0010ffff",
    "\u0645\u0631\u062d\u0628\u0627", "e\u0301\u0302\u0303" * 30, "🙂👩‍👩‍👧‍👦🏳️‍🌈", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "' OR '1'='1", "1' OR 1=1 --", '" OR ""="', "1; DROP TABLE guides_role; --",
    "1 UNION SELECT username, password FROM auth_user --", "%' AND 1=1 --", "\\", "'", '"',
    "' || pg_sleep(0) || '", "1)) OR ((1=1", "$1", "%s", "%(x)s", "{0}", "{}",
    "{{ 7|add:7 }}", "{% debug %}", "{% load static %}{% static 'x' %}", "${7*7}", "#{7*7}",
    "<%= 7*7 %>", "{{ settings.SECRET_KEY }}", "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd", "%", "%%", "%zz", "%00", "%ff%fe", "%c0%ae%c0%ae/",
    "-1", "0", "-0", "00", "1.5", "1e309", "-1e309", "NaN", "Infinity", "0x10", "1_000",
    "9223372036854775807", "9223372036854775808", "-9223372036854775809", "9" * 400,
    "\u0661\u0662\u0663", "\uff11\uff12\uff13", "2147483648", "32768", "65536",
    "true", "false", "null", "None", "[]", "{}", '{"a": 1}', "on", "off",
]  # fmt: skip
# Values the pages do accept, so that hostile values are also tried beside valid ones.
VALID = [
    "CA", "ca", "1", "2", "3", "24", "100", "on", "title", "pay-high", "pay-low", "growth",
    "relevance", "median", "-median", "employment", "state", "office", "clerk assistant",
    "high_school", "43", "declining", "average-or-faster", "administrative-support",
    GUIDE, OCCUPATION_PAGE, f"{GUIDE},{OCCUPATION_PAGE}", f"{GUIDE},{GUIDE},{GUIDE},x,y",
]  # fmt: skip

texts = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(VALID),
    st.text(max_size=40),  # any code point: controls, NUL, RTL, emoji, combining marks
    st.text(st.characters(categories=["Cc", "Cf", "Mn", "Zs", "Zl", "Zp", "Co"]), max_size=20),
    st.integers(-(10**40), 10**40).map(str),
    st.floats().map(str),
    st.builds(
        operator.mul,
        st.sampled_from(["a", "9", "-", "é", "🙂", "<", "%", "'", "\x00", "q "]),
        st.integers(5000, 6000),
    ),
)
# Broken or unusual percent-encodings, written into the query string as they are.
raw_query = st.lists(
    st.sampled_from(
        ["%", "%2", "%zz", "%00", "%ff", "%fe%ff", "%c0%ae", "%e2%80%ae", "%u003c", "&", "&&",
         "=", "==", ";", "+", "%2B", "?", "%3F", "%26", "%0d%0a", "a[]=1", "a[b]=2", "%%"]
    ),
    max_size=8,
).map("".join)  # fmt: skip


def query(names):
    """A query string: parameters (repeated, unknown or known) with hostile values."""
    junk = ["", "x", "utm_source", "format", "callback", "__proto__", "q[]", "page[size]"]
    name = st.one_of(st.sampled_from(names), st.sampled_from(junk), st.text(max_size=10))
    pairs = st.lists(st.tuples(name, texts), max_size=6)
    return st.builds(
        lambda pairs, raw: "&".join(part for part in (urlencode(pairs), raw) if part),
        pairs,
        raw_query,
    )


# --- The data, before and after --------------------------------------------------------------


# Derived from the roles and rebuilt by the list when stale, as a cache is: not the site's data.
DERIVED = {RoleTally, RoleTallyState}


def snapshot():
    """Every row of the site's data, as (count, hash) per table."""
    models = [
        *(model for model in apps.get_app_config("guides").get_models() if model not in DERIVED),
        *apps.get_app_config("salaries").get_models(),
        User, Group, LogEntry, Revision, Version,
    ]  # fmt: skip
    state = {}
    for model in models:
        rows = list(model.objects.order_by("pk").values_list())
        state[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return state


def changed_tables(before):
    after = snapshot()
    return sorted(label for label in after if after[label] != before.get(label))


@pytest.fixture
def site():
    """The shipped guide, an occupation page, and official figures for both (national, a state
    and a metro area)."""
    return build_site()


FILTERS = ["q", "industry", "group", "education", "pay_min", "pay_max", "growth", "guide",
           "sort", "page", "compare"]  # fmt: skip
PUBLIC = {
    "/": ["compare"],
    "/careers/": FILTERS,
    f"/careers/{GUIDE}/": ["compare"],
    f"/careers/{OCCUPATION_PAGE}/": ["compare"],
    f"/careers/{GUIDE}/salaries/": ["state", "sort"],
    f"/careers/{OCCUPATION_PAGE}/salaries/": ["state", "sort"],
    f"/careers/{GUIDE}/job-post/": ["level", "state"],
    f"/careers/{GUIDE}/embed/": [],
    f"/careers/{GUIDE}/preview.png": [],
    "/preview.png": [],
    "/compare/": ["careers", "add"],
    "/occupations/": [],
    "/occupations/43-0000/": [],
    "/occupations/43-9000/": [],
    "/feeds/careers/": [],
    "/sitemap.xml": ["p"],
    "/sitemap-guides.xml": ["p"],
    "/sitemap-occupations.xml": ["p"],
    "/sitemap-groups.xml": ["p"],
    "/robots.txt": [],
    "/api/v1/careers/": [*FILTERS, "page_size"],
    f"/api/v1/careers/{GUIDE}/": [],
    f"/api/v1/careers/{OCCUPATION_PAGE}/": [],
    "/api/v1/openapi.json": [],
}
# Pages that draw an image: fewer examples, each costs a drawing.
IMAGES = {f"/careers/{GUIDE}/preview.png", "/preview.png"}


def test_every_public_url_answers(client, site):
    for url in PUBLIC:
        assert client.get(url).status_code == 200, url


# --- Public pages ---------------------------------------------------------------------------


def test_hostile_query_strings(client, site):
    """Each public URL, with its own parameters (and others) given hostile values."""
    before = snapshot()
    for url, names in PUBLIC.items():
        hostile_query_strings(client, url, names, before)


def hostile_query_strings(client, url, names, before):
    @examples(3 if url in IMAGES else 8)
    @given(query(names or ["q"]))
    def run(query_string):
        response = client.get(f"{url}?{query_string}")
        assert response.status_code < 500, (url, query_string)
        assert not changed_tables(before), (url, query_string)

    run()


PATHS = [
    "/careers/{}/", "/careers/{}/salaries/", "/careers/{}/job-post/", "/careers/{}/embed/",
    "/careers/{}/preview.png", "/api/v1/careers/{}/", "/api/v1/{}", "/api/v1/{}/",
    "/sitemap-{}.xml", "/{}", "/{}/", "/careers/{}", "/compare/{}/", "/feeds/{}/",
    "/static/{}", "/careers/" + GUIDE + "/{}/", "/admin/{}/", "/occupations/{}/",
    "/occupations/43-{}/",
]  # fmt: skip
segments = st.one_of(
    st.text(min_size=1, max_size=60).map(lambda text: quote(text, safe="")),
    st.from_regex(r"[-a-zA-Z0-9_]{1,250}", fullmatch=True),  # a slug that matches no role
    st.sampled_from(NASTY).filter(bool).map(lambda text: quote(text, safe="")),
    st.sampled_from(["%", "%ff", "%zz", "..", "%2e%2e", "%2f", ".", "~", "%00", GUIDE.upper(),
                     GUIDE + "-", "a" * 5000, "%c0%af", "%e2%80%ae", "..%2f..%2fetc"]),
)  # fmt: skip


def test_hostile_paths(client, site):
    before = snapshot()

    @examples(120)
    @given(st.sampled_from(PATHS), segments)
    def run(template, segment):
        path = template.format(segment)
        response = client.get(path)
        assert response.status_code < 500, path
        assert not changed_tables(before), path

    run()


# Header values as a server hands them to Django: bytes read as Latin-1, without CR, LF or NUL
# (servers refuse those).
header_text = st.one_of(
    texts.map(lambda text: text.encode().decode("latin-1")),
    st.text(st.characters(max_codepoint=0xFF, exclude_characters="\r\n\x00"), max_size=80),
).map(lambda text: re.sub(r"[\r\n\x00]", "", text))
HEADERS = {
    "HX-Request": st.one_of(st.just("true"), header_text),
    "HX-Target": st.one_of(st.sampled_from(["results", "metros", "comparison"]), header_text),
    "HX-Current-URL": st.one_of(st.just("http://[::1"), header_text),
    "HX-Trigger": header_text,
    "HX-Boosted": header_text,
    "HX-History-Restore-Request": header_text,
    "If-None-Match": st.one_of(st.sampled_from(['"x"', "*", 'W/"', '""', '"a", W/"b"']),
                               header_text),
    "If-Modified-Since": st.one_of(st.sampled_from(["Sun, 06 Nov 1994 08:49:37 GMT",
                                                    "Thu, 01 Jan 9999 00:00:00 GMT", "0"]),
                                   header_text),
    "If-Unmodified-Since": header_text,
    "If-Match": header_text,
    "Range": st.one_of(st.just("bytes=0-0,-1"), header_text),
    "Accept": header_text,
    "Accept-Language": st.one_of(st.sampled_from(["*", "xx-YY;q=2", "de-DE,de;q=0.9," * 300]),
                                 header_text),
    "Accept-Encoding": st.one_of(st.sampled_from(["gzip", "br, gzip;q=0", "*"]), header_text),
    "User-Agent": st.one_of(st.builds(operator.mul, st.just("Mozilla/5.0 "), st.integers(1, 2000)),
                            header_text),
    "Cookie": st.one_of(st.sampled_from(["sessionid=junk", "csrftoken=", "a=b; ; ;=;",
                                         "sessionid=" + "x" * 5000]), header_text),
    "Referer": header_text,
    "Origin": st.one_of(st.just("null"), header_text),
    "X-Forwarded-For": header_text,
    "X-Forwarded-Proto": st.one_of(st.just("https"), header_text),
    "X-Forwarded-Host": header_text,
    "X-Requested-With": header_text,
    "Content-Type": header_text,
    "Host": st.one_of(st.sampled_from(["testserver:80", "evil.example", "testserver:0", ""]),
                      header_text),
}  # fmt: skip
hostile_headers = st.fixed_dictionaries({}, optional=HEADERS)


def test_hostile_headers_neither_fail_nor_poison_the_page_cache(site, settings):
    """With the page cache on: a hostile request never fails, and what the next ordinary
    visitor gets is what they would have got without it."""
    settings.CACHE_PAGES = True
    ordinary = {url: Client().get(url).content for url in PUBLIC}
    before = snapshot()

    @examples(40)
    @given(st.sampled_from(sorted(PUBLIC)), hostile_headers)
    def run(url, headers):
        response = Client().get(url, headers=headers)
        assert response.status_code < 500, (url, headers)
        assert Client().get(url).content == ordinary[url], (url, headers)
        assert not changed_tables(before), (url, headers)

    run()


bodies = st.one_of(
    st.lists(st.tuples(texts, texts), max_size=5).map(
        lambda pairs: ("application/x-www-form-urlencoded", urlencode(pairs).encode())
    ),
    st.tuples(st.sampled_from(["multipart/form-data; boundary=x", "multipart/form-data",
                               "multipart/form-data; boundary=", "application/json",
                               "text/plain", "application/xml", "x/y; charset=nope"]),
              st.one_of(st.binary(max_size=200), st.sampled_from([
                  b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--",
                  b"--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../../x\""
                  b"\r\n\r\nabc\r\n--x--", b"--x", b'{"a": [1, {"b": null}]}', b"\xff\xfe",
              ]))),
)  # fmt: skip


@pytest.mark.parametrize("csrf", ["view", "csrf-check", "csrf-check-with-cookie"])
def test_write_methods_never_fail_or_write(site, csrf):
    """POST, PUT, PATCH and DELETE with any body: not a 5xx, and nothing written. As the view
    sees them (the test client skips the CSRF check), and as the site is reached from outside,
    CSRF check first: refused at once without the CSRF cookie, and with one, after the check
    reads (parses) the body for the token."""
    client = Client(enforce_csrf_checks=csrf != "view")
    if csrf == "csrf-check-with-cookie":
        client.cookies["csrftoken"] = "A" * 32
    before = snapshot()

    @examples(40)
    @given(
        st.sampled_from(sorted(PUBLIC)),
        st.sampled_from(["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "FOO"]),
        bodies,
    )
    def run(url, method, body):
        content_type, data = body
        response = client.generic(method, url, data=data, content_type=content_type)
        assert response.status_code < 500, (url, method, body)
        assert not changed_tables(before), (url, method, body)

    run()


# The public pages answer GET and HEAD only; any other method gets a 405.
@pytest.mark.parametrize("url", PUBLIC)
def test_write_methods_get_405(client, url):
    make_role(title="Back Office Assistant", slug=GUIDE)  # what the pages need to answer
    make_role(title="Office Clerks, General", slug=OCCUPATION_PAGE, introduction="")
    make_tree(make_occupation())
    assert client.get(url).status_code == 200
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert client.generic(method, url).status_code == 405, method


# --- The admin ------------------------------------------------------------------------------


@pytest.fixture
def small_guide():
    """A guide with one of every part, so that its change form is quick to post."""
    occupation = make_occupation()
    make_estimate(occupation, make_area())
    role = make_role(title="Hostile Guide", slug="hostile-guide", occupation=occupation,
                     median_pay=40000, median_pay_source="Test", median_pay_year=2025)  # fmt: skip
    other = make_role(title="Other Guide", slug="other-guide")
    make_section(role)
    make_section(role, kind=Section.Kind.TOOLS, heading="Tools")
    make_responsibility(role)
    make_skill(role, name="Typing")
    make_step(role)
    make_career_level(role)
    make_country_salary(role)
    make_pro_con(role)
    make_faq(role)
    RelatedRole.objects.create(role=role, related=other, order=1)
    industry = Industry.objects.create(name="Finance", slug="finance")
    RoleIndustry.objects.create(role=role, industry=industry, order=1)
    ChangeNote.objects.create(role=role, date=timezone.localdate(), text="Written.")
    make_responsibility(other)  # another guide's row, whose id a hostile form may name
    return role


def role_url(role):
    """The guide's screen with every part shown (they load when opened), as the form's address."""
    return reverse("admin:guides_role_change", args=[role.pk]) + "?part=all"


def post_changes(page, changes):
    """The form data of `page` with `changes`; a change to None leaves the field out."""
    data = change_form_data(page)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def admin_form_property(admin_client, url, fields, count, values=None):
    """Post the admin form at `url` with hostile values in some of `fields` (None: the field is
    left out): never a 5xx; a form error page changes nothing; a save (302) is an editor's
    valid input, after which the form is opened again."""
    state = {"page": admin_client.get(url), "before": snapshot()}
    assert state["page"].status_code == 200
    if values is None:
        values = st.one_of(texts, st.none(), st.lists(texts, min_size=2, max_size=3))

    @examples(count)
    @given(st.dictionaries(st.sampled_from(sorted(set(fields))), values, min_size=1, max_size=6))
    def run(changes):
        response = admin_client.post(url, post_changes(state["page"], changes))
        assert response.status_code < 500, changes
        if response.status_code == 302:
            state["page"], state["before"] = admin_client.get(url), snapshot()
        else:
            assert not changed_tables(state["before"]), (changes, response.status_code)

    run()


MANAGEMENT = ["TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"]


def is_management(name):
    return name.rsplit("-", 1)[-1] in MANAGEMENT


def test_role_change_form_with_hostile_values(admin_client, small_guide):
    url = role_url(small_guide)
    fields = [name for name in change_form_data(admin_client.get(url)) if not is_management(name)]
    fields += ["published_at_0", "published_at_1", "last_reviewed", "id", "_saveasnew",
               "_continue", "_addanother", "responsibilities-1-text", "responsibilities-1-order",
               "responsibilities-0-DELETE", "skills-0-DELETE", "career_levels-0-DELETE",
               "nonexistent-0-x"]  # fmt: skip
    admin_form_property(admin_client, url, fields, 20)


def test_role_add_form_with_hostile_values(admin_client, small_guide):
    url = reverse("admin:guides_role_add")
    fields = [*admin_client.get(url).context["adminform"].form.fields]
    fields += [
        "title",
        "slug",
        "published_at_0",
        "published_at_1",
        "responsibilities-0-text",
        "responsibilities-0-order",
        "sections-0-kind",
        "sections-0-body",
        "career_levels-0-years_from",
        "career_levels-0-salary_median",
        "_saveasnew",
    ]
    admin_form_property(admin_client, url, fields, 20)


EVERY_FIELD = ["\x00", "9" * 400, "' OR '1'='1", "\u202e<script>" * 700, "-1"]


def test_every_field_of_every_form_at_once(admin_client, small_guide):
    """Each hostile value in every field of a form at once (each field's cleaning runs, whatever
    the others do): the Role change and add forms, the industry's and the career level's."""
    level = small_guide.career_levels.get()
    forms_urls = [
        role_url(small_guide),
        reverse("admin:guides_role_add"),
        reverse("admin:guides_industry_change", args=[Industry.objects.get(slug="finance").pk]),
        reverse("admin:guides_careerlevel_change", args=[level.pk]),
    ]
    for url in forms_urls:
        page = admin_client.get(url)
        fields = [*change_form_data(page), *page.context["adminform"].form.fields]
        fields = [name for name in fields if not is_management(name)]
        for value in EVERY_FIELD:
            before = snapshot()
            changes = dict.fromkeys(fields, value)
            response = admin_client.post(url, post_changes(page, changes))
            # A NUL character is refused whole (careerguide.admin.EditorsSite): a 400.
            assert response.status_code in ((400,) if "\x00" in value else (200, 302)), (
                url, value[:20])  # fmt: skip
            if response.status_code == 302:  # valid everywhere ("-1" is an industry's slug)
                page = admin_client.get(url)
            else:  # the form, with its errors
                assert not changed_tables(before), (url, value[:20])


def test_autocomplete_fields_with_unknown_values(admin_client, small_guide):
    """An autocomplete field naming nothing: the form again, with an error."""
    cases = [{"role_industries-0-industry": "999999"}, {"role_industries-0-industry": ""},
             {"related_links-0-related": "999999"}, {"occupation": "99-9999"},
             {"occupation": "' OR 1=1"}]  # fmt: skip
    assert not post_form_errors(admin_client, role_url(small_guide), cases)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("role_industries-0-industry", "abc"),
        ("role_industries-0-industry", "1.5"),
        ("role_industries-0-industry", "99999999999999999999"),
        ("related_links-0-related", "abc"),
        ("related_links-0-related", " "),
        ("occupation", "43-9061 x"),
    ],
)
def test_autocomplete_field_with_a_value_that_is_not_an_id(admin_client, small_guide, field,
                                                           value):  # fmt: skip
    """A tampered autocomplete field gets the form back with an error, not a 500 (Django's
    widget looks the posted value up unchecked when it shows the form again;
    careerguide.admin.AutocompleteSelect shows only values that can name a row)."""
    assert not post_form_errors(admin_client, role_url(small_guide), [{field: value}])


def test_autocomplete_fields_keep_their_values_when_the_form_is_shown_again(
    admin_client, small_guide
):
    """The widget drops only values that cannot name a row: a form with an error elsewhere
    still shows the chosen occupation and industry."""
    page = admin_client.get(role_url(small_guide))
    industry = small_guide.role_industries.get().industry
    response = admin_client.post(role_url(small_guide), change_form_data(page, title=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{industry.pk}" selected>{industry}</option>' in html
    assert f'<option value="{small_guide.occupation_id}" selected>' in html


@pytest.mark.parametrize("field", ["title", "occupation", "role_industries-0-industry",
                                   "change_notes-0-text", "opened_version"])  # fmt: skip
def test_a_nul_character_in_an_admin_form_is_a_400(admin_client, small_guide, field):
    """No editor types a NUL character, and PostgreSQL cannot store one: refused, 400."""
    page = admin_client.get(role_url(small_guide))
    before = snapshot()
    response = admin_client.post(role_url(small_guide), change_form_data(page, **{field: "a\x00"}))
    assert response.status_code == 400
    assert "couldn't understand" in response.text
    assert not changed_tables(before)


# The inlines whose items are numbered: a new item may not take a number a saved item holds.
ORDER_CLASH = ["responsibilities", "skills", "steps", "career_levels", "country_salaries",
               "pros_cons", "faqs"]  # fmt: skip
INLINES = ["role_industries", "sections", *ORDER_CLASH, "related_links", "change_notes"]


COUNTS = ["-1", "0", "1", "2", "3", "abc", "", " 1", "1.0", "1e3", "\uff11", "\u0661", "5",
          "\x00", "1\x00", "0x1", "+1", "1_0"]  # fmt: skip


def test_inline_management_forms_with_junk_counts(admin_client, small_guide):
    """TOTAL_FORMS, INITIAL_FORMS (and the others) of every inline: missing, negative, not a
    number, more than the rows sent."""
    fields = [f"{prefix}-{name}" for prefix in INLINES for name in MANAGEMENT]
    # No long runs of digits: a count above a few builds that many forms (see the next test).
    not_digits = st.characters(exclude_categories=["Nd"])
    values = st.one_of(st.sampled_from(COUNTS), st.none(), st.text(not_digits, max_size=4))
    admin_form_property(admin_client, role_url(small_guide), fields, 20, values)


def post_form_errors(admin_client, url, cases):
    """Post the form at `url` once per set of changes in `cases`: each is refused (the form
    again, with errors) and writes nothing. Returns the cases that were not."""
    page = admin_client.get(url)
    before = snapshot()
    failures = []
    for changes in cases:
        response = admin_client.post(url, change_form_data(page, **changes))
        if response.status_code != 200 or changed_tables(before):
            failures.append((changes, response.status_code, changed_tables(before)))
    return failures


def test_understated_initial_forms_is_a_form_error(admin_client, small_guide):
    """Saved rows sent as new ones (INITIAL_FORMS below the rows sent: a stale or tampered
    form), for each inline but the change log (next test): refused, nothing written."""
    cases = [
        {f"{prefix}-INITIAL_FORMS": count}
        for prefix in INLINES
        if prefix != "change_notes"
        for count in ("0", "-1")
    ]
    assert not post_form_errors(admin_client, role_url(small_guide), cases)


def test_understated_initial_forms_of_the_change_log(admin_client, small_guide):
    """The change log has no numbering to clash: its saved entry sent as a new one is refused
    by the id it carries (guides/admin.py PartFormSet), not saved a second time."""
    cases = [{"change_notes-INITIAL_FORMS": "0"}, {"change_notes-INITIAL_FORMS": "-1"}]
    assert not post_form_errors(admin_client, role_url(small_guide), cases)
    response = admin_client.post(
        role_url(small_guide),
        change_form_data(admin_client.get(role_url(small_guide)), **cases[0]),
    )
    assert "This row is saved already: reload the page." in response.text


@pytest.mark.parametrize("count", ["99999999999999999999"])
def test_huge_total_forms_is_refused(admin_client, small_guide, count):
    """Django builds at most absolute_max (2,000) forms of an inline and refuses more than
    1,000: a form error, nothing written."""
    page = admin_client.get(role_url(small_guide))
    before = snapshot()
    changes = {"responsibilities-TOTAL_FORMS": count}
    response = admin_client.post(role_url(small_guide), change_form_data(page, **changes))
    assert response.status_code == 200
    assert not changed_tables(before)


def test_negative_counts_leave_every_part_as_it_was(admin_client, small_guide):
    """Negative TOTAL_FORMS and INITIAL_FORMS mean no rows sent: the guide may be saved, but
    no part of it is lost or duplicated."""
    page = admin_client.get(role_url(small_guide))
    before = snapshot()
    changes = {
        f"{prefix}-{name}": "-5" for prefix in INLINES for name in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    response = admin_client.post(role_url(small_guide), change_form_data(page, **changes))
    assert response.status_code in (200, 302)
    allowed = {
        "guides.Role",
        "admin.LogEntry",
        "reversion.Revision",
        "reversion.Version",
        "guides.GuideDraft",
    }  # fmt: skip -- a live guide's save is kept as a draft
    assert set(changed_tables(before)) <= allowed


def test_industry_forms_with_hostile_values(admin_client, small_guide):
    industry = Industry.objects.get(slug="finance")
    Industry.objects.create(name="Health", slug="health")
    for url in (reverse("admin:guides_industry_change", args=[industry.pk]),
                reverse("admin:guides_industry_add")):  # fmt: skip
        admin_form_property(admin_client, url, ["name", "slug", "_saveasnew"], 25)


def test_career_level_form_with_hostile_values(admin_client, small_guide):
    level = small_guide.career_levels.get()
    url = reverse("admin:guides_careerlevel_change", args=[level.pk])
    fields = [name for name in change_form_data(admin_client.get(url)) if not is_management(name)]
    fields += ["salary-0-median", "salary-0-id"]
    admin_form_property(admin_client, url, fields, 30)


def test_markdown_preview_with_hostile_bodies(admin_client, small_guide):
    url = reverse("admin:guides_role_markdown_preview")
    before = snapshot()

    @examples(30)
    @given(st.lists(st.tuples(texts, texts), max_size=3))
    def run(pairs):
        response = admin_client.post(url, urlencode(pairs),
                                     content_type="application/x-www-form-urlencoded")  # fmt: skip
        assert response.status_code < 500, pairs
        assert "<script" not in response.text.lower(), pairs
        assert not changed_tables(before), pairs

    run()


JUNK_ADMIN_URLS = [
    "/admin/guides/role/abc/change/",
    "/admin/guides/role/999999/change/",
    "/admin/guides/role/-1/change/",
    "/admin/guides/role/1.5/change/",
    "/admin/guides/role/%00/change/",
    "/admin/guides/role/" + "9" * 30 + "/change/",
    "/admin/guides/role/999999/history/",
    "/admin/guides/role/abc/history/",
    "/admin/guides/role/999999/delete/",
    "/admin/guides/role/abc/delete/",
    "/admin/guides/role/999999/history/compare/?version_id1=1&version_id2=2",
    "/admin/guides/role/{pk}/history/compare/",
    "/admin/guides/role/{pk}/history/compare/?version_id1=abc&version_id2=-1",
    "/admin/guides/role/{pk}/history/compare/?version_id1=999999&version_id2=999998",
    "/admin/guides/role/{pk}/history/compare/?version_id1={version}&version_id2={version}",
    "/admin/guides/role/{pk}/history/compare/?version_id1={version}&version_id2=999999",
    "/admin/guides/role/{pk}/history/999999/",
    "/admin/guides/role/{pk}/history/abc/",
    "/admin/guides/role/recover/999999/",
    "/admin/guides/role/recover/abc/",
    "/admin/guides/careerlevel/abc/change/",
    "/admin/guides/careerlevel/999999/change/",
    "/admin/guides/careerlevel/999999/history/compare/",
    "/admin/guides/industry/999999/change/",
    "/admin/guides/industry/abc/delete/",
    "/admin/occupations/occupation/999999/change/",
    "/admin/salaries/wageestimate/abc/change/",
    "/admin/guides/nosuchmodel/",
    "/admin/nosuchapp/",
    "/admin/nosuchapp/nosuchmodel/1/change/",
    "/admin/r/999999/1/",
    "/admin/r/abc/def/",
    "/admin/autocomplete/?app_label=guides&model_name=role&field_name=nope&term=x",
    "/admin/autocomplete/?app_label=nope&model_name=nope&field_name=nope",
    "/admin/autocomplete/?app_label=guides&model_name=role&field_name=occupation&page=abc",
    "/admin/guides/role/?o=junk",
    "/admin/guides/role/?o=99.-99.abc",
    "/admin/guides/role/?p=-1",
    "/admin/guides/role/?p=abc",
    "/admin/guides/role/?q=%00",
    "/admin/guides/role/?status=junk&guide=maybe&figures=zz&industry=zz&group=%ff",
    "/admin/autocomplete/?app_label=guides&model_name=roleindustry&field_name=industry"
    "&term=x&page=-1",
    "/admin/guides/role/?q=" + "x" * 5000,
    "/admin/guides/role/?q=%27%20OR%201%3D1%20--",
    "/admin/guides/role/?published_at__gte=notadate",
    "/admin/guides/role/?id__in=1,abc",
    "/admin/guides/role/?nosuchfield=1",
    "/admin/guides/role/?_popup=1&_to_field=password",
    "/admin/guides/role/?_to_field=slug",
    "/admin/guides/role/add/?_changelist_filters=%00",
    "/admin/guides/role/add/?title=%00&occupation=abc",
    "/admin/guides/role/markdown-preview/",
    "/admin/guides/role/checks/?x=%00",
    "/admin/salaries/wageestimate/?release__id__exact=abc",
    "/admin/login/?next=javascript:alert(1)",
    "/admin/jsi18n/?language=%00",
]


def test_junk_admin_urls_and_object_ids(admin_client, small_guide):
    versions = Version.objects.get_for_object(small_guide).values_list("pk", flat=True)
    before = snapshot()
    failures = []
    admin_client.raise_request_exception = False  # a 500 is collected, not raised
    for template in JUNK_ADMIN_URLS:
        url = template.format(pk=small_guide.pk, version=versions.first() or 1)
        for response in (
            admin_client.get(url),
            admin_client.post(url, {"title": "x", "_save": "Save"}),  # as a form would send it
        ):
            if response.status_code >= 500 or changed_tables(before):
                failures.append((response.request["REQUEST_METHOD"], url, response.status_code))
    assert not failures


@pytest.mark.parametrize(
    "url",
    [
        "/admin/guides/role/abc/history/compare/",
        "/admin/guides/role/1.5/history/compare/?version_id1=1&version_id2=2",
        "/admin/guides/role/%EF%BC%91/history/compare/",  # a fullwidth digit one
        "/admin/guides/careerlevel/abc/history/compare/",
        "/admin/guides/role/abc/history/",
        "/admin/guides/careerlevel/-1/history/",
    ],
)
def test_history_and_compare_with_an_id_that_is_not_a_number(admin_client, small_guide, url):
    assert admin_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/admin/guides/role/?q=%00",
        "/admin/guides/role/%00/change/",
        "/admin/guides/role/?industry=%00",  # IndustryFilter
        "/admin/guides/role/?status=%00",  # Django's choices
        "/admin/guides/role/?%00=1",
        "/admin/salaries/wageestimate/?area__kind__exact=%00",
        "/admin/autocomplete/?app_label=guides&model_name=roleindustry"
        "&field_name=industry&term=%00",
        "/admin/guides/role/%00/history/",
        "/admin/guides/role/%00/history/compare/",
    ],
)
def test_nul_byte_in_admin_lookups(admin_client, small_guide, url):
    before = snapshot()
    assert admin_client.get(url).status_code < 500
    assert not changed_tables(before)


ADMIN_PATHS = [
    "/admin/guides/role/{}/change/", "/admin/guides/role/{}/history/", "/admin/guides/role/{}/",
    "/admin/guides/role/?q={}", "/admin/guides/role/?o={}", "/admin/guides/role/?status={}",
    "/admin/guides/role/?industry={}", "/admin/guides/role/?group={}", "/admin/{}/",
    "/admin/guides/{}/", "/admin/guides/role/?figures={}&guide={}",
    "/admin/autocomplete/?app_label=guides&model_name=role&field_name=related&term={}",
    "/admin/guides/careerlevel/?q={}", "/admin/guides/industry/?q={}",
]  # fmt: skip


def test_hostile_admin_urls(admin_client, small_guide):
    before = snapshot()

    @examples(60)
    @given(st.sampled_from(ADMIN_PATHS), texts)
    def run(template, value):
        url = template.replace("{}", quote(value, safe=""))
        response = admin_client.get(url)
        assert response.status_code < 500, url
        assert not changed_tables(before), url

    run()


# --- Oversized requests -----------------------------------------------------------------------


@pytest.mark.parametrize("enforce_csrf", [False, True], ids=["view", "with-csrf-check"])
def test_oversized_posts_are_400(small_guide, django_user_model, enforce_csrf):
    """More than DATA_UPLOAD_MAX_MEMORY_SIZE of form data, or more than
    DATA_UPLOAD_MAX_NUMBER_FIELDS fields: a 400 (RequestDataTooBig, TooManyFieldsSent), as an
    editor's browser would send them (with the CSRF cookie and token) and as the view sees them.
    """
    admin = django_user_model.objects.create_superuser("boss", password="x" * 16)
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(admin)
    url = role_url(small_guide)
    client.get(url)  # the CSRF cookie, as the editor's browser has it
    token = {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    before = snapshot()

    too_big = {**token, "title": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    assert client.post(url, too_big).status_code == 400
    fields = {f"f{number}": "x" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert client.post(url, {**token, **fields}).status_code == 400
    for public in ("/careers/", "/api/v1/careers/"):
        response = client.post(public, too_big)
        assert response.status_code < 500, public
        if enforce_csrf:  # refused before any view runs; the API refuses the method
            assert response.status_code in (400, 405), public
    assert not changed_tables(before)
