"""
Benchmark the official wage data: importing BLS OEWS files and rendering the pages that show them.

    .venv/bin/python bench/oews.py [--metro PATH] [--repeat N] [--database-url URL]

Everything runs against a fresh throwaway database: a temporary SQLite file by default, or, with
--database-url postgres://user@host:port/, a database `careerguide_bench_<pid>` that this script
creates on that server and drops at the end. Your own database is never touched.

The site runs in this process as in production (DEBUG off, the static files collected), but
with CACHE_PAGES=False and HTTPS=false, whatever the shell says: the pages are rendered on
every request rather than served from the page cache, and answered rather than redirected to
HTTPS. The other settings are the site's defaults (see common.SITE_SETTINGS).

Every time is reported beside a baseline measured in the same run, and as a ratio to it, because
the machines are shared and noisy; the absolute times are for orientation only.

- Imports (national, state, metro, then national+state again: the "nothing changed" path) are
  compared with merely reading the same file: gunzip + the standard `csv` module, no validation
  (the faster of one read just before and one just after the import).
- Pages (the salary page, with and without ?state=CA, and the guide page) are compared with the
  404 page for an unknown slug, which goes through the same middleware and templates; baseline
  and page requests alternate so that noise hits both. Median and 90th percentile of --repeat
  requests after 5 warm-up requests each; the SQL query count of one more request, and the
  Python function calls of one more (cProfile): a count that the machine's load does not
  change, for comparing two versions of the code where the timings are too noisy to.

Progress goes to stderr, line by line; the summary, a Markdown table, goes to stdout.
"""

import argparse
import cProfile
import io
import pstats
import statistics
import time
from pathlib import Path

from common import (
    NATIONAL,
    PUBLISHED,
    ROOT,
    STATE,
    PostgreSQLDatabase,
    SQLiteDatabase,
    collect_static,
    is_postgres_url,
    machine_facts,
    machine_table,
    plain_read,
    step,
    throwaway,
    top_quantile,
)

DEFAULT_METRO = ROOT / "fixtures" / "oews" / "oews_may2025_metro.csv.gz"
SLUG = "back-office-assistant"
UNKNOWN_SLUG = "no-such-career-benchmark"
WARMUP = 5


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Benchmark OEWS imports and the salary and guide pages, as ratios to "
        "baselines measured in the same run.",
    )
    parser.add_argument(
        "--metro",
        type=Path,
        default=DEFAULT_METRO,
        help="The metro file (default: %(default)s). Skipped with a message if absent.",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=50,
        help=f"Timed requests per page, after {WARMUP} warm-ups (default: %(default)s).",
    )
    parser.add_argument(
        "--database-url",
        help="A PostgreSQL server, postgres://user@host:port/ : the benchmark creates and drops "
        "its own database there. Default: a temporary SQLite file.",
    )
    arguments = parser.parse_args()
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1.")
    if arguments.database_url and not is_postgres_url(arguments.database_url):
        parser.error("--database-url must be a postgres:// URL (SQLite is the default).")
    return arguments


# --- Imports -------------------------------------------------------------------------------


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def run_import(paths):
    from django.core.management import call_command

    output = io.StringIO()
    call_command("import_oews", *map(str, paths), published=PUBLISHED, stdout=output)
    return output.getvalue().strip()


def bench_import(label, paths):
    """Import `paths` once; the baseline is the faster plain read before and after it."""
    names = " + ".join(Path(p).name for p in paths)
    step(f"{label}: plain read of {names}")
    before, rows = timed(plain_read, paths)
    step(f"{label}: import_oews {names} ({rows:,} rows)")
    seconds, report = timed(run_import, paths)
    for line in report.splitlines():
        step(f"  {line}")
    after, _ = timed(plain_read, paths)
    baseline = min(before, after)
    step(f"{label}: {seconds:.2f} s, plain read {baseline:.2f} s, x{seconds / baseline:.1f}")
    return {
        "label": label,
        "rows": rows,
        "seconds": seconds,
        "baseline": baseline,
        "nothing_changed": "Nothing changed" in report,
    }


# --- Pages ---------------------------------------------------------------------------------


