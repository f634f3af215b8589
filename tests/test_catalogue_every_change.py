"""
Every change to what public pages show makes their cached copies obsolete (careerguide/
catalogue.py): a change in the admin to any model registered there, official data included,
and the commands that write official data or guides in bulk. Each test first caches the page,
then changes what it shows, then reads the page again as an anonymous reader. load_guides,
import_guide and restore are checked in tests/test_catalogue.py and tests/test_backup.py.
"""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from careerguide import catalogue
from guides.models import RetiredAddress
from occupations.models import Occupation, OnetOccupation
from salaries.models import Release
from tests.admin_forms import SAVE_AND_PUBLISH, change_form_data
from tests.builders import (
    make_cluster,
    make_definition,
    make_onet_profile,
    make_projection,
    make_related,
    make_site,
)
from tests.salaries.test_import_oews import US_ALL, US_CLERKS, edit, write_csv

pytestmark = pytest.mark.django_db

# Apps whose rows public pages show; every other model registered in the admin is named here as
# not shown, so that a new model cannot be forgotten.
PUBLIC_APPS = {"guides", "occupations", "salaries"}
NOT_SHOWN = {
    "auth.Group", "auth.User", "axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog",
}  # fmt: skip
REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
SHOWN = [model for model in REGISTERED if model._meta.app_label in PUBLIC_APPS]
OCCUPATION_PAGE = reverse("careers:detail", args=["office-clerks-general"])
SALARY_PAGE = reverse("careers:salaries", args=["office-clerks-general"])


@pytest.fixture(autouse=True)
def _cached_pages(settings):
    settings.CACHE_PAGES = True  # as in production: readers get the cached page


@pytest.fixture
def site():
    """The shipped guide, an occupation page with official figures, projections, a
    definition and O*NET content and ratings: a row of every model the admin shows."""
    guide = make_site()
    occupation = Occupation.objects.get(code="43-9061")
    make_projection(occupation)
    make_definition(occupation)
    onet = OnetOccupation.objects.get(code="43-9061.00")  # make_site's, with its ratings
    onet.tasks.create(task_id=1, text="Answer telephones.", kind="core", position=0)
    onet.titles.create(title="Office Assistant", position=0)
    onet.technologies.create(example="Microsoft Excel", commodity="Spreadsheet software", hot=True)
    make_onet_profile(onet, emerging=["Scan records."], tools=["Scanners"], zone=2,
                      education=[("High school", "60")], bright="Rapid Growth")  # fmt: skip
    make_related(onet, "43-4071.00", "File Clerks")
    make_cluster("Business Management and Administration", 4, "43-9061")
    RetiredAddress.objects.create(
        slug="office-and-administrative-support", occupation_code="43-0000"
    )
    return guide


def label(model):
    return model._meta.label


def admin_url(obj, action):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{action}", args=[obj.pk])


def test_every_model_in_the_admin_is_public_data_or_named_as_not_shown():
    others = {label(model) for model in REGISTERED if model not in SHOWN}

    assert others == NOT_SHOWN


@pytest.mark.parametrize("model", SHOWN, ids=label)
def test_a_change_in_the_admin_to_any_model_makes_cached_pages_obsolete(
    admin_client, admin_user, site, committed, model
):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the site fixture has no {label(model)}: add one"
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = admin_user
    before = catalogue.version()

    if model_admin.has_change_permission(request, obj):
        url = admin_url(obj, "change")
        # A role the public sees keeps a save as a draft: this save publishes (other models'
        # screens have no such button, and ignore it).
        data = change_form_data(admin_client.get(url), **SAVE_AND_PUBLISH)
        with committed():
            response = admin_client.post(url, data)
    elif model_admin.has_delete_permission(request, obj):  # official figures: read-only
        with committed():
            response = admin_client.post(admin_url(obj, "delete"), {"post": "yes"})
        assert not model._default_manager.filter(pk=obj.pk).exists()
    else:  # imported data shown read-only (O*NET): the admin refuses, a shell's save counts
        assert admin_client.post(admin_url(obj, "change"), {}).status_code == 403
        assert catalogue.version() == before
        with committed():
            obj.save()
        assert catalogue.version() != before
        return

    assert response.status_code == 302, response.content[:2000]
    assert catalogue.version() != before


def test_a_release_renamed_in_the_admin_is_on_the_cached_salary_page(
    admin_client, client, site, committed
):
    assert "May 2025" in client.get(SALARY_PAGE).text  # cached now
    url = admin_url(Release.objects.get(), "change")
    data = change_form_data(admin_client.get(url), name="May 2025 (revised)")

    with committed():
        assert admin_client.post(url, data).status_code == 302

    assert "May 2025 (revised)" in client.get(SALARY_PAGE).text


def test_an_occupation_retitled_in_the_admin_is_on_its_cached_page(
    admin_client, client, site, committed
):
    assert "Office Clerks, General" in client.get(OCCUPATION_PAGE).text
    url = admin_url(Occupation.objects.get(code="43-9061"), "change")
    data = change_form_data(admin_client.get(url), title="General Office Clerks")

    with committed():
        assert admin_client.post(url, data).status_code == 302

    assert "General Office Clerks (SOC 43-9061)" in client.get(OCCUPATION_PAGE).text


def test_new_wage_figures_imported_are_on_the_cached_page(client, tmp_path, committed):
    first = write_csv(tmp_path, "oews_may2025_national.csv", [US_ALL, US_CLERKS])
    call_command("import_oews", str(first), verbosity=0)
    call_command("sync_careers", verbosity=0)
    assert "$45,010" in client.get(OCCUPATION_PAGE).text  # cached now
    revised = write_csv(
        tmp_path, "oews_may2025_national.csv", [US_ALL, edit(US_CLERKS, A_MEDIAN="46120")]
    )

    with committed():  # the release steps: import, then sync_careers (README.md)
        call_command("import_oews", str(revised), verbosity=0)
        call_command("sync_careers", verbosity=0)

    text = client.get(OCCUPATION_PAGE).text
    assert "$46,120" in text and "$45,010" not in text


def test_demo_roles_generated_are_in_the_cached_list(client, site, committed):
    list_page = reverse("careers:list")
    assert "2 careers" in client.get(list_page).text  # cached now

    with committed():
        call_command("generate_demo_roles", count=3, seed=1, verbosity=0)

    assert "5 careers" in client.get(list_page).text
