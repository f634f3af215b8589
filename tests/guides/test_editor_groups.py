"""The Editors and Reviewers groups reach every screen of the editor's desk, also those of
models added after the groups were made (the occupations an editor links a guide to, the
retired addresses, the career clusters)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.builders import make_area, make_estimate, make_occupation, make_role

pytestmark = pytest.mark.django_db


def member(client, django_user_model, group):
    user = django_user_model.objects.create_user(f"{group.lower()}-1", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


OCCUPATION_SEARCH = (
    reverse("admin:autocomplete")
    + "?app_label=guides&model_name=role&field_name=occupation&term=clerk"
)
SCREENS = [
    reverse("admin:guides_role_changelist"),
    reverse("admin:guides_role_checks"),
    OCCUPATION_SEARCH,
    reverse("admin:occupations_occupation_changelist"),
    reverse("admin:occupations_careercluster_changelist"),
    reverse("admin:occupations_onetoccupation_changelist"),
    reverse("admin:occupations_jobzone_changelist"),
    reverse("admin:guides_retiredaddress_changelist"),
    reverse("admin:salaries_release_changelist"),
    reverse("admin:occupations_projection_changelist"),
    reverse("admin:occupations_sourcerelease_changelist"),
    reverse("admin:occupations_definition_changelist"),
]


@pytest.mark.parametrize("group", ["Editors", "Reviewers"])
@pytest.mark.parametrize("url", SCREENS)
def test_each_group_opens_every_screen(client, django_user_model, group, url):
    make_estimate(make_occupation(), make_area())
    make_role(title="Clerk")

    response = member(client, django_user_model, group).get(url)

    assert response.status_code == 200, (group, url)


def test_an_editor_finds_an_occupation_to_link_a_guide_to(client, django_user_model):
    make_occupation(code="43-9061", title="Office Clerks, General")

    response = member(client, django_user_model, "Editors").get(OCCUPATION_SEARCH)

    assert [item["text"] for item in response.json()["results"]] == [
        "43-9061 Office Clerks, General"
    ]


def test_a_reviewer_changes_nothing(client, django_user_model):
    occupation = make_occupation()
    url = reverse("admin:occupations_occupation_change", args=[occupation.pk])

    response = member(client, django_user_model, "Reviewers").get(url)

    assert response.status_code == 200
    assert 'name="_save"' not in response.text


def test_staff_in_no_group_sees_no_official_data(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(user)

    for url in SCREENS[3:]:
        assert client.get(url).status_code == 403, url
