"""Whole-page caching: cached pages cost no queries, and every editor change shows at once."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from careerguide import catalogue, page_cache
from guides.models import FAQ, ChangeNote, Industry, RoleIndustry, Section
from tests.builders import (
    make_area,
    make_career_level,
    make_country_salary,
    make_estimate,
    make_faq,
    make_occupation,
    make_responsibility,
    make_role,
    make_section,
    make_tree,
)

# Committed for real, as in production: a change makes cached pages obsolete when it commits.
# serialized_rollback: the migrations' rows (content types, groups) are back for the next test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CACHE_PAGES = True


@pytest.fixture
def guide():
    occupation = make_occupation()
    make_estimate(occupation, make_area())
    role = make_role(title="Cached Clerk", slug="cached-clerk", occupation=occupation)
    make_section(role, body="The first overview.")
    make_responsibility(role, text="Keep the files.")
    make_career_level(role)
    make_country_salary(role)
    make_faq(role, question="Is it calm?", answer="Mostly.")
    return role


def public_pages(role):
    return [
        reverse("careers:home"),
        reverse("careers:list"),
        reverse("careers:list") + "?q=clerk",
        role.get_absolute_url(),
        reverse("careers:salaries", args=[role.slug]),
        reverse("careers:compare") + f"?careers={role.slug}",
        reverse("careers:embed", args=[role.slug]),
    ]


def test_a_cached_page_costs_no_queries(client, guide, django_assert_num_queries):
    for url in public_pages(guide):
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.content == first.content, url


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (lambda role: _set(role.sections.get(), body="A new overview."), "A new overview."),
        (lambda role: _set(role.responsibilities.get(), text="Scan the post."), "Scan the post."),
        (lambda role: _set(role.faqs.get(), question="Is it busy?"), "Is it busy?"),
        (lambda role: make_faq(role, question="A brand new question?"), "A brand new question?"),
        (lambda role: _set(role.career_levels.get().salary, median=77777), "$77,777"),
        (lambda role: _set(role.country_salaries.get(), country="Portugal"), "Portugal"),
        (lambda role: ChangeNote.objects.create(role=role, date=timezone.localdate(),
                                                text="Figures checked."), "Figures checked."),
        (lambda role: RoleIndustry.objects.create(
            role=role, industry=Industry.objects.create(name="Shipping", slug="shipping"),
            order=1), "Shipping"),
        (lambda role: _set(role, title="Renamed Clerk"), "Renamed Clerk"),
    ],
)  # fmt: skip
def test_every_editor_change_is_on_the_next_request(client, guide, change, shown):
    url = guide.get_absolute_url()
    before = client.get(url).content
    assert client.get(url).content == before  # now served from the cache

    change(guide)
    after = client.get(url).content

    assert after != before
    assert shown in after.decode()


def test_deleting_a_part_is_on_the_next_request(client, guide):
    url = guide.get_absolute_url()
    assert "Is it calm?" in client.get(url).text
    FAQ.objects.filter(role=guide).delete()
    Section.objects.filter(role=guide).delete()
    text = client.get(url).text
    assert "Is it calm?" not in text and "The first overview." not in text


def _set(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


def test_a_scheduled_guide_appears_when_its_time_comes(client, guide):
    """The cached list lives only until the next publication time: no write announces it."""
    soon = timezone.now() + timedelta(seconds=1)
    make_role(title="Scheduled Clerk", published_at=soon)
    assert "Scheduled Clerk" not in client.get(reverse("careers:list")).text  # now cached

    deadline = time.monotonic() + 10
    shown = False
    while not shown and time.monotonic() < deadline:
        shown = "Scheduled Clerk" in client.get(reverse("careers:list")).text
        time.sleep(0.1)

    assert shown
    assert timezone.now() >= soon


def test_cached_list_expires_at_the_next_publication(guide, monkeypatch):
    from careerguide import catalogue

    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)  # the clock stands still
    make_role(title="Later", published_at=now + timedelta(seconds=40))
    assert catalogue._lifetime() == 40


def test_public_pages_let_a_cdn_keep_them_and_browsers_revalidate(client, guide):
    for url in public_pages(guide):
        response = client.get(url)
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=0", "s-maxage=60", "stale-while-revalidate=30"} <= control
        assert response["ETag"] and response["Last-Modified"], url
        assert "nonce" not in response["Content-Security-Policy"]


def test_conditional_requests_get_304(client, guide):
    url = guide.get_absolute_url()
    first = client.get(url)

    by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    changed = client.get(url, headers={"If-None-Match": '"something-else"'})

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_date.status_code == 304
    assert changed.status_code == 200


def test_a_conditional_request_after_an_edit_gets_the_new_page(client, guide):
    url = guide.get_absolute_url()
    etag = client.get(url)["ETag"]
    _set(guide.sections.get(), body="Edited overview.")

    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert "Edited overview." in response.text


def test_htmx_partials_are_cached_apart_from_full_pages(client, guide):
    url = reverse("careers:list") + "?q=clerk"
    full = client.get(url)
    partial = client.get(url, headers={"HX-Request": "true", "HX-Target": "results"})
    full_again = client.get(url)

    assert "<html" in full.text and "<html" not in partial.text
    assert full_again.content == full.content
    assert {"HX-Request", "HX-Target"} <= {v.strip() for v in partial["Vary"].split(",")}


def test_signed_in_staff_always_get_a_fresh_page(admin_client, client, guide):
    url = guide.get_absolute_url()
    client.get(url)  # cached for anonymous readers
    type(guide).objects.filter(pk=guide.pk).update(title="Changed Behind The Cache")

    assert "Changed Behind The Cache" in admin_client.get(url).text
    assert "Changed Behind The Cache" not in client.get(url).text


def test_previews_and_admin_are_private(admin_client, client):
    draft = make_role(title="Draft", status="draft", published_at=None)
    preview = admin_client.get(draft.get_absolute_url())
    admin = admin_client.get(reverse("admin:guides_role_changelist"))

    assert "private" in preview["Cache-Control"] and "no-store" in preview["Cache-Control"]
    assert "private" in admin["Cache-Control"]
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_errors_are_not_cached(client, guide):
    url = "/careers/not-yet/"
    assert client.get(url).status_code == 404
    make_role(slug="not-yet")
    assert client.get(url).status_code == 200


def test_last_modified_is_an_http_date(client, guide):
    response = client.get(guide.get_absolute_url())
    assert response["Last-Modified"].endswith(" GMT")
    assert len(response["Last-Modified"]) == len(http_date())


def test_a_cached_page_is_kept_compressed_and_validated(client, guide):
    url = guide.get_absolute_url()
    gzip = {"Accept-Encoding": "gzip"}
    first = client.get(url, headers=gzip)
    again = client.get(url, headers=gzip)
    plain = client.get(url)

    assert first["Content-Encoding"] == "gzip"
    assert again.content == first.content  # the same compressed bytes: not compressed again
    assert "Content-Encoding" not in plain and b"Cached Clerk" in plain.content
    assert first["ETag"].startswith('W/"')  # a compressed copy of the page's strong ETag
    revalidated = client.get(url, headers={**gzip, "If-None-Match": first["ETag"]})
    assert revalidated.status_code == 304


def test_sitemaps_and_the_feed_are_cached_too(client, guide, django_assert_num_queries):
    for url in ("/sitemap.xml", "/sitemap-guides.xml", "/sitemap-occupations.xml",
                "/sitemap-groups.xml", "/feeds/careers/"):  # fmt: skip
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(0):
            assert client.get(url).content == first.content
    _set(guide, title="Renamed For The Feed")
    assert "Renamed For The Feed" in client.get("/feeds/careers/").text


def test_group_pages_are_cached_and_show_a_new_career_at_once(
    client, guide, django_assert_num_queries
):
    major, minor = make_tree(guide.occupation)
    pages = [reverse("careers:groups"), reverse("careers:group", args=[minor.code])]
    for url in pages:
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(0):
            assert client.get(url).content == first.content, url
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=60, stale-while-revalidate=30"

    make_role(title="Front Desk Clerk", occupation=guide.occupation)

    assert "Front Desk Clerk" in client.get(pages[1]).text


def test_one_round_trip_to_the_cache_for_a_cached_page(client, guide, monkeypatch):
    url = guide.get_absolute_url()
    client.get(url)
    from django.core.cache import cache

    calls = []
    for name in ("get", "get_many", "add", "set"):
        original = getattr(cache, name)
        monkeypatch.setattr(
            cache, name, lambda *a, _n=name, _o=original, **k: calls.append(_n) or _o(*a, **k)
        )
    client.get(url)
    # One get_many (the local-memory cache reads its keys one by one inside it), nothing else.
    assert calls.count("get_many") == 1
    assert calls == ["get_many"] + ["get"] * (len(calls) - 1)
    assert "set" not in calls and "add" not in calls


def test_a_cached_page_is_one_mget_on_redis(client, guide, redis_cache, monkeypatch):
    url = guide.get_absolute_url()
    client.get(url)
    redis = redis_cache._cache.get_client(write=True)
    sent = []
    send = redis.execute_command
    monkeypatch.setattr(
        redis, "execute_command", lambda *a, **k: sent.append(a[0]) or send(*a, **k)
    )

    assert client.get(url).status_code == 200
    assert sent == ["MGET"]


def test_a_process_answers_from_its_own_memory_without_a_round_trip(
    client, guide, redis_cache, settings, monkeypatch
):
    settings.PAGE_VERSION_SECONDS = 60
    url = guide.get_absolute_url()
    first = client.get(url)
    redis = redis_cache._cache.get_client(write=True)
    sent = []
    send = redis.execute_command
    monkeypatch.setattr(
        redis, "execute_command", lambda *a, **k: sent.append(a[0]) or send(*a, **k)
    )

    again = client.get(url)

    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert sent == []


def test_a_change_in_the_same_process_is_on_the_next_request_at_once(client, guide, settings):
    settings.PAGE_VERSION_SECONDS = 60
    url = guide.get_absolute_url()
    assert "The first overview." in client.get(url).text

    _set(guide.sections.get(), body="A new overview.")

    assert "A new overview." in client.get(url).text


def test_a_change_in_another_process_is_read_within_page_version_seconds(client, guide, settings):
    settings.PAGE_VERSION_SECONDS = 0.3
    url = guide.get_absolute_url()
    assert "The first overview." in client.get(url).text
    # Another process changes the guide: the rows, and the version in the shared cache (no
    # signal reaches this process).
    Section.objects.filter(role=guide).update(
        body="A new overview.", body_html="<p>A new overview.</p>"
    )
    cache.set(catalogue.VERSION_KEY, "another-process", 60)

    held = client.get(url).text
    time.sleep(0.35)
    read_again = client.get(url).text

    assert "The first overview." in held
    assert "A new overview." in read_again


TRACKING = "?utm_source=linkedin&utm_medium=social&fbclid=IwAR0abc"


def test_links_with_tracking_parameters_are_served_from_the_cache(
    client, guide, django_assert_num_queries
):
    """A guide shared on a social site arrives with parameters that differ on every click: the
    pages that name what they read are served from the one cached copy whatever else is
    added."""
    pages = [
        reverse("careers:home"),
        guide.get_absolute_url(),
        reverse("careers:salaries", args=[guide.slug]),
        reverse("careers:job_post", args=[guide.slug]) + "?level=1",
        reverse("careers:embed", args=[guide.slug]),
    ]
    for url in pages:
        first = client.get(url)
        assert first.status_code == 200, url
        joiner = "&" if "?" in url else "?"
        for extra in (TRACKING, "?fbclid=another-click", "?x=1&x=2"):
            with django_assert_num_queries(0):
                again = client.get(url + joiner + extra[1:])
            assert again.content == first.content, (url, extra)


@pytest.mark.parametrize(
    ("name", "query", "different"),  # not "page": pytest-playwright's fixture of that name
    [
        ("guide", "?compare=cached-clerk", "In comparison"),
        ("salaries", "?state=XX", 'role="alert"'),
        ("job_post", "?level=1&state=", "Career level"),
    ],
)
def test_the_parameters_a_page_reads_still_make_their_own_copy(
    client, guide, name, query, different
):
    urls = {
        "guide": guide.get_absolute_url(),
        "salaries": reverse("careers:salaries", args=[guide.slug]),
        "job_post": reverse("careers:job_post", args=[guide.slug]),
    }
    plain = client.get(urls[name])
    chosen = client.get(urls[name] + query)
    assert chosen.content != plain.content
    assert different in chosen.text


@pytest.mark.parametrize(
    "url",
    [
        "/careers/?q=clerk",
        "/careers/",
        "/careers/cached-clerk/",
        "/compare/?careers=cached-clerk",
        "/feeds/careers/",
        "/sitemap.xml",
        "/sitemap-guides.xml",
    ],
)
def test_a_parameter_a_page_does_not_read_neither_copies_nor_bypasses_it(
    client, guide, url, django_assert_num_queries
):
    first = client.get(url)
    assert first.status_code == 200, url
    joiner = "&" if "?" in url else "?"
    with django_assert_num_queries(0):
        again = client.get(f"{url}{joiner}x=1&utm_source=mail")
    assert again.content == first.content


def test_the_pushed_address_names_only_what_the_list_reads(client, guide):
    response = client.get(
        "/careers/?q=clerk&x=1&page=1&industry=",
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    assert response["HX-Push-Url"] == "/careers/?q=clerk"


def test_a_search_page_is_kept_briefly(guide, settings, client, redis_cache):
    """Search words are endless: a page keyed by them is kept for minutes, not a day."""
    settings.CATALOGUE_CACHE_SECONDS = 86_400
    redis = redis_cache._cache.get_client(write=True)

    client.get("/careers/")
    client.get("/careers/?q=clerk")
    pages = redis.keys(f"{redis_cache.key_prefix}:*page:*")

    lifetimes = sorted(redis.ttl(key) for key in pages)
    assert len(lifetimes) == 2
    assert 0 < lifetimes[0] <= page_cache.BRIEF_SECONDS
    assert lifetimes[1] > page_cache.BRIEF_SECONDS


def test_a_made_up_session_cookie_is_served_the_cached_page(
    client, guide, django_assert_num_queries
):
    url = guide.get_absolute_url()
    first = client.get(url)
    client.cookies["sessionid"] = "made-up-by-the-visitor"

    with django_assert_num_queries(1):  # looking the session up, which finds none
        again = client.get(url)

    assert again.content == first.content


def test_htmx_regions_are_for_the_browser_alone(client, guide, django_assert_num_queries):
    htmx = {"HX-Request": "true", "HX-Target": "results"}
    first = client.get("/careers/?q=clerk", headers=htmx)
    with django_assert_num_queries(0):
        again = client.get("/careers/?q=clerk", headers=htmx)  # still kept by the site itself

    control = {part.strip() for part in again["Cache-Control"].split(",")}
    assert "private" in control and "public" not in control
    assert not any(part.startswith("s-maxage") for part in control)
    assert again.content == first.content
