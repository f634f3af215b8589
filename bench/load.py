"""
Load test: the site served as `make serve` serves it, under a fixed mix of what visitors ask.

    .venv/bin/python bench/load.py [--connections 64] [--duration 60] [--seed 1]
                                   [--database-url postgres://postgres@127.0.0.1:5432/]
                                   [--redis-url redis://127.0.0.1:6379/15]

The same set-up as bench/serve.py (a throwaway PostgreSQL database with the shipped data, a
Redis database of its own emptied at the start and at the end, `collectstatic`, gunicorn with
`careerguide/gunicorn.py`, DEBUG off, whole pages cached), but one server and a mix of pages:
home, the careers list, the list with filters, searches (with typos), the guide page, an
occupation page, the salary page with a state, a comparison, the sitemaps, the feed, the API's
list and detail, and a 404. The sequence of requests is drawn once from the weights below with
--seed, so every run asks the same things in the same order; --connections keep-alive
connections take the next request of the sequence as soon as their last one is answered, for
--duration seconds after a warm-up.

It reports the total number of requests, the errors (a socket error or a status other than
the one expected; the 404 is expected to answer 404), requests per second and p50/p95/p99
latency overall and per kind of page, and what the server logged. It exits with status 1 when
there was any error. Progress goes to stderr; the report, Markdown tables, to stdout.
"""

import argparse
import itertools
import os
import random
import sys
import time

from common import machine_facts, machine_table, step
from serve import (
    CACHED,
    Request,
    Tally,
    add_server_arguments,
    check_server_arguments,
    extra_facts,
    get,
    production_site,
    run_load,
)

DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
SEQUENCE_LENGTH = 100_000
# (kind, path, weight, expected status): what visitors ask, roughly in proportion.
MIX = [
    ("home", "/", 8, 200),
    ("list", "/careers/", 8, 200),
    ("list", "/careers/?page=3", 2, 200),
    ("list with filters", "/careers/?education=high_school&pay_min=40000&growth=average-or-faster",
     4, 200),
    ("list with filters", "/careers/?group=43&sort=pay-high", 3, 200),
    ("list with filters", "/careers/?guide=on&sort=title", 2, 200),
    ("search", "/careers/?q=office+clerk", 4, 200),
    ("search", "/careers/?q=admin+assist", 2, 200),
    ("search", "/careers/?q=%22back+office%22", 2, 200),
    ("search", "/careers/?q=clerk+-general&pay_min=30000", 2, 200),
    ("search with a typo", "/careers/?q=recepcionist", 2, 200),
    ("search with a typo", "/careers/?q=bookeeper", 2, 200),
    ("guide page", "/careers/back-office-assistant/", 14, 200),
    ("occupation page", "/careers/office-clerks-general/", 4, 200),
    ("salary page with a state", "/careers/back-office-assistant/salaries/?state=CA", 4, 200),
    ("salary page with a state", "/careers/back-office-assistant/salaries/?state=TX", 2, 200),
    ("compare", "/compare/?careers=back-office-assistant,receptionists-and-information-clerks",
     3, 200),
    ("sitemap", "/sitemap.xml", 1, 200),
    ("sitemap", "/sitemap-occupations.xml", 1, 200),
    ("feed", "/feeds/careers/", 2, 200),
    ("API list", "/api/v1/careers/?q=office+clerk", 3, 200),
    ("API list", "/api/v1/careers/?group=43&page=2", 2, 200),
    ("API detail", "/api/v1/careers/back-office-assistant/", 3, 200),
    ("404", "/careers/no-such-career/", 2, 404),
]  # fmt: skip


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Load test: the site as make serve serves it, under a fixed, seeded mix "
        "of pages and searches; exits 1 on any error.",
    )
    add_server_arguments(parser, DEFAULT_REDIS)
    parser.add_argument(
        "--connections",
        type=int,
        default=64,
        help="Concurrent keep-alive connections (default: %(default)s).",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=60,
        help="Seconds of measurement (default: %(default)s).",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=5,
        help="Seconds of unmeasured requests first (default: %(default)s).",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="Seed of the request sequence (default: 1)."
    )
    arguments = parser.parse_args()
    check_server_arguments(parser, arguments)
    if arguments.duration <= 0 or arguments.warmup < 0 or arguments.connections < 1:
        parser.error("--duration and --connections must be positive, --warmup at least 0.")
    return arguments


