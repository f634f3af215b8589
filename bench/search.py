"""
Benchmark the careers list (/careers/: search, filters, sorting, pages) as the roles grow.

    .venv/bin/python bench/search.py [--database-url postgres://postgres@127.0.0.1:5432/]
                                     [--sizes 1000,10000,100000] [--requests N] [--budget S]
                                     [--cold [--after-change]]

Warm by default; --cold empties the cache before every request (the list's counts are computed
each time: from the roles' tally, RoleTally, without search words); --after-change also marks
the tally stale before every request, as any change to the catalogue does, so that each request
rebuilds it first.

Everything runs in a fresh throwaway PostgreSQL database, `careerguide_bench_search_<pid>`, that
this script creates on the given server (default: the local one) and drops at the end, also on
Ctrl-C. Your own database is never touched. It migrates, imports what `make run` imports (the
shipped OEWS files, the projections with their reasons, the SOC definitions, O*NET and its
traits, the career clusters), gives every occupation its career, loads the shipped guides, then
for each size tops the roles up to that many in total with `generate_demo_roles` (demo roles,
marked as such; the import alone already makes about 1,100 roles, so the smallest size may be a
little over), runs VACUUM ANALYZE, and fetches a fixed mix of /careers/ requests with
`django.test.Client` (DEBUG off, full middleware and templates, no network). The site runs in
this process as in production (DEBUG off, the static files collected), but with
CACHE_PAGES=False and HTTPS=false, whatever the shell says: the list is rendered on every
request rather than served from the page cache, and answered rather than redirected to HTTPS;
the cache (this process's own memory) still keeps the list's counts. The other settings are the
site's defaults (see common.SITE_SETTINGS).

Every filter has real data: a demo role points at a detailed occupation and carries its
official figures (pay, projections, entry education, job zone, Bright Outlook, clusters, SOC
groups), as generate_demo_roles copies them, so a filter at 100,000 roles matches about as
large a share of the roles as it does of the occupations. But demo roles carry no O*NET
alternate titles (refresh_official_titles skips them): a search by another name ("rn",
"software engineer") finds the real careers by those names, while the demo roles are matched
by their generated titles and bodies only. Those searches still read every role's search
vector, so their cost is measured; only their number of results is smaller than real roles
would give.

Every time is reported beside a baseline measured in the same run, and as a ratio to it, because
the machines are shared and noisy: the 404 page of an unknown career, fetched by the same client
alternately with the measured requests so that noise hits both. Each request type gets
--requests timed requests after 2 warm-ups, or as many as fit in --budget seconds (at least 5),
whichever is fewer; the table says how many were made. At the largest size it also prints
EXPLAIN ANALYZE summary lines (top plan node, how guides_role is read, execution time) for every
query of each request that reads roles, so slow plans are visible, and which request types miss
the goal: a p95 under 50 ms warm, under 100 ms cold.

Progress goes to stderr, line by line; the summary, Markdown tables, goes to stdout.
"""

import argparse
import io
import re
import statistics
import time

from common import (
    SITE_DATA,
    PostgreSQLDatabase,
    collect_static,
    is_postgres_url,
    machine_facts,
    machine_table,
    run_benchmark,
    step,
    throwaway,
    timings_table,
    top_quantile,
)

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"
BASELINE_URL = "/careers/no-such-career-benchmark/"
WARMUP = 2
MIN_REQUESTS = 5
GOAL_MS = 50
COLD_GOAL_MS = 100
# The fixed mix: what job seekers do on /careers/.
REQUESTS = [
    ("browse", "/careers/"),
    ("text search", "/careers/?q=office+clerk"),
    ("typo search", "/careers/?q=recepcionist"),
    ("filters", "/careers/?education=high_school&pay_min=40000&growth=average-or-faster"),
    ("search + filter + sort", "/careers/?q=clerk&pay_min=30000&sort=pay-high"),
    ("deep page", "/careers/?page=40"),
    # The filters on official data, and O*NET's other names.
    ("entry education", "/careers/?education=bachelor"),
    ("bright outlook", "/careers/?bright=yes"),
    ("job zone", "/careers/?job_zone=4"),
    ("openings", "/careers/?openings=10000-50000"),
    ("career cluster", "/careers/?cluster=health-science"),
    ("minor group", "/careers/?group=43-9000"),
    ("sort by openings", "/careers/?sort=openings"),
    ("sort by growth", "/careers/?sort=growth"),
    ("other name", "/careers/?q=rn"),
    ("other name, two words", "/careers/?q=software+engineer"),
]
_COUNT = re.compile(r'results__count">(\d+) career')


