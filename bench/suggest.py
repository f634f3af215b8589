"""
Benchmark the suggestions as you type (/suggest/?q=...) as the roles grow.

    .venv/bin/python bench/suggest.py [--database-url postgres://postgres@127.0.0.1:5432/]
                                      [--sizes 1000,10000,100000] [--requests N] [--budget S]

As bench/search.py, whose steps it reuses: a fresh throwaway PostgreSQL database
(`careerguide_bench_suggest_<pid>`, dropped at the end, also on Ctrl-C), migrated, with what
`make run` imports (O*NET's alternate titles among it, which suggestions also match), the
careers and the guides; topped up with `generate_demo_roles` at
each size, then VACUUM ANALYZE. The requests are what the search boxes send as people type
(htmx's headers included), with `django.test.Client`; the page cache is off, so every
suggestion is computed (a repeated text would come from the cache). Every time is reported beside
a baseline measured in the same run, alternately with it: the 404 page of an unknown career.
At the largest size it prints EXPLAIN ANALYZE summary lines of each query that reads roles, and
the table says which texts miss the goal of a p95 under 30 ms.

Progress goes to stderr, line by line; the summary, Markdown tables, goes to stdout.
"""

import re
import time

import search
from common import (
    PostgreSQLDatabase,
    machine_facts,
    machine_table,
    run_benchmark,
    step,
    throwaway,
    timings_table,
)

GOAL_MS = 30
HEADERS = {"HX-Request": "true", "HX-Target": "home-q-suggestions"}
# What people type, letter by letter and as whole words; "demo" starts every demo role's title,
# "data" and "clerk" start a word of one in twenty of them, "charge n" and "ceo" start O*NET
# alternate titles (Charge Nurse, CEO), "zzz" finds nothing.
TEXTS = [
    "n",
    "nu",
    "nurse",
    "reg nur",
    "office cl",
    "charge n",
    "ceo",
    "data",
    "clerk",
    "demo",
    "zzz",
]
REQUESTS = [(text, f"/suggest/?q={text.replace(' ', '+')}") for text in TEXTS]
_OPTION = re.compile(r'role="option"')


def measure(client, text, url, arguments, size):
    """How many options the suggestions offer, then search.measure."""
    found = len(_OPTION.findall(client.get(url).text))
    return {**search.measure(client, text, url, arguments, size), "options": found}


def query_kind(sql):
    if "occupations_alternatetitle" in sql:
        return "roles of the first alternate titles"
    if "~*" in sql:
        return "word starts"
    return "titles starting with the text"


def report(facts, results, totals, explained, arguments):
    sizes = sorted(totals)
    largest = sizes[-1]
    lines = machine_table(facts)
    lines += [
        "",
        f"Requests: `django.test.Client` with htmx's headers, up to {arguments.requests} per "
        f"text and size after {search.WARMUP} warm-ups, or as many as fit in "
        f"{arguments.budget:g} s; the page cache off, so each one is computed. Baseline = the "
        "404 page of an unknown career, alternating with the measured requests; "
        "ratio = p50 / 404 p50.",
        "",
    ]
    rows = [
        ([f"`{text}`", f"{totals[size]:,}", results[text, size]["options"]], results[text, size])
        for text, _ in REQUESTS
        for size in sizes
    ]
    lines += timings_table(["typed", "roles", "options"], rows, goal_ms=GOAL_MS)
    lines += [
        "",
        f"EXPLAIN ANALYZE at {totals[largest]:,} roles of each query: the top plan node, the "
        "node that reads guides_role, and the execution time.",
        "",
        *search.explain_table(explained),
    ]
    return "\n".join(lines)


def main():
    arguments = search.parse_arguments(
        "Benchmark the suggestions as you type (/suggest/) at growing numbers of roles, as "
        "ratios to a baseline measured in the same run."
    )
    started = time.perf_counter()
    database = PostgreSQLDatabase(arguments.database_url, "careerguide_bench_suggest")
    with throwaway(database, CACHE_PAGES="False", HTTPS="false"):
        from django.test import Client

        from occupations.models import AlternateTitle

        step("Migrating")
        search.prepare()
        step(f"  {AlternateTitle.objects.count():,} O*NET alternate titles (imported with O*NET)")
        client = Client(HTTP_HOST="localhost", headers=HEADERS)
        results, totals = search.measure_sizes(client, REQUESTS, arguments, measure)
        explained = []
        step(f"EXPLAIN ANALYZE at {totals[arguments.sizes[-1]]:,} roles")
        for text, url in REQUESTS:
            for row in search.explain(client, f"`{text}`", url, arguments):
                explained.append({**row, "query": query_kind(row["sql"])})
        facts = machine_facts(database)

    step(f"Done in {time.perf_counter() - started:.0f} s")
    print(report(facts, results, totals, explained, arguments))


if __name__ == "__main__":
    run_benchmark(main)
