"""
Two editors save the same guide at the same moment, each over the version both opened: one
save wins, the other is refused with the message naming who saved, and nothing is lost or
half-written.

The race is real: two requests on two database connections, in two threads, while a third
connection holds the guide's row locked (SELECT ... FOR UPDATE). The lock is let go only once
both requests wait on it, so both are in flight at once; the admin's check of the version
(`RoleAdminForm.clean`, under `select_for_update`) must then let exactly one through.

PostgreSQL only: SQLite has no row locks (`select_for_update` does nothing there) and one
writer at a time. Run it with

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concurrent_saves \
        .venv/bin/python -m pytest tests/guides/test_concurrent_saves.py

The requests commit for real (transaction=True); serialized_rollback brings the migrations'
rows (the editors' group) back for the tests that follow.
"""

import threading
import time

import pytest
import reversion
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from guides import drafts
from guides.models import GuideDraft, Role
from tests.admin_forms import SAVE_AND_PUBLISH, change_form_data
from tests.builders import make_responsibility, make_role

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: SQLite has no row locks (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-test-password-42"
WAIT_SECONDS = 30  # for both requests to reach the lock; far more than they need


def signed_in_editor(django_user_model, username):
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def waiting_on_a_lock():
    """How many other sessions of this database wait for a lock now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def hold_the_row(role, locked, release):
    """On a connection of its own: lock the guide's row until `release` is set."""
    try:
        with transaction.atomic():
            Role.objects.select_for_update().get(pk=role.pk)
            locked.set()
            release.wait(WAIT_SECONDS * 2)
    finally:
        connection.close()


def save(client, url, data, start, responses, name):
    """POST the change form once every editor is ready, on a connection of its own."""
    try:
        start.wait()
        responses[name] = client.post(url, data)
    finally:
        connection.close()


@pytest.mark.parametrize("publishing", [True, False], ids=["save-and-publish", "draft"])
def test_two_editors_saving_at_once_one_wins_the_other_is_refused(django_user_model, publishing):
    """Saved and published at once, or (the guide being live) kept as its draft."""
    with reversion.create_revision():
        role = make_role(title="Shared Guide")
        duty = make_responsibility(role, text="Keep the records.")
    url = reverse("admin:guides_role_change", args=[role.pk])
    editors = {name: signed_in_editor(django_user_model, name) for name in ("alice", "bob")}
    # Both open the guide before either saves: both forms carry the same version.
    data = {
        name: change_form_data(
            client.get(url, {"part": "responsibilities"}),
            title=f"Title by {name}",
            **{"responsibilities-0-text": f"Records kept by {name}."},
            **(SAVE_AND_PUBLISH if publishing else {}),
        )
        for name, client in editors.items()
    }
    assert data["alice"]["opened_version"] == data["bob"]["opened_version"]
    versions_before = Version.objects.get_for_object(role).count()

    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_the_row, args=(role, locked, release))
    holder.start()
    assert locked.wait(WAIT_SECONDS)
    start = threading.Barrier(len(editors))
    responses = {}
    savers = [
        threading.Thread(target=save, args=(client, url, data[name], start, responses, name))
        for name, client in editors.items()
    ]
    for saver in savers:
        saver.start()
    deadline = time.monotonic() + WAIT_SECONDS
    while waiting_on_a_lock() < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    both_in_flight = waiting_on_a_lock() == 2
    release.set()
    for thread in [holder, *savers]:
        thread.join(WAIT_SECONDS)
    assert both_in_flight, "the two saves did not wait on the locked row together"

    statuses = {name: response.status_code for name, response in responses.items()}
    assert sorted(statuses.values()) == [200, 302], statuses
    [winner] = [name for name, status in statuses.items() if status == 302]
    [loser] = [name for name, status in statuses.items() if status == 200]
    refused = responses[loser].text
    assert f"This guide was saved by {winner} at" in refused
    assert "your changes were not saved and nothing was overwritten" in refused
    assert f'value="Title by {loser}"' in refused  # the form again, with the loser's text

    if not publishing:  # the public guide is as it was; the draft is the winner's
        assert Role.objects.get(pk=role.pk).title == "Shared Guide"
        assert GuideDraft.objects.get(role=role).saved_by.username == winner
        drafts.publish(GuideDraft.objects.get(role=role), None)
        versions_before += 1  # the draft's revision
    role.refresh_from_db()
    duty.refresh_from_db()
    assert role.title == f"Title by {winner}"
    assert duty.text == f"Records kept by {winner}."
    assert role.responsibilities.count() == 1
    versions = Version.objects.get_for_object(role)
    assert versions.count() == versions_before + 1
    if publishing:
        assert versions.first().revision.user.username == winner
