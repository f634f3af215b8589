"""
Benchmark the official imports that `make run` runs, each as a ratio to a plain read of the
same files, with the peak memory of each, on a fresh throwaway database.

    .venv/bin/python bench/imports.py [--database-url postgres://user@host:port/]

A temporary SQLite file by default; with --database-url, a database `careerguide_bench_<pid>`
that this script creates on that server and drops at the end.

Each step runs in a fresh Python process of its own, so that its peak resident memory
(VmHWM of /proc/self/status: Python, Django and the import together) is its own. The seconds are
those of the step itself, timed inside that process (Python's and Django's start-up are not
included; they are the same for a plain read and an import). In order:

- the first import: import_oews (the national, state and metro files in one command, as
  `make run`), import_projections, import_soc, import_onet, import_onet_traits, then
  sync_careers (not an import of official files; timed for the record);
- the second import of the same files ("Nothing changed"), in the same order.

The baseline of each importer is a plain read of the same files: decompress and parse the CSV
or TSV rows into Python (gzip + the `csv` module, nothing else), also in a process of its own,
once just before and once just after the import; the faster of the two counts.

Progress goes to stderr; the summary, a Markdown table, goes to stdout.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from common import (
    OEWS_FILES,
    PUBLISHED,
    ROOT,
    PostgreSQLDatabase,
    SQLiteDatabase,
    is_postgres_url,
    machine_facts,
    machine_table,
    plain_read,
    setup_django,
    step,
    throwaway,
)

PROJECTIONS = (
    ROOT / "fixtures/projections/ep_2024_34_table_1_2_projections_and_characteristics.csv.gz"
)
REASONS = ROOT / "fixtures/projections/ep_2024_34_table_1_12_utilization_factors.csv.gz"
SOC = ROOT / "fixtures" / "soc" / "soc_2018_definitions.csv.gz"
ONET = ROOT / "fixtures" / "onet"
ONET_SKILLS = ROOT / "fixtures" / "onet_skills_29"
# The files each O*NET command reads (occupations/onet.py's FILES, occupations/onet_traits.py's).
ONET_TRAITS = ["content_model_reference", "scales_reference", "interests", "work_styles"]
ONET_FILES = [
    path for path in sorted(ONET.iterdir()) if path.name.split(".")[0] not in ONET_TRAITS
]
TRAITS_FILES = [ONET / f"{name}.tsv.gz" for name in ONET_TRAITS] + sorted(ONET_SKILLS.iterdir())

# Each importer: its files, and its command's arguments, as the Makefile gives them.
IMPORTERS = {
    "import_oews": (OEWS_FILES, ["import_oews", "--published", PUBLISHED, *OEWS_FILES]),
    "import_projections": (
        [PROJECTIONS, REASONS],
        ["import_projections", "--published", "2025-08-28", "--reasons", REASONS, PROJECTIONS],
    ),
    "import_soc": ([SOC], ["import_soc", SOC]),
    "import_onet": (ONET_FILES, ["import_onet", ONET]),
    "import_onet_traits": (TRAITS_FILES, ["import_onet_traits", ONET, ONET_SKILLS]),
}
AFTER = ["sync_careers"]  # timed, not an import of official files


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Benchmark the official imports as ratios to a plain read of their files."
    )
    parser.add_argument(
        "--database-url",
        help="A PostgreSQL server, postgres://user@host:port/ : the benchmark creates and drops "
        "its own database there. Default: a temporary SQLite file.",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.database_url and not is_postgres_url(arguments.database_url):
        parser.error("--database-url must be a postgres:// URL (SQLite is the default).")
    return arguments


# --- One step, in a process of its own -----------------------------------------------------


def peak_mb():
    """This process's peak resident memory. Not getrusage's ru_maxrss: on Linux a process
    started by another inherits the high-water mark of its parent at the fork."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(spec):
    """Run one step (a plain read, or a management command) and print its seconds, peak
    memory and output as JSON."""
    kind, name = spec["kind"], spec["name"]
    if kind == "read":
        started = time.perf_counter()
        output = f"{plain_read(IMPORTERS[name][0]):,} rows"
    else:
        setup_django(os.environ["BENCH_DATABASE_URL"])
        from django.core.management import call_command

        stdout, stderr = io.StringIO(), io.StringIO()
        arguments = IMPORTERS[name][1] if name in IMPORTERS else [name]
        started = time.perf_counter()
        call_command(*map(str, arguments), stdout=stdout, stderr=stderr)
        output = stdout.getvalue().strip()
    seconds = time.perf_counter() - started
    peak = peak_mb()
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "output": output}))


