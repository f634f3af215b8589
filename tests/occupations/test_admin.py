"""The imported projections, definitions and O*NET ratings in the admin: listed, searched and
opened; the ratings read-only."""

import pytest
from django.urls import reverse

from tests.builders import (
    make_definition,
    make_occupation,
    make_onet,
    make_projection,
    rate_onet,
)

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


@pytest.mark.parametrize(
    ("model", "domain"),
    [("skillrating", "skill"), ("interestscore", "interest"), ("workstylerating", "work_style"),
     ("descriptor", "knowledge")],
)  # fmt: skip
def test_o_net_ratings_are_listed_searched_and_shown_read_only(admin_client, model, domain):
    onet = make_onet(make_occupation(), "43-9061.00", "Office Clerks, General")
    rating = rate_onet(onet, domain, "Administrative", "2.19")
    obj = rating.descriptor if model == "descriptor" else rating

    listing = admin_client.get(reverse(f"admin:occupations_{model}_changelist"), {"q": "Admin"})
    change = admin_client.get(reverse(f"admin:occupations_{model}_change", args=[obj.pk]))
    add = admin_client.get(reverse(f"admin:occupations_{model}_add"))

    assert listing.status_code == change.status_code == 200
    assert "Administrative" in listing.text
    assert 'name="_save"' not in change.text
    assert add.status_code == 403
