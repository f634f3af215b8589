"""
manage.py backup and restore: a real round trip, and bad input that changes nothing.

Restore replaces the database under Django's feet, so these tests run outside a test
transaction. They run on the database the settings point at; on PostgreSQL too:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/backup_tests \
        .venv/bin/python -m pytest -q tests/test_backup.py

On SQLite the test database is in memory, which the commands back up and restore through
Django's own connection; the last tests run the commands as `make backup` does, in a
subprocess against a SQLite file.
"""

import os
import sqlite3
import stat
import subprocess
import sys
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from careerguide import catalogue
from guides.models import FAQ, CareerLevel, LevelSalary, Responsibility, Role, Section
from tests.builders import (
    make_career_level,
    make_faq,
    make_responsibility,
    make_role,
    make_section,
)

# serialized_rollback: the flush after each test leaves the tables empty, and the next test
# that asks for it (tests/test_migrations.py too) gets the migrations' rows back unchanged.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only (set DATABASE_URL)"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
SUFFIX = ".dump" if connection.vendor == "postgresql" else ".sqlite3"
COMPARED = [Role, Section, Responsibility, CareerLevel, LevelSalary, FAQ]


def command(name, *args, **options):
    stdout = StringIO()
    call_command(name, *args, stdout=stdout, **options)
    return stdout.getvalue()


