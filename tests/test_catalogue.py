"""The catalogue's version: one new version per committed change, however many rows it wrote,
and none for a change that is rolled back."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from careerguide import catalogue
from guides.models import Role
from tests.admin_forms import SAVE_AND_PUBLISH, change_form_data
from tests.builders import make_faq, make_responsibility, make_role, make_section

# Committed for real: the new version comes when a change commits.
# serialized_rollback: the migrations' rows (content types, groups) are back for the next test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def new_versions(monkeypatch):
    """Each new catalogue version, as it is made."""
    made = []
    make = catalogue.new_version

    def counted():
        made.append(1)
        make()

    monkeypatch.setattr(catalogue, "new_version", counted)
    return made


def test_loading_the_shipped_guide_makes_one_new_version(new_versions):
    call_command("load_guides", verbosity=0)

    assert Role.objects.get(slug="back-office-assistant").faqs.count() > 5
    assert len(new_versions) == 1


def test_replacing_a_guide_by_import_makes_one_new_version(new_versions, tmp_path):
    call_command("load_guides", verbosity=0)
    exported = tmp_path / "guide.json"
    call_command("export_guide", "back-office-assistant", "--output", str(exported))
    new_versions.clear()

    call_command("import_guide", str(exported), verbosity=0)

    assert len(new_versions) == 1


def test_an_admin_save_of_a_guide_and_its_parts_makes_one_new_version(admin_client, new_versions):
    role = make_role(title="Versioned Clerk", slug="versioned-clerk", introduction="Hello.")
    make_section(role, body="An overview.")
    for number in range(5):
        make_responsibility(role, text=f"Duty {number}.")
        make_faq(role, question=f"Question {number}?")
    url = reverse("admin:guides_role_change", args=[role.pk])
    data = change_form_data(
        admin_client.get(url), title="Versioned Clerk, Renamed", **SAVE_AND_PUBLISH
    )
    new_versions.clear()

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content
    assert Role.objects.get(pk=role.pk).title == "Versioned Clerk, Renamed"
    assert len(new_versions) == 1


def test_a_draft_of_a_live_guide_makes_no_new_version_until_it_is_published(
    admin_client, new_versions
):
    role = make_role(title="Drafted Clerk", slug="drafted-clerk", introduction="Hello.")
    make_faq(role, question="Question?")
    url = reverse("admin:guides_role_change", args=[role.pk])
    data = change_form_data(admin_client.get(url), title="Drafted Clerk, Renamed")
    new_versions.clear()

    assert admin_client.post(url, data).status_code == 302
    assert Role.objects.get(pk=role.pk).title == "Drafted Clerk"
    assert new_versions == []

    admin_client.post(reverse("admin:guides_role_publish_draft", args=[role.pk]))
    assert Role.objects.get(pk=role.pk).title == "Drafted Clerk, Renamed"
    assert len(new_versions) == 1


def test_a_change_outside_a_transaction_makes_its_version_at_once(new_versions):
    before = catalogue.version()

    make_role(title="Autocommitted")

    assert len(new_versions) == 1
    assert catalogue.version() != before


def test_a_change_rolled_back_makes_no_new_version(new_versions):
    before = catalogue.version()

    with pytest.raises(RuntimeError), transaction.atomic():
        make_role(title="Never Committed")
        raise RuntimeError("rolled back")
    make_role(title="Committed Later")  # the rolled-back change left nothing pending

    assert len(new_versions) == 1
    assert catalogue.version() != before


def test_storing_an_answer_asks_the_database_nothing(django_assert_num_queries):
    catalogue.version()
    with django_assert_num_queries(0):
        catalogue.store(catalogue.key("anything"), 42)
    assert catalogue.remember(catalogue.key("anything"), lambda: 0) == 42