def run_step(kind, name, database_url):
    environment = dict(os.environ, BENCH_DATABASE_URL=database_url)
    spec = json.dumps({"kind": kind, "name": name})
    result = subprocess.run(
        [sys.executable, __file__, "--child", spec],
        capture_output=True,
        text=True,
        env=environment,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode:
        raise SystemExit(f"{kind} {name} failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


# --- The runs ------------------------------------------------------------------------------


def measure(label, name, database_url):
    """One importer, between two plain reads of its files."""
    before = run_step("read", name, database_url)
    step(f"{label} {name}: plain read {before['seconds']:.2f} s ({before['output']})")
    result = run_step("import", name, database_url)
    for line in result["output"].splitlines():
        step(f"  {line}")
    after = run_step("read", name, database_url)
    read = min(before, after, key=lambda r: r["seconds"])
    ratio = result["seconds"] / read["seconds"]
    step(
        f"{label} {name}: {result['seconds']:.2f} s, x{ratio:.1f}, peak {result['peak_mb']:.0f} MB"
        f" (plain read {read['seconds']:.2f} s, {read['peak_mb']:.0f} MB)"
    )
    return {
        "label": label,
        "name": name,
        "seconds": result["seconds"],
        "peak_mb": result["peak_mb"],
        "read_seconds": read["seconds"],
        "read_peak_mb": read["peak_mb"],
        "nothing_changed": "Nothing changed" in result["output"],
    }


def measure_command(label, name, database_url):
    result = run_step("command", name, database_url)
    step(f"{label} {name}: {result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB")
    return {
        "label": label,
        "name": name,
        "seconds": result["seconds"],
        "peak_mb": result["peak_mb"],
    }


def report(facts, runs, others):
    lines = machine_table(facts)
    lines += [
        "",
        "Seconds inside a fresh process each; ratio = the import's seconds / a plain read of "
        "the same files (gzip + `csv`, the faster of one read before and one after); peak = "
        "the process's maximum resident memory.",
        "",
        "| run | importer | seconds | plain read, s | ratio | peak MB | plain read peak MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, results in runs:
        for r in results:
            lines.append(
                f"| {label} | {r['name']} | {r['seconds']:.2f} | {r['read_seconds']:.3f} | "
                f"{r['seconds'] / r['read_seconds']:.1f} | {r['peak_mb']:.0f} | "
                f"{r['read_peak_mb']:.0f} |"
            )
        seconds = sum(r["seconds"] for r in results)
        read = sum(r["read_seconds"] for r in results)
        peak = max(r["peak_mb"] for r in results)
        lines.append(
            f"| {label} | **all together** | {seconds:.2f} | {read:.3f} | "
            f"**{seconds / read:.1f}** | {peak:.0f} | |"
        )
    for r in others:
        lines.append(f"| {r['label']} | {r['name']} (not an import) | {r['seconds']:.2f} | | | "
                     f"{r['peak_mb']:.0f} | |")  # fmt: skip
    return "\n".join(lines)


def main():
    arguments = parse_arguments()
    if arguments.child:
        child(json.loads(arguments.child))
        return
    started = time.perf_counter()
    database = (
        PostgreSQLDatabase(arguments.database_url, "careerguide_bench")
        if arguments.database_url
        else SQLiteDatabase()
    )
    with throwaway(database):
        from django.core.management import call_command

        step("Migrating")
        call_command("migrate", verbosity=0, interactive=False)
        runs, others = [], []
        for label in ("first", "second"):
            results = [measure(label, name, database.url) for name in IMPORTERS]
            others += [measure_command(label, name, database.url) for name in AFTER]
            if label == "second" and not all(r["nothing_changed"] for r in results):
                step(
                    "WARNING: the second import changed something; it should have changed nothing."
                )
            runs.append((label, results))
        facts = machine_facts(database)
    step(f"Done in {time.perf_counter() - started:.0f} s")
    print(report(facts, runs, others))


if __name__ == "__main__":
    main()
