"""
Benchmark the editors' screen of the shipped guide in the admin: its weight and its time.

    .venv/bin/python bench/admin.py [--database-url postgres://postgres@127.0.0.1:5432/]
                                    [--database-prefix careerguide_bench_admin]
                                    [--requests N] [--budget S]

Everything runs in a fresh throwaway PostgreSQL database, `<prefix>_<pid>`, that this script
creates on the given server and drops at the end, also on Ctrl-C. It migrates, imports what
`make run` imports and loads the shipped guides, then signs a superuser in with
`django.test.Client` (DEBUG off, full middleware and templates, the static files collected, no
network) and fetches the change screen of the shipped guide (Back Office Assistant), its
largest part and its FAQs as an editor opens them (htmx), and the screen with every part at once.

For each: the HTML document's bytes as rendered and as sent gzipped (the site compresses
pages), its form fields, its queries, and its p50 and p95 over --requests requests after 2
warm-ups (or as many as fit in --budget seconds, at least 5), beside a baseline measured in the
same run: the 404 page of an unknown career, fetched alternately with the measured requests.
Also the static files the screen names (scripts and styles, the same for every guide, which the
browser keeps after its first visit).

Then, unless --no-browser, what an editor waits for: gunicorn serves the same database as
`make serve` runs it (careerguide/gunicorn.py, DEBUG off, plain HTTP on loopback), headless
Chromium (Playwright, /usr/bin/chromium) signs in through the login form and loads the change
screen --browser-loads times, its static files in the browser's cache after the first: the
time to the load event (every script of the page run, Django's inlines and autocompletes set
up), to DOMContentLoaded and to the first byte, from the Navigation Timing of each load; and
how long opening the guide's largest part (sections) takes, from the click until its rows are
on the page. Baseline: the admin's index page, loaded the same way.

The goal: the change screen in 1 s or less and 200 KB or less.

Progress goes to stderr, line by line; the summary, Markdown tables, goes to stdout.
"""

