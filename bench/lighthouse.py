"""
Lighthouse's four scores on a phone (performance, accessibility, best practices, SEO), for the
pages job seekers read, as production serves them.

    .venv/bin/python bench/lighthouse.py [--runs 3] [--chromium /usr/bin/chromium]
                                         [--database-url postgres://postgres@127.0.0.1:5432/]
                                         [--redis-url redis://127.0.0.1:6379/13]

The same set-up as bench/serve.py (a throwaway PostgreSQL database with the shipped data, a
Redis database of its own, `collectstatic`, gunicorn with `careerguide/gunicorn.py`, DEBUG off,
whole pages cached), then `npx --yes lighthouse@12` (from the npm registry on first use) runs
headless Chromium against the home page, the careers list, the guide page, an occupation's
profile and the salary page: the mobile form factor and Lighthouse's default simulated
throttling (a mid-range phone on a slow 4G network), all four categories. Each page is run
--runs times; the report gives each category's median score (and the range of the performance
score, the one that varies) and the median metrics (FCP, LCP, TBT, CLS, Speed Index, total
byte weight: everything the page loads, as sent, compressed), each beside its goal: 100 in
every category, under 100 KB, no layout shift. Each page is fetched once first, so that
Lighthouse finds it in the page cache as most visitors do. Like bench/serve.py's load
generator, Chromium sends `X-Forwarded-Proto: https`, as the TLS-terminating proxy in front of
production does; the site runs with HTTPS=false all the same, so that Lighthouse's own fetch of
/robots.txt (which does not send that header) is not redirected to an https address that
nothing serves here.

Needs Node.js with npx, and Chromium (`apt-get install chromium`). Progress goes to stderr;
the report, Markdown tables, to stdout.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from common import machine_facts, machine_table, step
from serve import (
    CACHED,
    GUIDE,
    SALARY,
    add_server_arguments,
    check_server_arguments,
    extra_facts,
    get,
    production_site,
)

DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
LIGHTHOUSE = "lighthouse@12"
PROFILE = "/careers/registered-nurses/"  # an occupation without a written guide
PAGES = [
    ("home page", "/"),
    ("careers list", "/careers/"),
    ("guide page", GUIDE),
    ("occupation profile", PROFILE),
    ("salary page", SALARY),
]
CATEGORIES = [
    ("performance", "performance"),
    ("accessibility", "accessibility"),
    ("best-practices", "best practices"),
    ("seo", "SEO"),
]
GOAL_SCORE = 100  # in every category, on a phone profile
GOAL_BYTES = 100 * 1024  # each page with everything it loads, compressed
GOAL_CLS = 0  # no layout shift
RUN_TIMEOUT = 240  # seconds
METRICS = [
    # (audit, heading, format)
    ("first-contentful-paint", "FCP s", lambda v: f"{v / 1000:.1f}"),
    ("largest-contentful-paint", "LCP s", lambda v: f"{v / 1000:.1f}"),
    ("total-blocking-time", "TBT ms", lambda v: f"{v:.0f}"),
    ("cumulative-layout-shift", "CLS", lambda v: f"{v:.3f}"),
    ("speed-index", "Speed Index s", lambda v: f"{v / 1000:.1f}"),
    ("total-byte-weight", "bytes KB", lambda v: f"{v / 1024:.0f}"),
    ("server-response-time", "server ms", lambda v: f"{v:.0f}"),
]


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Lighthouse (mobile, all four categories) on the home page, the careers "
        "list, the guide page, an occupation's profile and the salary page, served as make "
        "serve serves them.",
    )
    add_server_arguments(parser, DEFAULT_REDIS)
    parser.add_argument(
        "--runs", type=int, default=3, help="Runs per page; the median is reported (default: 3)."
    )
    parser.add_argument(
        "--chromium",
        default=shutil.which("chromium") or "/usr/bin/chromium",
        help="The Chromium (or Chrome) binary (default: %(default)s).",
    )
    arguments = parser.parse_args()
    check_server_arguments(parser, arguments)
    if arguments.runs < 1:
        parser.error("--runs must be at least 1.")
    if not shutil.which("npx"):
        parser.error("npx (Node.js) is missing: it runs Lighthouse.")
    if not os.access(arguments.chromium, os.X_OK):
        parser.error(f"{arguments.chromium} is not an executable Chromium.")
    return arguments


# Lighthouse's own trace recording sometimes fails to see the page's navigation start, the
# page being fine ("NO_NAVSTART"): such a run is made again, at most this many times.
RETRIES = 2
TRANSIENT = "NO_NAVSTART"


def lighthouse(url, chromium, folder):
    """One Lighthouse run; its JSON report. A run Lighthouse itself failed to record is made
    again (RETRIES), and said so."""
    for _ in range(RETRIES):
        try:
            return _lighthouse(url, chromium, folder)
        except SystemExit as failure:
            if TRANSIENT not in str(failure):
                raise
            step(f"  Lighthouse did not record the run ({TRANSIENT}); running it again")
    return _lighthouse(url, chromium, folder)


def _lighthouse(url, chromium, folder):
    output = os.path.join(folder, "report.json")
    command = [
        "npx", "--yes", LIGHTHOUSE, url,
        "--only-categories=" + ",".join(category for category, _ in CATEGORIES),
        "--form-factor=mobile",
        "--output=json",
        f"--output-path={output}",
        "--chrome-flags=--headless=new --no-sandbox",
        "--extra-headers=" + json.dumps({"X-Forwarded-Proto": "https"}),
        "--quiet",
    ]  # fmt: skip
    environment = {**os.environ, "CHROME_PATH": chromium}
    done = subprocess.run(
        command, env=environment, capture_output=True, text=True, timeout=RUN_TIMEOUT
    )
    if done.returncode != 0 or not os.path.exists(output):
        raise SystemExit(f"Lighthouse failed on {url} ({done.returncode}):\n{done.stderr[-2000:]}")
    with open(output) as file:
        report = json.load(file)
    os.remove(output)
    if report.get("runtimeError"):
        raise SystemExit(f"Lighthouse could not load {url}: {report['runtimeError']}")
    return report


def summary(report):
    audits = report["audits"]
    # A category whose audits could not all run has no score: the audits say why.
    failed = [
        f"{name}: {audit.get('errorMessage', 'no result')}"
        for name, audit in audits.items()
        if audit.get("scoreDisplayMode") == "error"
    ]
    return {
        **{category: _score(report["categories"][category]) for category, _ in CATEGORIES},
        **{audit: audits[audit]["numericValue"] for audit, _, _ in METRICS},
        "warnings": report.get("runWarnings", []) + failed,
    }


def _score(category):
    return None if category["score"] is None else round(category["score"] * 100)


def main():
    arguments = parse_arguments()
    started = time.perf_counter()
    load_average = os.getloadavg()
    results, environment = {}, {}
    with (
        production_site(
            arguments.database_url,
            arguments.redis_url,
            "careerguide_bench_lighthouse",
            (CACHED,),
            # Lighthouse fetches /robots.txt itself, without the X-Forwarded-Proto header that
            # the pages get: with HTTPS on, the site would redirect it (301) to an https address
            # nothing serves here, and SEO would get no score. Behind production's TLS proxy
            # robots.txt comes over HTTPS like every page.
            HTTPS="false",
        ) as (database, servers),
        tempfile.TemporaryDirectory(prefix="careerguide_lighthouse_") as folder,
    ):
        server = servers[CACHED]
        for label, path in PAGES:
            url = f"http://127.0.0.1:{server.port}{path}"
            get(server.port, path)  # as most visitors find it: in the page cache
            results[label] = []
            for run in range(1, arguments.runs + 1):
                report = lighthouse(url, arguments.chromium, folder)
                results[label].append(summary(report))
                environment = {
                    "Lighthouse": report["lighthouseVersion"],
                    "browser": report["environment"]["hostUserAgent"]
                    .split(" HeadlessChrome/")[-1]
                    .split()[0],
                    "benchmarkIndex": report["environment"].get("benchmarkIndex"),
                    "throttling": report["configSettings"]["throttling"],
                }
                scores = "/".join(str(results[label][-1][c]) for c, _ in CATEGORIES)
                step(
                    f"  {label} run {run}: scores {scores}, LCP "
                    f"{results[label][-1]['largest-contentful-paint'] / 1000:.1f} s, TBT "
                    f"{results[label][-1]['total-blocking-time']:.0f} ms"
                )
        facts = machine_facts(database) + extra_facts(servers, 1, load_average)[:1]
        facts.append(("load average at start", " ".join(f"{v:.2f}" for v in load_average)))
        facts += [
            ("Lighthouse", f"{environment['Lighthouse']} (npx {LIGHTHOUSE})"),
            ("browser", f"headless Chromium {environment['browser']}"),
            ("Lighthouse benchmarkIndex", f"{environment['benchmarkIndex']:.0f}"),
        ]
    step(f"Done in {time.perf_counter() - started:.0f} s")
    print(report_lines(facts, results, environment, arguments))


def report_lines(facts, results, environment, arguments):
    throttling = environment["throttling"]
    lines = machine_table(facts)
    lines += [
        "",
        f"Mobile form factor, simulated throttling (RTT {throttling['rttMs']:g} ms, "
        f"{throttling['throughputKbps'] / 1024:.1f} Mbit/s, CPU ×"
        f"{throttling['cpuSlowdownMultiplier']:g}), all four categories; the median of "
        f"{arguments.runs} runs per page, each page already in the page cache.",
        "",
        "| page | performance (range) | "
        + " | ".join(heading for _, heading in CATEGORIES[1:])
        + " | "
        + " | ".join(heading for _, heading, _ in METRICS)
        + " |",
        "| --- | ---: | "
        + " | ".join("---:" for _ in CATEGORIES[1:])
        + " | "
        + " | ".join("---:" for _ in METRICS)
        + " |",
    ]
    for label, path in PAGES:
        runs = results[label]
        scores = [run["performance"] for run in runs if run["performance"] is not None]
        performance = (
            f"{statistics.median(scores):.0f} ({min(scores)}–{max(scores)})" if scores else "none"
        )
        categories = [_shown_score(runs, category) for category, _ in CATEGORIES[1:]]
        cells = [
            shown(statistics.median(run[audit] for run in runs)) for audit, _, shown in METRICS
        ]
        lines.append(
            f"| {label} `{path}` | {performance} | " + " | ".join(categories + cells) + " |"
        )
    lines += ["", "| goal | page | median | |", "| --- | --- | ---: | --- |"]
    for label, _ in PAGES:
        runs = results[label]
        for category, heading in CATEGORIES:
            score = _median_score(runs, category)
            met = score is not None and score >= GOAL_SCORE
            lines.append(
                f"| {heading} {GOAL_SCORE} on a phone | {label} | "
                f"{_shown_score(runs, category)} | {'meets' if met else '**misses**'} |"
            )
        weight = statistics.median(run["total-byte-weight"] for run in runs)
        lines.append(
            f"| everything it loads under {GOAL_BYTES // 1024} KB compressed | {label} | "
            f"{weight / 1024:.0f} KB | {'meets' if weight < GOAL_BYTES else '**misses**'} |"
        )
        shift = statistics.median(run["cumulative-layout-shift"] for run in runs)
        lines.append(
            f"| no layout shift (CLS {GOAL_CLS}) | {label} | {shift:.3f} | "
            f"{'meets' if shift <= GOAL_CLS else '**misses**'} |"
        )
    warnings = sorted({w for runs in results.values() for run in runs for w in run["warnings"]})
    if warnings:
        lines += ["", "Lighthouse warnings:", "", *(f"- {w}" for w in warnings)]
    return "\n".join(lines)


def _median_score(runs, category):
    """The median of the runs' scores in `category`; None if no run had one (an audit of it
    could not run: the warnings say which)."""
    scores = [run[category] for run in runs if run[category] is not None]
    return statistics.median(scores) if scores else None


def _shown_score(runs, category):
    score = _median_score(runs, category)
    return "none (see the warnings)" if score is None else f"{score:.0f}"


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        step("Interrupted: the server was stopped and the throwaway database dropped.")
        sys.exit(130)
