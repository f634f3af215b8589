"""The imported projections and definitions in the admin: listed, searched and opened."""

import pytest
from django.urls import reverse

from tests.builders import make_definition, make_occupation, make_projection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["sourcerelease", "projection", "definition"])
def test_the_official_data_opens_in_the_admin(admin_client, model):
    occupation = make_occupation()
    projection = make_projection(occupation)
    definition = make_definition(occupation)
    obj = {"sourcerelease": projection.release, "projection": projection,
           "definition": definition}[model]  # fmt: skip

    listing = admin_client.get(reverse(f"admin:occupations_{model}_changelist"), {"q": "43-9061"})
    change = admin_client.get(reverse(f"admin:occupations_{model}_change", args=[obj.pk]))

    assert listing.status_code == change.status_code == 200