import argparse
import gzip
import os
import re
import secrets
import statistics
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from common import (
    Gunicorn,
    PostgreSQLDatabase,
    is_postgres_url,
    machine_facts,
    machine_table,
    run_benchmark,
    site_environment,
    step,
    throwaway,
    timings_table,
    top_quantile,
)
from search import BASELINE_URL, MIN_REQUESTS, WARMUP, get, prepare

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"
GUIDE = "back-office-assistant"
GOAL_MS = 1000
GOAL_BYTES = 200_000
HTMX = {"HX-Request": "true"}
# What is measured, by label: the query string after the change screen's address, and headers.
REQUESTS = [
    ("change screen", "", {}),
    ("opened part: sections (htmx)", "?part=sections", HTMX),
    ("opened part: FAQs (htmx)", "?part=faqs", HTMX),
    ("every part at once", "?part=all", {}),
]
CHROMIUM = "/usr/bin/chromium"
# Navigation Timing of the page's own load, in ms from its start, and its document's bytes.
NAVIGATION = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  return {load: n.loadEventEnd - n.startTime, ready: n.domContentLoadedEventEnd - n.startTime,
          first_byte: n.responseStart - n.startTime, transferred: n.transferSize,
          bytes: n.decodedBodySize};
}"""
# Marks when the next click happens and when `selector` is first on the page.
WATCH_OPENING = """(selector) => {
  const times = (window.benchOpening = {});
  document.addEventListener("click", () => { times.clicked ??= performance.now(); }, true);
  new MutationObserver(() => {
    if (!times.shown && document.querySelector(selector)) times.shown = performance.now();
  }).observe(document.body, {subtree: true, childList: true, attributes: true});
}"""
FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=")
STATIC = re.compile(r'(?:src|href)="/static/([^"?#]+)"')


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Benchmark the admin's change screen of the shipped guide: bytes, form "
        "fields, queries, and times as ratios to a baseline measured in the same run.",
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_SERVER,
        help="A PostgreSQL server, postgres://user@host:port/ : the benchmark creates and drops "
        "its own database there (default: %(default)s).",
    )
    parser.add_argument(
        "--database-prefix",
        default="careerguide_bench_admin",
        help="The throwaway database's name, before _<pid> (default: %(default)s).",
    )
    parser.add_argument(
        "--requests",
        type=int,
        default=30,
        help="Timed requests per request type (default: %(default)s).",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=30,
        help=f"At most this many seconds per request type, but at least {MIN_REQUESTS} "
        "requests (default: %(default)s).",
    )
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="Skip the times in Chromium (served by gunicorn).",
    )
    parser.add_argument(
        "--browser-loads",
        type=int,
        default=20,
        help="Loads of each page in Chromium (default: %(default)s).",
    )
    arguments = parser.parse_args()
    if not is_postgres_url(arguments.database_url):
        parser.error("--database-url must be a postgres:// URL.")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", arguments.database_prefix):
        parser.error("--database-prefix must be lowercase letters, digits and _ (at most 41).")
    if not arguments.no_browser and not os.path.exists(CHROMIUM):
        parser.error(f"no Chromium at {CHROMIUM}: install it, or pass --no-browser.")
    if arguments.browser_loads < MIN_REQUESTS:
        parser.error(f"--browser-loads must be at least {MIN_REQUESTS}.")
    if arguments.requests < MIN_REQUESTS:
        parser.error(f"--requests must be at least {MIN_REQUESTS}.")
    if arguments.budget <= 0:
        parser.error("--budget must be more than 0 seconds.")
    return arguments


def signed_in_client(password):
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_superuser("bench-editor", "", password)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def measure(client, label, url, headers, arguments):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        get(client, BASELINE_URL, 404)
        client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    # Counted now: a context reads the connection's log, which each request empties.
    queries = len(captured)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, expected 200.")
    sent = client.get(url, headers={**headers, "Accept-Encoding": "gzip"})
    times, baseline = [], []
    started = time.perf_counter()
    while len(times) < arguments.requests and (
        len(times) < MIN_REQUESTS or time.perf_counter() - started < arguments.budget
    ):
        for address, extra, samples in ((BASELINE_URL, {}, baseline), (url, headers, times)):
            begun = time.perf_counter()
            client.get(address, headers=extra)
            samples.append((time.perf_counter() - begun) * 1000)
    result = {
        "label": label,
        "bytes": len(response.content),
        "gzip": len(sent.content) if sent.get("Content-Encoding") == "gzip" else None,
        "fields": len(FIELD.findall(response.text)),
        "queries": queries,
        "n": len(times),
        "p50": statistics.median(times),
        "p95": top_quantile(times, 20),
        "baseline_p50": statistics.median(baseline),
        "baseline_p95": top_quantile(baseline, 20),
        "static": sorted(set(STATIC.findall(response.text))),
    }
    step(
        f"  {label}: {result['bytes']:,} bytes, {result['fields']} fields, "
        f"{result['queries']} queries, p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, "
        f"404 page {result['baseline_p50']:.1f} ms, {result['n']} requests"
    )
    return result


def static_sizes(names):
    """(files, bytes, gzipped bytes) of the collected static files `names`."""
    from django.conf import settings

    total = compressed = 0
    for name in names:
        path = settings.STATIC_ROOT / name
        content = path.read_bytes()
        total += len(content)
        gzipped = path.with_name(path.name + ".gz")
        compressed += gzipped.stat().st_size if gzipped.exists() else len(gzip.compress(content))
    return len(names), total, compressed


# --- In a browser -------------------------------------------------------------------------


def _status(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
            return (answer.status,)
    except urllib.error.HTTPError as error:
        return (error.code,)


def browser_times(database, change_url, password, arguments):
    """Chromium's times for the admin's index and the change screen, and for opening the
    sections, each as {"label", "n", "p50", "p95", ...}; served by gunicorn."""
    from playwright.sync_api import sync_playwright

    environment = site_environment(database.url, "", HTTPS="false")
    with tempfile.TemporaryDirectory(prefix="careerguide_bench_admin_") as folder:
        server = Gunicorn(environment, Path(folder) / "gunicorn.log")
        try:
            server.wait_until_ready(_status, "/admin/login/")
            site = f"http://127.0.0.1:{server.port}"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                try:
                    page = browser.new_page()
                    page.goto(f"{site}/admin/login/")
                    page.fill("#id_username", "bench-editor")
                    page.fill("#id_password", password)
                    page.click("input[type=submit]")
                    page.wait_for_url(f"{site}/admin/")
                    results = [
                        _loads(page, "admin index (baseline)", f"{site}/admin/", arguments),
                        _loads(page, "change screen", site + change_url, arguments),
                        _opening(page, site + change_url, "sections", arguments),
                    ]
                finally:
                    browser.close()
        finally:
            server.stop()
    return results


def _loads(page, label, url, arguments):
    samples = []
    for number in range(arguments.browser_loads + 1):
        page.goto(url, wait_until="load")
        page.wait_for_function("performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
        if number:  # the first fills the browser's cache
            samples.append(page.evaluate(NAVIGATION))
    result = _summary(label, [sample["load"] for sample in samples])
    for name in ("ready", "first_byte"):
        result[name] = statistics.median(sample[name] for sample in samples)
    result["bytes"] = samples[-1]["bytes"]
    result["transferred"] = samples[-1]["transferred"]
    step(f"  Chromium, {label}: load p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms")
    return result


def _opening(page, url, prefix, arguments):
    """From the click on a part's heading until its rows are on the page, open, timed in the
    page (Playwright's own round trips left out)."""
    samples = []
    for _ in range(arguments.browser_loads):
        page.goto(url, wait_until="load")
        page.evaluate(WATCH_OPENING, f"#{prefix}-group.js-inline-admin-formset details[open]")
        page.locator(f"#{prefix}-group summary").first.click()
        page.wait_for_selector(f"#{prefix}-group.js-inline-admin-formset details[open]")
        samples.append(page.evaluate("window.benchOpening.shown - window.benchOpening.clicked"))
    result = _summary(f"opening the {prefix}", samples)
    step(f"  Chromium, {result['label']}: p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms")
    return result


def _summary(label, samples):
    return {
        "label": label,
        "n": len(samples),
        "p50": statistics.median(samples),
        "p95": top_quantile(samples, 20),
    }


def browser_table(results):
    lines = [
        "| in Chromium | n | p50 ms | p95 ms | DOMContentLoaded p50 ms | first byte p50 ms "
        "| document KB | transferred KB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        cells = [r["label"], r["n"], f"{r['p50']:.0f}", f"{r['p95']:.0f}"]
        if "ready" in r:
            cells += [f"{r['ready']:.0f}", f"{r['first_byte']:.0f}", f"{r['bytes'] / 1000:,.1f}",
                      f"{r['transferred'] / 1000:,.1f}"]  # fmt: skip
        else:
            cells += ["", "", "", ""]
        lines.append(f"| {' | '.join(map(str, cells))} |")
    return lines


# --- Report --------------------------------------------------------------------------------


def report(facts, results, browser, arguments):
    lines = machine_table(facts)
    lines += [
        "",
        f"The change screen of the shipped guide (Back Office Assistant), signed in as a "
        f"superuser. Requests: `django.test.Client`, up to {arguments.requests} per request "
        f"type after {WARMUP} warm-ups, or as many as fit in {arguments.budget:g} s (at least "
        f"{MIN_REQUESTS}); the column n says how many. Baseline = the 404 page of an unknown "
        "career, alternating with the measured requests; ratio = p50 / 404 p50. KB = the HTML "
        "document as rendered, gzip KB = as sent to a browser that accepts gzip.",
        "",
    ]
    rows = [
        (
            [
                r["label"],
                f"{r['bytes'] / 1000:,.1f}",
                "" if r["gzip"] is None else f"{r['gzip'] / 1000:,.1f}",
                r["fields"],
            ],
            r,
        )
        for r in results
    ]
    lines += timings_table(["request", "KB", "gzip KB", "form fields"], rows, goal_ms=GOAL_MS)
    screen = results[0]
    files, total, compressed = static_sizes(screen["static"])
    lines += [
        "",
        f"The change screen: {screen['bytes'] / 1000:,.1f} KB "
        f"({'meets' if screen['bytes'] <= GOAL_BYTES else '**misses**'} the goal of "
        f"{GOAL_BYTES / 1000:g} KB or less), p95 {screen['p95']:.0f} ms "
        f"({'meets' if screen['p95'] <= GOAL_MS else '**misses**'} the goal of {GOAL_MS} ms or "
        f"less). The static files it names: {files} files, {total / 1000:,.1f} KB "
        f"({compressed / 1000:,.1f} KB gzipped), the same for every guide and kept by the "
        "browser after its first visit.",
    ]
    if browser:
        lines += [
            "",
            f"In headless Chromium, served by gunicorn (careerguide/gunicorn.py, plain HTTP on "
            f"loopback), {arguments.browser_loads} loads of each page after a first that fills "
            "the browser's cache: the time to the load event (p50, p95), to DOMContentLoaded "
            "and to the first byte; and from a click on the sections' heading until their rows "
            "are on the page and open.",
            "",
            *browser_table(browser),
        ]
    return "\n".join(lines)


def main():
    arguments = parse_arguments()
    started = time.perf_counter()
    database = PostgreSQLDatabase(arguments.database_url, arguments.database_prefix)
    # What is measured is rendering: no page cache, and no redirect to HTTPS.
    with throwaway(database, CACHE_PAGES="False", HTTPS="false"):
        from guides.models import Role

        step("Migrating")
        prepare()
        password = secrets.token_urlsafe(16)
        client = signed_in_client(password)
        change_url = f"/admin/guides/role/{Role.objects.get(slug=GUIDE).pk}/change/"
        step("Measuring")
        results = [
            measure(client, label, change_url + query, headers, arguments)
            for label, query, headers in REQUESTS
        ]
        facts = machine_facts(database)
        browser = []
        if not arguments.no_browser:
            step("Measuring in Chromium")
            browser = browser_times(database, change_url, password, arguments)

    step(f"Done in {time.perf_counter() - started:.0f} s")
    print(report(facts, results, browser, arguments))


if __name__ == "__main__":
    run_benchmark(main)
