"""
What the benchmarks in this folder share: the project's paths and what `make run` imports,
progress lines, the site's settings that each benchmark sets itself, the throwaway databases and
running Django on one, the site prepared and served by gunicorn as `make serve` does, the
90th/95th percentile, the machine facts that head a report and the table of timings beside the
404 page's.

The scripts are run as `.venv/bin/python bench/<name>.py`, which puts this folder first on
sys.path, so they import this module as plain `common`.
"""

import contextlib
import csv
import gzip
import io
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = ROOT / "fixtures" / "oews" / "oews_may2025_national.csv.gz"
STATE = ROOT / "fixtures" / "oews" / "oews_may2025_state.csv.gz"
METRO = ROOT / "fixtures" / "oews" / "oews_may2025_metro.csv.gz"
OEWS_FILES = [NATIONAL, STATE, METRO]  # the Makefile's OEWS_FILES
PUBLISHED = "2026-05-15"  # as in the Makefile
# The Makefile's PROJECTIONS, REASONS, SOC_DEFINITIONS, ONET, ONET_SKILLS and CLUSTERS.
FIXTURES = ROOT / "fixtures"
PROJECTIONS = FIXTURES / "projections/ep_2024_34_table_1_2_projections_and_characteristics.csv.gz"
REASONS = FIXTURES / "projections/ep_2024_34_table_1_12_utilization_factors.csv.gz"
SOC_DEFINITIONS = FIXTURES / "soc/soc_2018_definitions.csv.gz"
ONET = FIXTURES / "onet"
ONET_SKILLS = FIXTURES / "onet_skills_29"
CLUSTERS = FIXTURES / "onet/career_clusters_legacy_2023.csv.gz"
# What `make run` and `make serve` do after migrating, as their manage.py arguments: import the
# shipped official files, give every occupation its career, load the guides.
SITE_DATA = [
    ["import_oews", "--published", PUBLISHED, *OEWS_FILES],
    ["import_projections", "--published", "2025-08-28", "--reasons", REASONS, PROJECTIONS],
    ["import_soc", SOC_DEFINITIONS],
    ["import_onet", ONET],
    ["import_onet_traits", ONET, ONET_SKILLS],
    ["import_career_clusters", CLUSTERS],
    ["sync_careers", "--verbosity", "0"],
    ["load_guides", "--verbosity", "0"],
]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def step(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_benchmark(main, interrupted="the throwaway database was dropped, nothing to report"):
    """Run a benchmark's `main`. SIGTERM unwinds as Ctrl-C does, so that the finally blocks
    drop what it made; either ends it with a word on stderr and exit status 130."""
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        main()
    except KeyboardInterrupt:
        step(f"Interrupted: {interrupted}.")
        sys.exit(130)


def stop_on_sigterm(signum, frame):
    """As Ctrl-C does: unwind, so that the finally blocks clean up."""
    raise KeyboardInterrupt


def is_postgres_url(url):
    return urlsplit(url).scheme in ("postgres", "postgresql", "pgsql")


# --- The baseline of an import ------------------------------------------------------------


def plain_read(paths):
    """Rows in `paths` (CSV, or TSV by a .tsv name; plain or gzipped), merely decompressed and
    parsed by gzip and the `csv` module: the baseline of an import."""
    rows = 0
    for path in paths:
        with open(path, "rb") as raw:
            compressed = raw.read(2) == b"\x1f\x8b"
        binary = gzip.open(path, "rb") if compressed else open(path, "rb")
        with binary, io.TextIOWrapper(binary, encoding="utf-8-sig", newline="") as text:
            if ".tsv" in Path(path).suffixes:
                reader = csv.reader(text, delimiter="\t", quoting=csv.QUOTE_NONE)
            else:
                reader = csv.reader(text)
            next(reader)  # the header
            for _ in reader:
                rows += 1
    return rows


# --- The site's settings -------------------------------------------------------------------

# Every variable the site reads its settings from (README.md's configuration table, and
# gunicorn's in careerguide/gunicorn.py). A developer's shell may hold some of them for a
# server of their own; a benchmark drops them all and sets the ones it needs, so that what it
# measures does not depend on the shell it is run from.
SITE_SETTINGS = (
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "DATABASE_POOL",
    "DATABASE_POOL_SIZE",
    "REDIS_URL",
    "HTTPS",
    "ADMIN_URL",
    "CACHE_PAGES",
    "CSP_REPORT_ONLY",
    "CSP_REPORT_URI",
    "PROXY_COUNT",
    "WEB_CONCURRENCY",
    "THREADS",
    "HOST",
    "PORT",
    "FORWARDED_ALLOW_IPS",
    "ACCESS_LOG",
)


# --- The throwaway database ----------------------------------------------------------------


class SQLiteDatabase:
    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="careerguide_bench_")
        self.url = f"sqlite:///{self.folder}/bench.sqlite3"
        self.description = "temporary SQLite file"

    def drop(self):
        shutil.rmtree(self.folder, ignore_errors=True)


