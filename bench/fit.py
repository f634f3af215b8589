"""
Benchmark "Which careers fit me" (/fit/) and a career page's readiness check, cold, as the
roles grow.

    .venv/bin/python bench/fit.py [--database-url postgres://postgres@127.0.0.1:5432/]
                                  [--sizes 1000,100000] [--requests N] [--budget S]

As bench/search.py does: a fresh throwaway PostgreSQL database, `careerguide_bench_fit_<pid>`,
created on the given server and dropped at the end (also on Ctrl-C); it migrates, imports the
shipped official files the page reads (the national OEWS wages, the projections, O*NET 30.1 and
O*NET 29's skills), gives every occupation its career and loads the shipped guides, then for
each size tops the roles up with demo roles (which the ranking never shows, but which share the
roles table), runs VACUUM ANALYZE and fetches a fixed mix of requests with `django.test.Client`
(DEBUG off, full middleware and templates, no page cache, no network).

Every request is cold: the cache is emptied before each one, so the choices, the newest wage
release and the catalogue's version are read from the database every time, as after a change.
Every time is reported beside a baseline measured in the same run and as a ratio to it: the 404
page of an unknown career, fetched alternately with the measured requests. The goal: a p95
under 100 ms at the largest size.

Progress goes to stderr, line by line; the summary, Markdown tables, goes to stdout.
"""

import argparse
import time
from datetime import date

import search
from common import (
    NATIONAL,
    ONET,
    ONET_SKILLS,
    PROJECTIONS,
    PUBLISHED,
    PostgreSQLDatabase,
    collect_static,
    is_postgres_url,
    machine_facts,
    machine_table,
    run_benchmark,
    step,
    throwaway,
    timings_table,
)
from search import MIN_REQUESTS, WARMUP, get, quietly

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"
GOAL_MS = 100
SOCIAL, ENTERPRISING, INVESTIGATIVE = "1.B.1.d", "1.B.1.e", "1.B.1.b"
# Speaking, Active Listening, Critical Thinking, Programming, Mathematics.
SKILLS = ["2.A.1.d", "2.A.1.b", "2.A.2.a", "2.B.3.e", "2.A.1.e"]
EVERYTHING = (
    f"interest={INVESTIGATIVE}&interest={ENTERPRISING}&education=bachelor&"
    + "&".join(f"skill={skill}" for skill in SKILLS)
    + "&tech=Microsoft+Excel&tech=Python&tech=Structured+query+language+SQL"
)
# The fixed mix: what job seekers do on /fit/ and on a career's readiness check.
REQUESTS = [
    ("blank form", "/fit/"),
    ("interests", f"/fit/?interest={SOCIAL}&interest={ENTERPRISING}"),
    ("interests + education", f"/fit/?interest={SOCIAL}&interest={ENTERPRISING}&education=master"),
    ("everything", f"/fit/?{EVERYTHING}"),
    (
        "readiness, occupation page",
        "/careers/registered-nurses/?skill=2.A.1.d&tech=Microsoft+Excel&education=bachelor",
    ),
    ("readiness, guide page", "/careers/back-office-assistant/?skill=2.A.1.d&education=none"),
    # The same pages without answers: what the check adds to them.
    ("occupation page, no answers", "/careers/registered-nurses/"),
    ("guide page, no answers", "/careers/back-office-assistant/"),
]


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Benchmark /fit/ and the readiness check, cold, at growing numbers of "
        "roles, as ratios to a baseline measured in the same run.",
    )
    parser.add_argument(
        "--database-url",
        type=_postgres_url,
        default=DEFAULT_SERVER,
        help="A PostgreSQL server, postgres://user@host:port/ : the benchmark creates and drops "
        "its own database there (default: %(default)s).",
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default="1000,100000",
        help="Total numbers of roles to measure at (default: %(default)s).",
    )
    parser.add_argument(
        "--requests",
        type=_at_least_minimum,
        default=30,
        help="Timed requests per request type and size (default: %(default)s).",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=15,
        help=f"At most this many seconds per request type and size, but at least {MIN_REQUESTS} "
        "requests (default: %(default)s).",
    )
    arguments = parser.parse_args()
    arguments.cold = True  # search.measure empties the cache before every request
    arguments.after_change = False  # and leaves the roles' tally as it is
    return arguments


def _postgres_url(text):
    if not is_postgres_url(text):
        raise argparse.ArgumentTypeError("must be a postgres:// URL")
    return text


def _sizes(text):
    try:
        sizes = sorted({int(size.replace("_", "")) for size in text.split(",")})
    except ValueError:
        raise argparse.ArgumentTypeError("must be whole numbers separated by commas") from None
    if not 1 <= sizes[0] <= sizes[-1] <= 1_000_000:
        raise argparse.ArgumentTypeError("must be from 1 to 1,000,000")
    return sizes


def _at_least_minimum(text):
    number = int(text)
    if number < MIN_REQUESTS:
        raise argparse.ArgumentTypeError(f"must be at least {MIN_REQUESTS}")
    return number


def prepare():
    quietly("migrate", verbosity=0, interactive=False)
    collect_static()
    step("Importing the shipped national OEWS file, the projections and O*NET")
    quietly("import_oews", str(NATIONAL), published=PUBLISHED)
    quietly("import_projections", str(PROJECTIONS), published=date(2025, 8, 28))
    quietly("import_onet", str(ONET))
    quietly("import_onet_traits", str(ONET), str(ONET_SKILLS))
    quietly("sync_careers", verbosity=0)
    step("Loading the guides")
    quietly("load_guides", verbosity=0)


def measure(client, label, url, arguments, size):
    """search.measure, cold, and how many careers the page shows."""
    result = search.measure(client, label, url, arguments, size)
    result["shown"] = get(client, url, 200).text.count('class="card fit__result"')
    return result


def report(facts, results, totals, arguments):
    sizes = sorted(totals)
    largest = sizes[-1]
    lines = machine_table(facts)
    lines += [
        "",
        f"Requests: `django.test.Client`, up to {arguments.requests} per request type and size "
        f"after {WARMUP} warm-ups, or as many as fit in {arguments.budget:g} s (at least "
        f"{MIN_REQUESTS}); the column n says how many. **Cold**: the cache was emptied before "
        "every request. Baseline = the 404 page of an unknown career, alternating with the "
        "measured requests; ratio = p50 / 404 p50. Careers = the results shown.",
        "",
    ]
    rows = [
        ([label, f"{totals[size]:,}", results[label, size]["shown"]], results[label, size])
        for label, _ in REQUESTS
        for size in sizes
    ]
    lines += timings_table(
        ["request", "roles", "careers"], rows, goal_ms=GOAL_MS, judged_sizes={largest}
    )
    lines += ["", "The requests:", ""]
    lines += [f"- {label}: `{url}`" for label, url in REQUESTS]
    return "\n".join(lines)


def main():
    arguments = parse_arguments()
    started = time.perf_counter()
    database = PostgreSQLDatabase(arguments.database_url, "careerguide_bench_fit")
    # What is measured is rendering: no page cache, and no redirect to HTTPS.
    with throwaway(database, CACHE_PAGES="False", HTTPS="false"):
        from django.test import Client

        step("Migrating")
        prepare()
        client = Client(HTTP_HOST="localhost")
        results, totals = search.measure_sizes(client, REQUESTS, arguments, measure)
        facts = machine_facts(database)

    step(f"Done in {time.perf_counter() - started:.0f} s")
    print(report(facts, results, totals, arguments))


if __name__ == "__main__":
    run_benchmark(main)
