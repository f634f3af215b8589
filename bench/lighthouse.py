"""
Lighthouse's performance score on a phone, for the pages job seekers read, as production
serves them.

    .venv/bin/python bench/lighthouse.py [--runs 3] [--chromium /usr/bin/chromium]
                                         [--database-url postgres://postgres@127.0.0.1:5432/]
                                         [--redis-url redis://127.0.0.1:6379/13]

The same set-up as bench/serve.py (a throwaway PostgreSQL database with the shipped data, a
Redis database of its own, `collectstatic`, gunicorn with `careerguide/gunicorn.py`, DEBUG off,
whole pages cached), then `npx --yes lighthouse@12` (from the npm registry on first use) runs
headless Chromium against the guide page, the careers list and the salary page: the mobile
form factor and Lighthouse's default simulated throttling (a mid-range phone on a slow 4G
network), the performance category only. Each page is run --runs times; the report gives the
median score and metrics (FCP, LCP, TBT, CLS, Speed Index, total byte weight) and the range of
the scores. Each page is fetched once first, so that Lighthouse finds it in the page cache as
most visitors do. Like bench/serve.py's load generator, Chromium sends `X-Forwarded-Proto: https`,
as the TLS-terminating proxy in front of production does.

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
PAGES = [("guide page", GUIDE), ("careers list", "/careers/"), ("salary page", SALARY)]
GOAL_SCORE = 100  # the goal: "Lighthouse performance 100 on a phone profile"
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
        description="Lighthouse (mobile, performance) on the guide page, the careers list and "
        "the salary page, served as make serve serves them.",
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


def lighthouse(url, chromium, folder):
    """One Lighthouse run; its JSON report."""
    output = os.path.join(folder, "report.json")
    command = [
        "npx", "--yes", LIGHTHOUSE, url,
        "--only-categories=performance",
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
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        **{audit: audits[audit]["numericValue"] for audit, _, _ in METRICS},
        "warnings": report.get("runWarnings", []),
    }


def main():
    arguments = parse_arguments()
    started = time.perf_counter()
    load_average = os.getloadavg()
    results, environment = {}, {}
    with (
        production_site(
            arguments.database_url, arguments.redis_url, "careerguide_bench_lighthouse", (CACHED,)
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
                step(
                    f"  {label} run {run}: score {results[label][-1]['score']}, LCP "
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
        f"{throttling['cpuSlowdownMultiplier']:g}), performance category only; the median of "
        f"{arguments.runs} runs per page, each page already in the page cache.",
        "",
        "| page | score (range) | " + " | ".join(heading for _, heading, _ in METRICS) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in METRICS) + " |",
    ]
    for label, path in PAGES:
        runs = results[label]
        scores = [run["score"] for run in runs]
        cells = [
            shown(statistics.median(run[audit] for run in runs)) for audit, _, shown in METRICS
        ]
        lines.append(
            f"| {label} `{path}` | {statistics.median(scores):.0f} ({min(scores)}–{max(scores)}) "
            f"| " + " | ".join(cells) + " |"
        )
    lines += ["", "| goal | page | median score | |", "| --- | --- | ---: | --- |"]
    for label, _ in PAGES:
        score = statistics.median(run["score"] for run in results[label])
        lines.append(
            f"| performance score {GOAL_SCORE} on a phone (median of {len(results[label])}) "
            f"| {label} | {score:.0f} | "
            f"{'meets' if score >= GOAL_SCORE else '**misses**'} |"
        )
    warnings = sorted({w for runs in results.values() for run in runs for w in run["warnings"]})
    if warnings:
        lines += ["", "Lighthouse warnings:", "", *(f"- {w}" for w in warnings)]
    return "\n".join(lines)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        step("Interrupted: the server was stopped and the throwaway database dropped.")
        sys.exit(130)