def bench_page(client, label, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    baseline_url = f"/careers/{UNKNOWN_SLUG}/"
    for expected, address in ((200, url), (404, baseline_url)):
        status = client.get(address).status_code
        if status != expected:
            raise SystemExit(f"{address} answered {status}, expected {expected}.")
    # Count right after each request: a context's queries are read from the connection's
    # log, which the next request clears.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)
    with CaptureQueriesContext(connection) as captured:
        client.get(baseline_url)
    baseline_queries = len(captured)
    size = len(response.content)
    calls, baseline_calls = python_calls(client, url), python_calls(client, baseline_url)

    step(f"{label}: {WARMUP} warm-ups and {repeat} timed requests, alternating with the 404 page")
    page_times, baseline_times = [], []
    for number in range(WARMUP + repeat):
        for address, samples in ((baseline_url, baseline_times), (url, page_times)):
            started = time.perf_counter()
            client.get(address)
            elapsed = time.perf_counter() - started
            if number >= WARMUP:
                samples.append(elapsed * 1000)
    result = {
        "label": label,
        "url": url,
        "queries": queries,
        "baseline_queries": baseline_queries,
        "calls": calls,
        "baseline_calls": baseline_calls,
        "kb": size / 1024,
        "median": statistics.median(page_times),
        "p90": top_quantile(page_times, 10),
        "baseline_median": statistics.median(baseline_times),
        "baseline_p90": top_quantile(baseline_times, 10),
    }
    step(
        f"{label}: median {result['median']:.1f} ms, 404 page {result['baseline_median']:.1f} ms, "
        f"x{result['median'] / result['baseline_median']:.1f}, {result['queries']} queries"
    )
    return result


def python_calls(client, url):
    """The Python function calls (built-ins included) of one request of `url`."""
    profiler = cProfile.Profile()
    profiler.runcall(client.get, url)
    return pstats.Stats(profiler).total_calls


# --- Report --------------------------------------------------------------------------------


def report(facts, imports, pages, repeat, metro_note):
    lines = machine_table(facts)
    lines += [
        "",
        "Imports: `import_oews` into the database in this order; baseline = the same file(s) "
        "merely read (gunzip + `csv.reader`, no validation).",
        "",
        "| import | rows | seconds | rows/s | plain read, s | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in imports:
        lines.append(
            f"| {result['label']} | {result['rows']:,} | {result['seconds']:.2f} | "
            f"{result['rows'] / result['seconds']:,.0f} | {result['baseline']:.3f} | "
            f"{result['seconds'] / result['baseline']:.1f} |"
        )
    if metro_note:
        lines.append(f"| metro | {metro_note} | | | | |")
    lines += [
        "",
        f"Pages: `django.test.Client`, {repeat} requests each after {WARMUP} warm-ups, "
        "alternating with the baseline = the 404 page of an unknown slug "
        f"({_queries(pages[0]['baseline_queries'])}).",
        "",
        "| page | queries | Python calls | 404 calls | KB | median ms | p90 ms | 404 median ms "
        "| ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in pages:
        lines.append(
            f"| `{result['url']}` | {result['queries']} | {result['calls']:,} | "
            f"{result['baseline_calls']:,} | {result['kb']:.0f} | "
            f"{result['median']:.1f} | {result['p90']:.1f} | {result['baseline_median']:.1f} | "
            f"{result['median'] / result['baseline_median']:.1f} |"
        )
    return "\n".join(lines)


def _queries(count):
    return f"{count} quer{'y' if count == 1 else 'ies'}"


# --- Main ----------------------------------------------------------------------------------


def main():
    arguments = parse_arguments()
    started = time.perf_counter()
    database = (
        PostgreSQLDatabase(arguments.database_url, "careerguide_bench")
        if arguments.database_url
        else SQLiteDatabase()
    )
    # What is measured is rendering: no page cache, and no redirect to HTTPS.
    with throwaway(database, CACHE_PAGES="False", HTTPS="false"):
        from django.core.management import call_command
        from django.test import Client

        step("Migrating")
        call_command("migrate", verbosity=0, interactive=False)
        collect_static()

        imports = [
            bench_import("national", [NATIONAL]),
            bench_import("state", [STATE]),
        ]
        metro_note = ""
        if arguments.metro.is_file():
            imports.append(bench_import("metro", [arguments.metro]))
        else:
            metro_note = f"skipped: {arguments.metro} not found"
            step(f"Metro: skipped, {arguments.metro} is not there (give it with --metro)")
        imports.append(bench_import("national + state again (nothing changed)", [NATIONAL, STATE]))
        if not imports[-1]["nothing_changed"]:
            step("WARNING: the re-import changed something; it should have changed nothing.")

        step("A career for every occupation, then the guides")
        call_command("sync_careers", verbosity=0)
        call_command("load_guides", verbosity=0)

        client = Client(HTTP_HOST="localhost")
        pages = [
            bench_page(client, "salary page", f"/careers/{SLUG}/salaries/", arguments.repeat),
            bench_page(
                client,
                "salary page, CA" + ("" if metro_note else " with metro areas"),
                f"/careers/{SLUG}/salaries/?state=CA",
                arguments.repeat,
            ),
            bench_page(client, "guide page", f"/careers/{SLUG}/", arguments.repeat),
        ]
        facts = machine_facts(database)

    step(f"Done in {time.perf_counter() - started:.0f} s")
    print(report(facts, imports, pages, arguments.repeat, metro_note))


if __name__ == "__main__":
    main()
