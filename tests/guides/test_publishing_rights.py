"""Publishing is a right of its own, on every path: restoring an earlier version of a guide or
recovering a deleted one brings back its publication only for an editor who may publish."""

import pytest
import reversion
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from guides.models import Role
from tests.admin_forms import change_form_data
from tests.builders import make_responsibility, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(client, django_user_model):
    """An editor with every right of the Editors group but publishing."""
    user = django_user_model.objects.create_user("writer", is_staff=True)
    rights = Group.objects.get(name="Editors").permissions.exclude(codename="publish_role")
    user.user_permissions.set(rights)
    assert Permission.objects.filter(codename="publish_role").exists()
    client.force_login(user)
    return client


def _saved_version(role):
    with reversion.create_revision():
        role.save()
    return Version.objects.get_for_object(role).first()


def _restore(client, role, version):
    url = reverse("admin:guides_role_revision", args=[role.pk, version.pk])
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, change_form_data(page))


def _is_public(client, role):
    client.logout()
    return client.get(role.get_absolute_url()).status_code == 200


def test_restoring_a_published_version_does_not_publish_a_draft(writer):
    role = make_role(title="Once Public", introduction="A guide.")
    make_responsibility(role)
    published = _saved_version(role)
    Role.objects.filter(pk=role.pk).update(status=Role.Status.DRAFT)

    response = _restore(writer, role, published)

    assert response.status_code == 302
    role.refresh_from_db()
    assert role.status == Role.Status.DRAFT
    assert not _is_public(writer, role)


def test_restoring_a_draft_version_does_not_take_a_live_guide_offline(writer):
    role = make_role(title="Live Guide", introduction="A guide.", status=Role.Status.DRAFT)
    draft = _saved_version(role)
    published_at = timezone.now()
    Role.objects.filter(pk=role.pk).update(status=Role.Status.PUBLISHED, published_at=published_at)

    assert _restore(writer, role, draft).status_code == 302

    role.refresh_from_db()
    assert (role.status, role.published_at) == (Role.Status.PUBLISHED, published_at)
    assert _is_public(writer, role)


def test_the_restore_page_shows_the_publication_as_it_will_be_saved(writer):
    role = make_role(title="Shown As Draft", introduction="A guide.")
    published = _saved_version(role)
    Role.objects.filter(pk=role.pk).update(status=Role.Status.DRAFT)

    url = reverse("admin:guides_role_revision", args=[role.pk, published.pk])
    page = writer.get(url)

    status = page.context["adminform"].form.instance.status
    assert status == Role.Status.DRAFT


def test_recovering_a_deleted_published_guide_brings_it_back_as_a_draft(writer):
    role = make_role(title="Deleted Guide", introduction="A guide.")
    _saved_version(role)
    pk = role.pk
    role.delete()
    deleted = Version.objects.get_deleted(Role).get(object_id=str(pk))

    url = reverse("admin:guides_role_recover", args=[deleted.pk])
    response = writer.post(url, change_form_data(writer.get(url)))

    assert response.status_code == 302
    recovered = Role.objects.get(pk=pk)
    assert recovered.title == "Deleted Guide"
    assert recovered.status == Role.Status.DRAFT
    assert not _is_public(writer, recovered)


def test_an_editor_who_may_publish_restores_the_publication_too(client, django_user_model):
    boss = django_user_model.objects.create_user("boss", is_staff=True)
    boss.groups.add(Group.objects.get(name="Editors"))
    client.force_login(boss)
    role = make_role(title="Publisher's Guide", introduction="A guide.")
    published = _saved_version(role)
    Role.objects.filter(pk=role.pk).update(status=Role.Status.DRAFT)

    assert _restore(client, role, published).status_code == 302

    role.refresh_from_db()
    assert role.status == Role.Status.PUBLISHED