class PostgreSQLDatabase:
    """A database `<prefix>_<pid>`, created on the server at `server_url`."""

    def __init__(self, server_url, prefix):
        import psycopg

        self.psycopg = psycopg
        parts = urlsplit(server_url)
        self.name = f"{prefix}_{os.getpid()}"
        maintenance = parts.path.lstrip("/") or "postgres"
        self.admin_url = urlunsplit(parts._replace(path=f"/{maintenance}"))
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        self.description = f"database {self.name} on {parts.hostname}:{parts.port or 5432}"
        try:
            with self._admin() as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                connection.execute(f'CREATE DATABASE "{self.name}"')
        except psycopg.Error as error:
            raise SystemExit(
                f"Cannot create the benchmark database on {parts.hostname}:{parts.port or 5432}: "
                f"{str(error).strip()}"
            ) from error

    def _admin(self):
        return self.psycopg.connect(self.admin_url, autocommit=True)

    def drop(self):
        with self._admin() as connection:
            if connection.info.server_version >= 130000:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            else:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}"')


def setup_django(database_url, **settings):
    """Set Django up in this process on `database_url`, DEBUG off (as in production: no query
    log, no debug pages), with `settings` (CACHE_PAGES="False", ...) and the site's defaults
    for the rest, whatever the shell that runs the benchmark has set."""
    for name in SITE_SETTINGS:
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="careerguide.settings",
        DATABASE_URL=database_url,
        DEBUG="false",
        **settings,
    )
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # whitenoise

    import django

    django.setup()


@contextlib.contextmanager
def throwaway(database, **settings):
    """Run Django on `database` with `settings` (see setup_django); afterwards close its
    connections and drop it, also on errors."""
    step(f"Created a throwaway {database.description}")
    try:
        setup_django(database.url, **settings)
        try:
            yield
        finally:
            from django.db import connections

            connections.close_all()
    finally:
        step(f"Dropping the {database.description}")
        database.drop()


def collect_static():
    """With DEBUG off, as in production, every page names its static files by the hashes that
    `collectstatic` records: collect them (into STATIC_ROOT, as make serve does), so that the
    pages render as they do in production, also in a fresh checkout."""
    from django.core.management import call_command

    step("Collecting the static files")
    call_command("collectstatic", interactive=False, verbosity=0)


# --- The site, served as make serve serves it ----------------------------------------------


def free_port():
    """A loopback port that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command, **options):
    """Run a command to its end; stop the script with its output when it fails."""
    result = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # Ctrl-C reaches this script only; it cleans up
        **options,
    )
    if result.returncode:
        raise SystemExit(
            f"`{' '.join(map(str, command))}` failed ({result.returncode}):\n"
            f"{result.stdout}{result.stderr}"
        )
    return result


def site_environment(database_url, redis_url, **settings):
    """The environment of the site as production runs it, for gunicorn and manage.py: DEBUG
    off, a random SECRET_KEY, 127.0.0.1 the only host, no access log, the given database and
    Redis, then `settings`. Whatever else of SITE_SETTINGS a developer's shell may set for a
    server of their own (CACHE_PAGES, HTTPS, a replica, the pool, the number of processes) is
    left out, so production's defaults apply unless `settings` say otherwise."""
    environment = {name: value for name, value in os.environ.items() if name not in SITE_SETTINGS}
    environment.update(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        ACCESS_LOG="",
        **settings,
    )
    return environment


def prepare_site(environment):
    """What make serve does before it starts gunicorn, by manage.py with the servers'
    `environment`: migrate, SITE_DATA, collectstatic."""
    # Whitenoise warns that the static files' folder is missing until collectstatic makes it.
    environment = {**environment, "PYTHONWARNINGS": "ignore::UserWarning"}
    for command in (
        ["migrate", "--no-input", "--verbosity", "0"],
        *SITE_DATA,
        ["collectstatic", "--no-input", "--verbosity", "0"],
    ):
        step(f"manage.py {command[0]}")
        run([sys.executable, "manage.py", *command], cwd=ROOT, env=environment)


