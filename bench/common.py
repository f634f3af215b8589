"""
What the benchmarks in this folder share: the project's paths, progress lines, the throwaway
databases and running Django on one, the 90th/95th percentile, and the machine facts that head
a report.

The scripts are run as `.venv/bin/python bench/<name>.py`, which puts this folder first on
sys.path, so they import this module as plain `common`.
"""

import contextlib
import os
import platform
import shutil
import statistics
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
PUBLISHED = "2026-05-15"  # as in the Makefile


def step(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def is_postgres_url(url):
    return urlsplit(url).scheme in ("postgres", "postgresql", "pgsql")


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


def setup_django(database_url):
    """Point the project at `database_url`, DEBUG off, and set Django up."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"  # as in production: no query log, no debug pages
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # whitenoise

    import django

    django.setup()


@contextlib.contextmanager
def throwaway(database):
    """Run Django on `database`; afterwards close its connections and drop it, also on errors."""
    step(f"Created a throwaway {database.description}")
    try:
        setup_django(database.url)
        try:
            yield
        finally:
            from django.db import connections

            connections.close_all()
    finally:
        step(f"Dropping the {database.description}")
        database.drop()


# --- Timing --------------------------------------------------------------------------------


def top_quantile(samples, n):
    """The highest of the `n`-quantiles: n=10 gives the 90th percentile, n=20 the 95th."""
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=n, method="inclusive")[-1]


# --- Report --------------------------------------------------------------------------------


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