def parse_arguments(description=None):
    parser = argparse.ArgumentParser(
        description=description
        or "Benchmark /careers/ (search, filters, sorting, pages) at growing numbers "
        "of roles, as ratios to a baseline measured in the same run.",
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_SERVER,
        help="A PostgreSQL server, postgres://user@host:port/ : the benchmark creates and drops "
        "its own database there (default: %(default)s).",
    )
    parser.add_argument(
        "--sizes",
        default="1000,10000,100000",
        help="Total numbers of roles to measure at, smallest first (default: %(default)s).",
    )
    parser.add_argument(
        "--requests",
        type=int,
        default=30,
        help="Timed requests per request type and size (default: %(default)s).",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="Empty the cache before every request, so the list's counts are computed each time "
        "(the first request of a filter combination after a change); default: warm.",
    )
    parser.add_argument(
        "--after-change",
        action="store_true",
        help="With --cold: also mark the roles' tally stale before every request, so that each "
        "request rebuilds it first (the first list request after any change to the catalogue).",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=15,
        help=f"At most this many seconds per request type and size, but at least {MIN_REQUESTS} "
        "requests (default: %(default)s).",
    )
    arguments = parser.parse_args()
    if arguments.after_change and not arguments.cold:
        parser.error("--after-change goes with --cold.")
    if not is_postgres_url(arguments.database_url):
        parser.error("--database-url must be a postgres:// URL.")
    try:
        arguments.sizes = sorted(
            {int(size.replace("_", "")) for size in arguments.sizes.split(",")}
        )
    except ValueError:
        parser.error("--sizes must be whole numbers separated by commas, such as 1000,10000.")
    if not arguments.sizes or arguments.sizes[0] < 1 or arguments.sizes[-1] > 1_000_000:
        parser.error("--sizes must be from 1 to 1,000,000.")
    if arguments.requests < MIN_REQUESTS:
        parser.error(f"--requests must be at least {MIN_REQUESTS}.")
    if arguments.budget <= 0:
        parser.error("--budget must be more than 0 seconds.")
    return arguments


# --- The throwaway database ----------------------------------------------------------------


# --- Data ----------------------------------------------------------------------------------


def quietly(command, *args, **options):
    """Run a management command, its progress bars on stderr and its summary as steps."""
    from django.core.management import call_command

    output = io.StringIO()
    call_command(command, *args, stdout=output, **options)
    for line in output.getvalue().strip().splitlines():
        step(f"  {line}")


def prepare():
    quietly("migrate", verbosity=0, interactive=False)
    collect_static()
    step("Importing what make run imports: OEWS, projections, SOC, O*NET, career clusters")
    for command in SITE_DATA:
        quietly(*command)


def top_up(size):
    """Add demo roles until there are `size` roles in all; return the total."""
    from django.db import connection

    from guides.models import Role

    missing = size - Role.objects.count()
    if missing > 0:
        step(f"Adding {missing:,} demo roles")
        quietly("generate_demo_roles", count=missing, seed=size)
    else:
        step(f"Already {Role.objects.count():,} roles: no demo roles needed for {size:,}")
    # As autovacuum would after a bulk load: statistics, and the visibility map that lets the
    # list's counts be index-only scans.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return Role.objects.count()


# --- Requests ------------------------------------------------------------------------------


def get(client, url, expected):
    response = client.get(url)
    if response.status_code != expected:
        raise SystemExit(f"{url} answered {response.status_code}, expected {expected}.")
    return response


