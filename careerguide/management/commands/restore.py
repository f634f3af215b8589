"""
manage.py restore FILE: replace all data with a backup's (from manage.py backup), all or nothing.

PostgreSQL: pg_restore --clean --if-exists --single-transaction, so a restore that fails midway
is rolled back and the database stays as it was. SQLite: SQLite's backup API copies the file
into the database in one write transaction, rolled back likewise on failure. The file is checked
first (the right kind for this database, a readable careerguide backup); nothing is touched
before it passes and the operator has typed "yes" (unless --no-input).
"""

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from careerguide import catalogue
from careerguide.management.commands.backup import (
    KIND_NAMES,
    database_connection,
    describe,
    file_kind,
    postgresql_arguments,
    postgresql_tool,
    run,
    size_in_words,
)

# A table in `pg_restore --list`: "215; 1259 16390 TABLE public guides_role postgres".
LISTED_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", re.MULTILINE)
UNCHANGED = "Nothing was changed."


class Command(BaseCommand):
    help = (
        "Replace ALL data in the database with a backup made by manage.py backup. Asks for "
        "confirmation unless --no-input."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup (.dump or .sqlite3).")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, file, interactive, verbosity, **options):
        connection = database_connection()
        if not file.is_file():
            raise CommandError(f"{file}: no such file. {UNCHANGED}")
        kind = file_kind(file)
        if kind is None:
            raise CommandError(
                f"{file} is not a careerguide backup: it is neither a PostgreSQL dump "
                f"(pg_dump --format=custom) nor a SQLite database. {UNCHANGED}"
            )
        if kind != connection.vendor:
            raise CommandError(
                f"{file} is a backup of a {KIND_NAMES[kind]} database, but this database is "
                f"{KIND_NAMES[connection.vendor]} ({describe(connection)}). Restore it into a "
                f"{KIND_NAMES[kind]} database (set DATABASE_URL). {UNCHANGED}"
            )

        if kind == "postgresql":
            backup_tables = self.check_postgresql(file)
            extra_tables = sorted(set(connection.introspection.table_names()) - backup_tables)
            source = None
        else:
            source = self.open_sqlite(file)
            extra_tables = []
        try:
            if interactive and not self.confirmed(connection, file):
                self.stdout.write(f"Restore cancelled. {UNCHANGED}")
                return
            # Django's own connections would hold locks and stale state across the swap.
            connections.close_all()
            if kind == "postgresql":
                self.restore_postgresql(connection, file)
            else:
                self.restore_sqlite(connection, source)
        finally:
            if source is not None:
                source.close()
        connections.close_all()
        # Cached pages and counts are keyed by the catalogue's version: make them all obsolete.
        catalogue.changed()

        if verbosity > 0:
            self.report(connection, file, extra_tables)

    def check_postgresql(self, file):
        """The tables in the dump; a CommandError unless it is a readable careerguide dump."""
        result = run([postgresql_tool("pg_restore"), "--list", str(file)], None)
        if result.returncode != 0:
            raise CommandError(
                f"{file} is not a readable PostgreSQL backup. {UNCHANGED}\n{result.stderr.strip()}"
            )
        tables = {name for _schema, name in LISTED_TABLE.findall(result.stdout)}
        if "django_migrations" not in tables:
            raise CommandError(
                f"{file} is a PostgreSQL dump but not a careerguide backup (it has no "
                f"django_migrations table). {UNCHANGED}"
            )
        return tables

    def open_sqlite(self, file):
        """A read-only connection to the backup; a CommandError unless it is a sound SQLite
        database with Django's migrations table."""
        source = None
        try:
            source = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
            problems = [row[0] for row in source.execute("PRAGMA quick_check")]
            found = source.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
        except sqlite3.Error as error:
            if source is not None:
                source.close()
            raise CommandError(
                f"{file} is a damaged SQLite database ({error}). {UNCHANGED}"
            ) from error
        if problems != ["ok"]:
            source.close()
            raise CommandError(
                f"{file} is a damaged SQLite database ({'; '.join(problems[:3])}). {UNCHANGED}"
            )
        if found is None:
            source.close()
            raise CommandError(
                f"{file} is a SQLite database but not a careerguide backup (it has no "
                f"django_migrations table). {UNCHANGED}"
            )
        return source

    def confirmed(self, connection, file):
        status = file.stat()
        saved = timezone.localtime(datetime.fromtimestamp(status.st_mtime, tz=UTC))
        self.stdout.write(
            f"This replaces ALL data in the {describe(connection)} with the backup {file} "
            f"({size_in_words(status.st_size)}, saved {saved:%Y-%m-%d %H:%M:%S %Z}).\n"
            "Everything written since that backup will be lost."
        )
        try:
            answer = input("Type 'yes' to continue, or anything else to cancel: ")
        except EOFError:
            self.stdout.write("")
            return False
        return answer.strip() == "yes"

    def restore_postgresql(self, connection, file):
        pg_restore = postgresql_tool("pg_restore")
        arguments, environment = postgresql_arguments(connection.settings_dict)
        command = [
            pg_restore,
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            *arguments,
            str(file),
        ]
        result = run(command, environment)
        if result.returncode != 0:
            raise CommandError(
                f"pg_restore failed (exit status {result.returncode}); it ran in a single "
                f"transaction, so the database was left as it was.\n{result.stderr.strip()}"
            )

    def restore_sqlite(self, connection, source):
        # Into Django's own connection, so an in-memory database (as in tests) is restored too.
        # The backup API writes in one transaction, rolled back if it fails.
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        except sqlite3.Error as error:
            raise CommandError(
                f"The SQLite restore failed; the database was left as it was: {error}"
            ) from error

    def report(self, connection, file, extra_tables):
        self.stdout.write(self.style.SUCCESS(f"Restored the {describe(connection)} from {file}."))
        if isinstance(caches["default"], LocMemCache):
            self.stdout.write(
                "Cached pages and counts are marked out of date in this process's cache only: "
                "restart the site to drop its own cached pages at once (they expire within "
                f"{settings.CATALOGUE_CACHE_SECONDS // 60} minutes otherwise)."
            )
        else:
            self.stdout.write("Cached pages and counts are marked out of date.")
        if extra_tables:
            self.stdout.write(
                self.style.WARNING(
                    "These tables are not in the backup and were left as they were: "
                    + ", ".join(extra_tables)
                )
            )
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {len(pending)} migration(s) of this code: "
                    "run manage.py migrate."
                )
            )