def snapshot():
    """Every row of the guide's models, and how many rows each model of both apps has."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in COMPARED}
    counts = {
        model._meta.label: model.objects.count()
        for name in ("guides", "salaries")
        for model in apps.get_app_config(name).get_models(include_auto_created=True)
    }
    return rows, counts


@pytest.fixture
def data():
    """The shipped guide and three built roles with a few parts each."""
    call_command("load_guides", verbosity=0)
    for _ in range(3):
        role = make_role()
        make_section(role)
        make_responsibility(role)
        make_career_level(role)
        make_faq(role)
    assert Role.objects.count() >= 4


@pytest.fixture
def backup(data, tmp_path):
    path = tmp_path / f"careerguide{SUFFIX}"
    command("backup", output=path, verbosity=0)
    return path


def change_everything():
    """Delete a role (and its parts), edit a title, add a role."""
    Role.objects.exclude(slug="back-office-assistant").order_by("pk").last().delete()
    guide = Role.objects.get(slug="back-office-assistant")
    guide.title = "Edited after the backup"
    guide.save()
    added = make_role(title="Added after the backup")
    make_career_level(added)


def test_restore_brings_back_exactly_what_was_backed_up(backup):
    before = snapshot()
    change_everything()
    assert snapshot() != before
    version = catalogue.version()

    output = command("restore", str(backup), interactive=False)

    assert snapshot() == before
    assert f"from {backup}" in output
    # Cached pages and counts are keyed by the catalogue's version: all of them are obsolete.
    assert catalogue.version() != version
    # The database works as before: new rows get new keys (sequences restored too).
    role = make_role()
    assert role.pk > max(row["id"] for row in before[0]["Role"])


def test_backup_prints_the_path_and_size_and_is_private(data, tmp_path):
    path = tmp_path / f"copy{SUFFIX}"
    output = command("backup", output=path)

    assert str(path) in output and ("KB" in output or "MB" in output)
    assert path.stat().st_size > 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Nothing else is left next to it (the temporary file was renamed).
    assert sorted(tmp_path.iterdir()) == [path]


def test_backup_defaults_to_a_dated_file_in_backups(data, settings, tmp_path):
    settings.BASE_DIR = tmp_path

    output = command("backup")

    (path,) = (tmp_path / "backups").iterdir()
    assert path.name.startswith("careerguide-") and path.suffix == SUFFIX
    stamp = path.name.removeprefix("careerguide-").removesuffix(SUFFIX)
    assert len(stamp) == 15 and stamp[8] == "-" and stamp.replace("-", "").isdigit()
    assert str(path) in output


def test_restore_asks_first_and_no_changes_nothing(backup, monkeypatch):
    change_everything()
    before = snapshot()
    questions = []
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "no")

    output = command("restore", str(backup))

    assert "type 'yes'" in questions[0].lower()
    assert "replaces ALL data" in output and "cancelled" in output
    assert snapshot() == before


def test_restore_after_yes(backup, monkeypatch):
    before = snapshot()
    change_everything()
    monkeypatch.setattr("builtins.input", lambda question: "yes")

    command("restore", str(backup))

    assert snapshot() == before


@on_postgresql
def test_tables_the_backup_does_not_have_are_named(backup):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE made_after_the_backup (id integer)")
    try:
        output = command("restore", str(backup), interactive=False)
        assert "not in the backup and were left as they were: made_after_the_backup" in output
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE made_after_the_backup")


@on_sqlite
def test_a_backup_older_than_the_code_asks_for_migrate(backup):
    with sqlite3.connect(backup) as opened:
        (app, name) = opened.execute(
            "SELECT app, name FROM django_migrations WHERE app = 'guides' ORDER BY id DESC"
        ).fetchone()
        opened.execute("DELETE FROM django_migrations WHERE app = ? AND name = ?", (app, name))
    opened.close()
    try:
        output = command("restore", str(backup), interactive=False)
        assert "predates 1 migration(s) of this code: run manage.py migrate" in output
    finally:
        # Other tests expect every migration recorded (a flush leaves django_migrations be).
        MigrationRecorder(connection).record_applied(app, name)


def refused(path, message):
    """Restoring `path` fails with `message` and changes nothing."""
    before = snapshot()
    with pytest.raises(CommandError, match=message) as error:
        command("restore", str(path), interactive=False)
    assert "Nothing was changed" in str(error.value) or "left as it was" in str(error.value)
    assert snapshot() == before


def test_a_missing_file_is_refused(data, tmp_path):
    refused(tmp_path / "nowhere.dump", "no such file")


def test_random_bytes_are_refused(data, tmp_path):
    path = tmp_path / "random.dump"
    path.write_bytes(os.urandom(4096))
    refused(path, "not a careerguide backup")


def test_a_truncated_backup_is_refused(backup):
    # The file still begins as a backup, but its end is missing. On PostgreSQL pg_restore
    # reads it all (its table of contents comes first) and fails at the last table's data,
    # after dropping every table: its single transaction is rolled back.
    contents = backup.read_bytes()
    end = len(contents) - 100 if connection.vendor == "postgresql" else len(contents) // 2
    backup.write_bytes(contents[:end])
    change_everything()
    refused(backup, "pg_restore failed" if connection.vendor == "postgresql" else "damaged")


@on_sqlite
def test_a_postgresql_dump_is_refused_on_sqlite(data, tmp_path):
    path = tmp_path / "careerguide.dump"
    path.write_bytes(b"PGDMP\x01\x0e\x00\x04\x08\x01\x01" + os.urandom(1024))
    refused(path, "backup of a PostgreSQL database, but this database is SQLite")


@on_sqlite
def test_a_sqlite_database_that_is_not_a_backup_is_refused(data, tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (text TEXT)")
    other.close()
    refused(path, "not a careerguide backup")


@on_postgresql
def test_a_sqlite_backup_is_refused_on_postgresql(data, tmp_path):
    path = tmp_path / "careerguide.sqlite3"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY)")
    other.close()
    refused(path, "backup of a SQLite database, but this database is PostgreSQL")


@on_postgresql
def test_a_dump_of_another_database_is_refused(data, tmp_path):
    path = tmp_path / "other.dump"
    settings_dict = connection.settings_dict
    subprocess.run(
        [
            "pg_dump",
            "--format=custom",
            f"--file={path}",
            f"--host={settings_dict['HOST']}",
            f"--port={settings_dict['PORT']}",
            f"--username={settings_dict['USER']}",
            "--dbname=template1",
        ],
        env={**os.environ, "PGPASSWORD": str(settings_dict["PASSWORD"] or "")},
        check=True,
    )
    refused(path, "not a careerguide backup")


@pytest.fixture
def fake_pg_dump(tmp_path, monkeypatch):
    """A pg_dump that records how it was called, writes half a file and fails."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "pg_dump"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$@" > {tmp_path}/arguments\n'
        f'echo "$PGPASSWORD" > {tmp_path}/password\n'
        'for argument in "$@"; do\n'
        '  case "$argument" in --file=*) echo partial > "${argument#--file=}";; esac\n'
        "done\n"
        'echo "pg_dump: error: connection to server failed: FATAL: no such database" >&2\n'
        "exit 1\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    return tmp_path