def measure(client, label, url, arguments, size):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        get(client, BASELINE_URL, 404)
        response = get(client, url, 200)
    found = _COUNT.search(response.text)
    # Count right after the request: a context's queries are read from the connection's log.
    forget(arguments)
    with CaptureQueriesContext(connection) as captured:
        get(client, url, 200)
    queries = len(captured)
    times, baseline = [], []
    started = time.perf_counter()
    while len(times) < arguments.requests and (
        len(times) < MIN_REQUESTS or time.perf_counter() - started < arguments.budget
    ):
        for address, samples in ((BASELINE_URL, baseline), (url, times)):
            forget(arguments)
            begun = time.perf_counter()
            client.get(address)
            samples.append((time.perf_counter() - begun) * 1000)
    result = {
        "label": label,
        "url": url,
        "size": size,
        "results": int(found[1]) if found else None,
        "queries": queries,
        "n": len(times),
        "p50": statistics.median(times),
        "p95": top_quantile(times, 20),
        "baseline_p50": statistics.median(baseline),
        "baseline_p95": top_quantile(baseline, 20),
    }
    step(
        f"  {label}: p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, "
        f"404 page {result['baseline_p50']:.1f} ms, "
        f"x{result['p50'] / result['baseline_p50']:.1f}, {queries} queries, {result['n']} requests"
    )
    return result


def forget(arguments):
    """Before a request: with --cold, empty the cache; with --after-change too, mark the roles'
    tally stale, as any change to the catalogue does."""
    from django.core.cache import cache

    from guides.models import RoleTallyState

    if arguments.cold:
        cache.clear()
    if arguments.after_change:
        RoleTallyState.objects.mark_stale()


def measure_sizes(client, requests, arguments, measure=measure):
    """Top the roles up to each of --sizes in turn and `measure` each of `requests` there:
    the results by (label, size), and the total number of roles by size."""
    results, totals = {}, {}
    for size in arguments.sizes:
        totals[size] = top_up(size)
        step(f"Measuring at {totals[size]:,} roles")
        for label, url in requests:
            results[label, size] = measure(client, label, url, arguments, size)
    return results, totals


# --- EXPLAIN -------------------------------------------------------------------------------