def process_stats():
    """(pid, the fields of /proc/<pid>/stat after the command's name) of every process now:
    fields[0] is its state, [1] its parent; [11] to [14] its own user and system time and its
    reaped children's, in clock ticks."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        yield int(entry.name), fields


class Gunicorn:
    """`.venv/bin/gunicorn --config careerguide/gunicorn.py careerguide.wsgi`, as make serve
    starts it, with `environment` and a free loopback port of its own; its output goes to
    `log_path`, so that a failure can show it and a report can read it. `label` names it in
    progress lines and errors ("gunicorn", "the cached server")."""

    def __init__(self, environment, log_path, label="gunicorn"):
        self.label = label
        self.port = free_port()
        self.log_path = Path(log_path)
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [str(GUNICORN), "--config", "careerguide/gunicorn.py", "careerguide.wsgi"],
            cwd=ROOT,
            env={**environment, "PORT": str(self.port)},
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches this script only; it stops the server
        )
        step(f"Started {label} (pid {self.process.pid}) on port {self.port}")

    def wait_until_ready(self, get, path, seconds=60):
        """Wait until `get(port, path)` answers 200; stop the script, with the end of the log,
        if gunicorn exits or does not answer so in `seconds`."""
        import httpx  # what serve.get and faults.fetch use; oews.py and search.py never come here

        deadline = time.monotonic() + seconds
        answer = "nothing"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"Could not start {self.label}: it exited with code "
                    f"{self.process.returncode}.\n{self.log_tail()}"
                )
            try:
                answer = get(self.port, path)[0]
            except (OSError, httpx.RequestError) as error:
                answer = error
            if answer == 200:
                return
            time.sleep(0.2)
        raise SystemExit(
            f"Could not start {self.label}: {path} did not answer 200 in {seconds} s (last: "
            f"{answer}).\n{self.log_tail()}"
        )

    def worker_pids(self):
        """The pids of the master's live children."""
        return {pid for pid, fields in process_stats() if int(fields[1]) == self.process.pid}

    def log_text(self):
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def log_tail(self, lines=40):
        return "\n".join(self.log_text().splitlines()[-lines:])

    def stop(self):
        """SIGTERM, as a deployment stops it; SIGKILL to its whole process group if it has not
        stopped after its graceful_timeout (20 s) and some."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            step(f"Stopped {self.label}")
        self.log.close()


# --- Timing --------------------------------------------------------------------------------


def top_quantile(samples, n):
    """The highest of the `n`-quantiles: n=10 gives the 90th percentile, n=20 the 95th."""
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=n, method="inclusive")[-1]


# --- Report --------------------------------------------------------------------------------

TIMINGS = ["queries", "n", "p50 ms", "p95 ms", "404 p50 ms", "404 p95 ms", "ratio"]


def timings_table(headings, rows, goal_ms=None, judged_sizes=None):
    """The lines of a Markdown table of timings beside the 404 page's, one for each (cells,
    result) in `rows`: the cells under `headings` (the first, the request, to the left; the
    others numbers), then the result's queries, n, p50 and p95, the 404 page's p50 and p95, and
    the ratio p50 / 404 p50, as search.measure's results hold them. With `goal_ms`, a last
    column says whether p95 is under it, on the rows measured at `judged_sizes` (default: all)."""
    columns = [*headings, *TIMINGS]
    alignments = ["---"] + ["---:"] * (len(columns) - 1)
    if goal_ms is not None:
        columns.append(f"p95 < {goal_ms} ms")
        alignments.append("---")
    lines = [_table_row(columns), _table_row(alignments)]
    for cells, r in rows:
        cells = [
            *cells,
            r["queries"],
            r["n"],
            f"{r['p50']:.1f}",
            f"{r['p95']:.1f}",
            f"{r['baseline_p50']:.1f}",
            f"{r['baseline_p95']:.1f}",
            f"{r['p50'] / r['baseline_p50']:.1f}",
        ]
        if goal_ms is not None:
            judged = judged_sizes is None or r["size"] in judged_sizes
            cells.append(("meets" if r["p95"] < goal_ms else "**misses**") if judged else "")
        lines.append(_table_row(cells))
    return lines


def _table_row(cells):
    return f"| {' | '.join(map(str, cells))} |"


def machine_facts(database):
    import django
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        vendor = f"SQLite {sqlite3.sqlite_version}"
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            vendor = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    else:
        vendor = connection.vendor
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("Python", platform.python_version()),
        ("Django", django.get_version()),
        ("database", f"{vendor} ({database.description})"),
        ("CPUs", str(os.cpu_count())),
    ]


def machine_table(facts):
    """The report's heading and its table of machine facts, as Markdown lines."""
    facts = dict(facts)
    vendor = facts["database"].split(" (")[0]
    lines = [f"### {vendor}, {facts['date']}", "", "| machine | |", "| --- | --- |"]
    return lines + [f"| {name} | {value} |" for name, value in facts.items()]