@on_postgresql
def test_a_failing_pg_dump_leaves_no_file(fake_pg_dump, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "s3cret")
    output = fake_pg_dump / "out" / "careerguide.dump"
    output.parent.mkdir()

    with pytest.raises(CommandError, match="pg_dump failed.*\n.*no such database"):
        command("backup", output=output)

    assert list(output.parent.iterdir()) == []
    arguments = (fake_pg_dump / "arguments").read_text().split()
    assert "--format=custom" in arguments and "--no-owner" in arguments
    assert "--no-privileges" in arguments
    assert f"--dbname={connection.settings_dict['NAME']}" in arguments
    assert f"--host={connection.settings_dict['HOST']}" in arguments
    # The password travels in the environment, never on the command line.
    assert "s3cret" not in " ".join(arguments)
    assert (fake_pg_dump / "password").read_text().strip() == "s3cret"


@on_postgresql
def test_a_missing_pg_dump_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    output = tmp_path / "careerguide.dump"

    with pytest.raises(CommandError, match="pg_dump was not found"):
        command("backup", output=output)

    assert list(tmp_path.iterdir()) == []


# The commands as `make backup` and `make restore` run them: a separate process, on a file.


def manage(database, *args, stdin=None):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    environment.pop("DATABASE_REPLICA_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A SQLite file with every migration applied, made once; tests work on copies."""
    database = tmp_path_factory.mktemp("migrated") / "site.sqlite3"
    done = manage(database, "migrate", "--no-input")
    assert done.returncode == 0, done.stderr
    return database


@pytest.fixture
def site_database(migrated, tmp_path):
    database = tmp_path / "site.sqlite3"
    database.write_bytes(migrated.read_bytes())
    return database


def dump(database):
    with sqlite3.connect(database) as opened:
        text = "\n".join(opened.iterdump())
    opened.close()
    return text


def test_backup_and_restore_of_a_sqlite_file(site_database, tmp_path):
    database = site_database
    assert manage(database, "load_guides").returncode == 0
    backup = tmp_path / "copy.sqlite3"

    done = manage(database, "backup", "--output", str(backup))

    assert done.returncode == 0, done.stderr
    assert str(backup) in done.stdout
    before = dump(database)
    assert dump(backup) == before
    with sqlite3.connect(database) as opened:
        opened.execute("UPDATE guides_role SET title = 'Edited after the backup'")
        opened.execute("DELETE FROM guides_faq")
    opened.close()
    assert dump(database) != before

    done = manage(database, "restore", str(backup), stdin="yes\n")

    assert done.returncode == 0, done.stderr
    assert "Restored the SQLite database" in done.stdout
    assert dump(database) == before


def test_restoring_a_postgresql_dump_into_a_sqlite_file_is_refused(site_database, tmp_path):
    database = site_database
    before = dump(database)
    path = tmp_path / "careerguide.dump"
    path.write_bytes(b"PGDMP" + os.urandom(512))

    done = manage(database, "restore", "--no-input", str(path))

    assert done.returncode == 1
    assert "backup of a PostgreSQL database, but this database is SQLite" in done.stderr
    assert dump(database) == before
