"""Editors and reviewers signed in to the admin, for the guides' tests."""

import pytest
from django.contrib.auth.models import Group, Permission

PASSWORD = "a-long-test-password-42"


def staff(django_user_model, username, group=None, permissions=()):
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(staff(django_user_model, "editor", "Editors"))
    return client


@pytest.fixture
def reviewer(client, django_user_model):
    client.force_login(staff(django_user_model, "reviewer", "Reviewers"))
    return client
