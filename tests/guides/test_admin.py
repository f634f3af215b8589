"""Django admin: an editor can open every screen of a guide and fix a typo."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guides.models import RelatedRole, Role
from tests.admin_forms import EVERY_PART, SAVE_AND_PUBLISH, change_form_data
from tests.builders import (
    make_area,
    make_career_level,
    make_draft,
    make_estimate,
    make_occupation,
    make_occupation_role,
    make_role,
    make_section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    make_estimate(make_occupation(), make_area())
    role = make_role(title="Clerk", typical_education="High schol diploma")
    make_section(role)
    make_career_level(role)
    return role


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:guides_role_changelist"),
        reverse("admin:guides_role_add"),
        reverse("admin:guides_careerlevel_changelist"),
        reverse("admin:guides_industry_changelist"),
        reverse("admin:occupations_occupation_changelist"),
        reverse("admin:salaries_area_changelist"),
        reverse("admin:salaries_release_changelist"),
        reverse("admin:salaries_wageestimate_changelist"),
        reverse("admin:autocomplete") + "?app_label=guides&model_name=role&field_name=occupation",
    ],
)
def test_admin_lists_and_forms_open(admin_client, guide, url):
    assert admin_client.get(url).status_code == 200


PREFIXES = ["sections", "responsibilities", "skills", "steps", "career_levels",
            "country_salaries", "pros_cons", "faqs", "related_links"]  # fmt: skip


def test_role_change_page_names_every_part_and_shows_every_part_on_demand(admin_client, guide):
    url = reverse("admin:guides_role_change", args=[guide.pk])
    folded = admin_client.get(url)
    every = admin_client.get(url, EVERY_PART)

    assert folded.status_code == every.status_code == 200
    for prefix in PREFIXES:
        assert f'id="{prefix}-group"' in folded.text
        assert f'name="{prefix}-TOTAL_FORMS"' not in folded.text
        assert f'name="{prefix}-TOTAL_FORMS"' in every.text


def test_editor_fixes_a_typo(admin_client, guide):
    url = reverse("admin:guides_role_change", args=[guide.pk])
    page = admin_client.get(url).context
    form = page["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "typical_education": "High school diploma",
            "published_at_0": guide.published_at.strftime("%Y-%m-%d"),
            "published_at_1": guide.published_at.strftime("%H:%M:%S"),
        }
    )
    # Send every inline back as the browser would, unchanged.
    for formset in page["inline_admin_formsets"]:
        management = formset.formset.management_form
        for field in management:
            data[f"{formset.formset.prefix}-{field.name}"] = field.value()
        for index, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[f"{formset.formset.prefix}-{index}-{name}"] = value

    response = admin_client.post(url, {**data, **SAVE_AND_PUBLISH})

    assert response.status_code == 302, response.context["adminform"].form.errors
    guide.refresh_from_db()
    assert guide.typical_education == "High school diploma"
    assert Role.objects.published().filter(pk=guide.pk).exists()


def set_occupation(admin_client, guide, code):
    """An editor sets the occupation of the guide's related career Administrative Assistant (a
    name) on its own admin screen; returns the response and the related role, reloaded."""
    name = make_draft(title="Administrative Assistant", introduction="")
    RelatedRole.objects.create(role=guide, related=name, order=1)
    url = reverse("admin:guides_role_change", args=[name.pk])
    response = admin_client.post(url, change_form_data(admin_client.get(url), occupation=code))
    name.refresh_from_db()
    return response, name


def test_an_editor_gives_a_related_career_its_occupation_and_the_guide_links_there(
    admin_client, guide
):
    clerks = make_occupation_role("43-6014", "Secretaries and Administrative Assistants", 47460)

    response, name = set_occupation(admin_client, guide, "43-6014")

    assert response.status_code == 302
    assert name.occupation_id == "43-6014"
    guide_screen = admin_client.get(
        reverse("admin:guides_role_change", args=[guide.pk]), {"part": "related_links"}
    ).text
    assert "43-6014 Secretaries and Administrative Assistants" in guide_screen
    page = admin_client.get(guide.get_absolute_url()).text
    assert f'<a href="{clerks.get_absolute_url()}">Administrative Assistant</a>' in page


def test_an_occupation_that_does_not_exist_is_a_form_error(admin_client, guide):
    response, name = set_occupation(admin_client, guide, "99-9999")

    assert response.status_code == 200
    assert "occupation" in response.context["adminform"].form.errors
    assert name.occupation_id is None
    guide_screen = admin_client.get(
        reverse("admin:guides_role_change", args=[guide.pk]), {"part": "related_links"}
    ).text
    assert "none: shown as text" in guide_screen


def test_the_guide_screen_costs_the_same_queries_however_many_career_levels(
    admin_client, guide, django_assert_max_num_queries
):
    """Each career level's salary band comes with the levels, not one query per level."""
    url = reverse("admin:guides_role_change", args=[guide.pk])
    admin_client.get(url)  # the session, permissions and content types, fetched once
    with CaptureQueriesContext(connection) as one_level:
        assert admin_client.get(url, EVERY_PART).status_code == 200
    for _ in range(4):
        make_career_level(guide)
    with django_assert_max_num_queries(len(one_level)):
        assert admin_client.get(url, EVERY_PART).status_code == 200
