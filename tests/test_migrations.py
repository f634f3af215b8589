"""Migrations run backward and forward: every one of ours can be undone and redone."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from guides.models import Role

OUR_APPS = ["occupations", "salaries", "guides"]


def leaf_nodes():
    graph = MigrationExecutor(connection).loader.graph
    return [node for node in graph.leaf_nodes() if node[0] in OUR_APPS]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_our_migrations_run_backward_to_zero_and_forward_again():
    latest = leaf_nodes()
    call_command("migrate", "guides", "zero", verbosity=0)
    call_command("migrate", "salaries", "zero", verbosity=0)
    call_command("migrate", "occupations", "zero", verbosity=0)
    tables = connection.introspection.table_names()
    assert not [
        table for table in tables if table.startswith(("guides_", "salaries_", "occupations_"))
    ]

    for app, name in latest:
        call_command("migrate", app, name, verbosity=0)

    executor = MigrationExecutor(connection)
    assert not executor.migration_plan(executor.loader.graph.leaf_nodes())  # all applied
    Role.objects.create(title="After The Round Trip", slug="after")  # the tables work
    assert Role.objects.filter(slug="after").exists()
    # The groups a migration made are made again, with their rights.
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="publish_role").exists()
    assert Group.objects.filter(name="Reviewers").exists()


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
