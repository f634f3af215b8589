"""
manage.py backup: a complete copy of the database, restorable with manage.py restore.

PostgreSQL is dumped with pg_dump in its custom format (everything: schema, data, sequences);
SQLite is copied with SQLite's online backup API, which gives a consistent copy even while the
site reads and writes. Either is written under a temporary name and renamed when complete, so
a failed backup leaves no file behind, and readable by its owner only (it holds password hashes).
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

# How each kind of backup file begins: pg_dump's custom format, and every SQLite database.
POSTGRESQL_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
SUFFIXES = {"postgresql": ".dump", "sqlite": ".sqlite3"}
KIND_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def database_connection(alias=DEFAULT_DB_ALIAS):
    """The connection to back up or restore; refuses a kind of database the commands don't
    handle."""
    connection = connections[alias]
    if connection.vendor not in SUFFIXES:
        raise CommandError(
            f"Backups handle PostgreSQL and SQLite; this database is {connection.vendor}."
        )
    return connection


def describe(connection):
    """The database in words, for messages: 'PostgreSQL database "x" on host:port'."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite database {settings_dict['NAME']}"
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or 5432
    return f'PostgreSQL database "{settings_dict["NAME"]}" on {host}:{port}'


def file_kind(path):
    """'postgresql' or 'sqlite' by how the file begins, or None for anything else."""
    with open(path, "rb") as file:
        start = file.read(len(SQLITE_MAGIC))
    if start.startswith(POSTGRESQL_MAGIC):
        return "postgresql"
    if start == SQLITE_MAGIC:
        return "sqlite"
    return None


def postgresql_tool(name):
    """The path of pg_dump or pg_restore, or a CommandError saying it is missing."""
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools, the same major "
            "version as the server or newer (Debian and Ubuntu: apt install postgresql-client)."
        )
    return path


def postgresql_arguments(settings_dict):
    """Connection arguments for pg_dump and pg_restore, and their environment: the password
    goes in PGPASSWORD, never on the command line where other users could read it."""
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments.append(f"{option}={settings_dict[key]}")
    arguments.append(f"--dbname={settings_dict['NAME']}")
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS", {})
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
    ):
        if options.get(option):
            environment[variable] = str(options[option])
    return arguments, environment


def run(command, environment):
    """Run a PostgreSQL client tool; a CommandError with its own words when it fails."""
    try:
        return subprocess.run(command, env=environment, capture_output=True, text=True)
    except OSError as error:
        raise CommandError(f"Could not run {command[0]}: {error}") from error


def size_in_words(size):
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024


class Command(BaseCommand):
    help = (
        "Back up the whole database to one file (default: backups/careerguide-<time>.dump on "
        "PostgreSQL, .sqlite3 on SQLite). Restore it with manage.py restore."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the backup (default: backups/careerguide-<YYYYMMDD-HHMMSS>"
            ".dump or .sqlite3 in the project folder). An existing file is replaced.",
        )

    def handle(self, *args, output, verbosity, **options):
        connection = database_connection()
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = (
                Path(settings.BASE_DIR)
                / "backups"
                / f"careerguide-{stamp}{SUFFIXES[connection.vendor]}"
            )
            output.parent.mkdir(parents=True, exist_ok=True)
        elif not output.parent.is_dir():
            raise CommandError(f"{output.parent}: no such folder.")
        if output.is_dir():
            raise CommandError(f"{output} is a folder; give the backup file's name.")

        # A temporary file next to the backup (mode 0600), renamed only once it is complete.
        descriptor, temporary = tempfile.mkstemp(
            dir=output.parent, prefix=f".{output.name}.", suffix=".partial"
        )
        os.close(descriptor)
        temporary = Path(temporary)
        try:
            if connection.vendor == "postgresql":
                self.dump_postgresql(connection, temporary)
            else:
                self.copy_sqlite(connection, temporary)
            with open(temporary, "rb") as file:
                os.fsync(file.fileno())
            os.replace(temporary, output)
        finally:
            temporary.unlink(missing_ok=True)

        if verbosity > 0:
            size = output.stat().st_size
            self.stdout.write(
                self.style.SUCCESS(
                    f"Backed up the {describe(connection)} to {output} ({size_in_words(size)})."
                )
            )

    def dump_postgresql(self, connection, path):
        pg_dump = postgresql_tool("pg_dump")
        arguments, environment = postgresql_arguments(connection.settings_dict)
        command = [
            pg_dump,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={path}",
            *arguments,
        ]
        result = run(command, environment)
        if result.returncode != 0:
            raise CommandError(
                f"pg_dump failed (exit status {result.returncode}); no backup was written.\n"
                f"{result.stderr.strip()}"
            )

    def copy_sqlite(self, connection, path):
        # Django's own connection, so an in-memory database (as in tests) is copied too.
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        except sqlite3.Error as error:
            raise CommandError(
                f"The SQLite backup failed; no backup was written: {error}"
            ) from error
        finally:
            target.close()