def explain(client, label, url, arguments):
    """EXPLAIN ANALYZE each query of one request that reads roles: top node, scan and time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    forget(arguments)  # so that the counting queries (and the tally's rebuild) are explained too
    with CaptureQueriesContext(connection) as captured:
        get(client, url, 200)
    rows = []
    for number, query in enumerate(captured.captured_queries, start=1):
        if "guides_role" not in query["sql"]:
            continue  # the form's occupation-group and cluster choices: small tables
        if not query["sql"].startswith(("SELECT", "WITH")):
            continue  # the tally's rebuild: EXPLAIN ANALYZE would run it again
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF) {query['sql']}")
            plan = [line for (line,) in cursor.fetchall()]
        rows.append(
            {
                "label": label,
                "number": number,
                "query": _query_kind(query["sql"]),
                "top": _node(plan[0]),
                "roles": next((_node(line) for line in plan if " on guides_role " in line), ""),
                "ms": _execution_ms(plan),
                "sql": query["sql"],
            }
        )
        step(f"  {label} #{number} {rows[-1]['query']}: {rows[-1]['top']}, {rows[-1]['ms']} ms")
    return rows


def _query_kind(sql):
    if '"guides_roletallystate"' in sql:
        return "is the tally current?"
    if "guides_industry" in sql and ("guides_role" not in sql or "EXISTS" in sql):
        return "industry choices"
    if '"guides_roletally"' in sql and "guides_industry" in sql:
        return "industry counts (tally)"
    if '"guides_roletally"' in sql:
        return "counts (tally)"
    if '"occupations_occupation"' in sql and "guides_role" not in sql:
        return "occupation groups"
    if '"guides_role"."published_at" >' in sql:
        return "next scheduled publication"
    if "guides_roleindustry" in sql and "GROUP BY" in sql:
        return "industry counts"
    if "GROUP BY" in sql:
        return "counts (roles grouped by filter)"
    if sql.startswith("WITH found AS MATERIALIZED"):
        return "any word match?"
    return "page of results"


def _node(line):
    """'->  Bitmap Heap Scan on guides_role  (cost=...) (actual time=...)' -> the node."""
    return line.strip().removeprefix("->").split("  (")[0].strip()


def _execution_ms(plan):
    for line in plan:
        if line.startswith("Execution Time:"):
            return line.split(":")[1].strip().removesuffix(" ms")
    return "?"


# --- Report --------------------------------------------------------------------------------


def report(facts, results, totals, explained, arguments):
    sizes = sorted(totals)
    smallest, largest = sizes[0], sizes[-1]
    goal = COLD_GOAL_MS if arguments.cold else GOAL_MS
    lines = machine_table(facts)
    lines += [
        "",
        f"Requests: `django.test.Client`, up to {arguments.requests} per request type and size "
        f"after {WARMUP} warm-ups, or as many as fit in {arguments.budget:g} s (at least "
        f"{MIN_REQUESTS}); the column n says how many. Baseline = the 404 page of an unknown "
        "career, alternating with the measured requests; ratio = p50 / 404 p50.",
        "",
        "**Cold, after a change**: the cache was emptied and the roles' tally marked stale "
        "before every request, so each rebuilt the tally, then computed the list's counts."
        if arguments.after_change
        else "**Cold**: the cache was emptied before every request, so the list's counts were "
        "computed each time (from the roles' tally without search words)."
        if arguments.cold
        else "**Warm**: the counts of each request type come from the cache after its warm-ups.",
        "",
    ]
    rows = []
    for label, url in REQUESTS:
        for size in sizes:
            r = results[label, size]
            request = f"{label} `{url.removeprefix('/careers/') or '(no params)'}`"
            found = "?" if r["results"] is None else f"{r['results']:,}"
            rows.append(([request, f"{totals[size]:,}", found], r))
    lines += timings_table(["request", "roles", "results"], rows)
    lines += [
        "",
        f"Growth from {totals[smallest]:,} to {totals[largest]:,} roles (p50 at the largest / "
        f"p50 at the smallest size), and the goal: p95 under {goal} ms at "
        f"{totals[largest]:,} roles.",
        "",
        f"| request | queries | p50 ms at {totals[smallest]:,} | p50 ms at {totals[largest]:,} "
        f"| growth | ratio at {totals[largest]:,} | p95 ms at {totals[largest]:,} "
        f"| p95 < {goal} ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, _ in REQUESTS:
        first, last = results[label, smallest], results[label, largest]
        lines.append(
            f"| {label} | {last['queries']} | {first['p50']:.1f} | {last['p50']:.1f} | "
            f"x{last['p50'] / first['p50']:.1f} | {last['p50'] / last['baseline_p50']:.1f} | "
            f"{last['p95']:.1f} | {'meets' if last['p95'] < goal else '**misses**'} |"
        )
    lines += [
        "",
        f"EXPLAIN ANALYZE at {totals[largest]:,} roles of each query that reads roles (# = its "
        "place in the request; the others fill the form's choices from small tables): the top "
        "plan node, the node that reads guides_role, and the execution time.",
        "",
        *explain_table(explained),
    ]
    return "\n".join(lines)


def explain_table(explained):
    """The lines of a Markdown table of explain()'s rows."""
    lines = [
        "| request | # | query | top node | guides_role read by | ms |",
        "| --- | ---: | --- | --- | --- | ---: |",
    ]
    for row in explained:
        lines.append(
            f"| {row['label']} | {row['number']} | {row['query']} | {row['top']} | "
            f"{row['roles']} | {row['ms']} |"
        )
    return lines


# --- Main ----------------------------------------------------------------------------------


def main():
    arguments = parse_arguments()
    started = time.perf_counter()
    database = PostgreSQLDatabase(arguments.database_url, "careerguide_bench_search")
    # What is measured is rendering: no page cache, and no redirect to HTTPS.
    with throwaway(database, CACHE_PAGES="False", HTTPS="false"):
        from django.test import Client

        step("Migrating")
        prepare()
        client = Client(HTTP_HOST="localhost")
        results, totals = measure_sizes(client, REQUESTS, arguments)
        explained = []
        step(f"EXPLAIN ANALYZE at {totals[arguments.sizes[-1]]:,} roles")
        for label, url in REQUESTS:
            explained += explain(client, label, url, arguments)
        facts = machine_facts(database)

    step(f"Done in {time.perf_counter() - started:.0f} s")
    print(report(facts, results, totals, explained, arguments))


if __name__ == "__main__":
    run_benchmark(main)