def sequence(seed):
    """The fixed sequence of requests: drawn once from the mix's weights."""
    requests = [Request(kind, path, expected) for kind, path, _, expected in MIX]
    weights = [weight for _, _, weight, _ in MIX]
    return random.Random(seed).choices(requests, weights, k=SEQUENCE_LENGTH)


def check_mix(server):
    """Every address of the mix answers what it should before the load starts."""
    wrong = []
    for kind, path, _, expected in MIX:
        status, headers, body = get(server.port, path)
        step(f"  {status} {len(body) / 1024:5.1f} KB {path}")
        if status != expected:
            wrong.append(f"`{path}` ({kind}) answered {status}, expected {expected}")
    if wrong:
        raise SystemExit("Before the load: " + "; ".join(wrong))


def report(facts, result, arguments, found):
    total = result.total
    kinds = list(dict.fromkeys(kind for kind, *_ in MIX))
    weights = {kind: sum(w for k, _, w, _ in MIX if k == kind) for kind in kinds}
    all_weights = sum(weights.values())
    cpu = result.cpu
    lines = machine_table(facts)
    lines += [
        "",
        f"{arguments.connections} keep-alive connections for {arguments.duration:g} s after "
        f"{arguments.warmup:g} s of warm-up, the fixed sequence of seed {arguments.seed}; "
        "the server with whole pages cached, as `make serve` runs it. KB = the body as sent "
        "(gzip when the server compresses it). gunicorn CPU ms/req = the CPU time of the "
        "server's processes per request; CPU %: the share of all CPUs used by the server, the "
        "load generator and the whole machine.",
        "",
        "| requests | errors | req/s | p50 ms | p95 ms | p99 ms | gunicorn CPU ms/req "
        "| CPU % gunicorn / client / machine |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| {total.n:,} | {total.error_count} | {result.rps:,.0f} | {total.percentile(50):.1f} "
        f"| {total.percentile(95):.1f} | {total.percentile(99):.1f} | "
        f"{cpu['gunicorn seconds'] * 1000 / max(total.n, 1):.2f} | {cpu['gunicorn']:.0%} / "
        f"{cpu['client']:.0%} / {cpu['machine']:.0%} |",
        "",
        "| kind | addresses | share of the mix | requests | errors | p50 ms | p95 ms | p99 ms "
        "| KB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in kinds:
        tally = result.tallies.get(kind, Tally())
        paths = "<br>".join(f"`{path}`" for k, path, _, _ in MIX if k == kind)
        lines.append(
            f"| {kind} | {paths} | {weights[kind] / all_weights:.0%} | {tally.n:,} | "
            f"{tally.error_count} | {tally.percentile(50):.1f} | {tally.percentile(95):.1f} | "
            f"{tally.percentile(99):.1f} | {tally.kilobytes():.1f} |"
        )
    lines += ["", "Checks (errors, cookies, server logs):", ""]
    lines += [f"- {item}" for item in found] or ["- nothing found"]
    return "\n".join(lines)


def checks(result, server):
    """Anything wrong seen in the responses or the server's log."""
    found = []
    for kind, tally in result.tallies.items():
        found += tally.findings(kind)
    return found + server.findings()


def main():
    arguments = parse_arguments()
    started = time.perf_counter()
    load_average = os.getloadavg()
    requests = sequence(arguments.seed)
    with production_site(
        arguments.database_url, arguments.redis_url, "careerguide_bench_load", (CACHED,)
    ) as (database, servers):
        server = servers[CACHED]
        step("Every address of the mix, once")
        check_mix(server)
        step(
            f"Loading with {arguments.connections} connections for {arguments.duration:g} s "
            f"(after {arguments.warmup:g} s of warm-up)"
        )
        result = run_load(
            server,
            itertools.cycle(requests).__next__,
            arguments.connections,
            arguments.duration,
            arguments.warmup,
        )
        total = result.total
        step(
            f"  {total.n:,} requests, {total.error_count} errors, {result.rps:,.0f} req/s, "
            f"p50 {total.percentile(50):.1f} ms, p95 {total.percentile(95):.1f} ms, "
            f"p99 {total.percentile(99):.1f} ms"
        )
        facts = machine_facts(database)
        facts += extra_facts(servers, arguments.connections, load_average)
        found = checks(result, server)
    step(f"Done in {time.perf_counter() - started:.0f} s")
    print(report(facts, result, arguments, found))
    return 1 if total.error_count else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        step("Interrupted: the server was stopped and the throwaway database dropped.")
        sys.exit(130)
