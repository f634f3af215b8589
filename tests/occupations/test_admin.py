"""The imported projections, definitions, O*NET ratings and career clusters in the admin:
listed, searched and opened; the ratings and clusters read-only."""

import pytest
from django.urls import reverse

from occupations.models import CareerCluster
from tests.builders import (
    make_cluster,
    make_definition,
    make_occupation,
    make_onet,
    make_projection,
    rate_onet,
)

pytestmark = pytest.mark.django_db

# The session, the user, the count of the results and of every cluster, and the clusters with
# the count of their occupations.
CLUSTER_LIST_QUERIES = 5


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


def make_clusters():
    """Career clusters: Cluster 01 of three occupations, Cluster 02 of one."""
    occupations = [make_occupation(f"43-90{n}1", f"Clerks {n}") for n in range(3)]
    make_cluster("Cluster 01", 1, *(occupation.code for occupation in occupations))
    make_cluster("Cluster 02", 2, occupations[0].code)


def test_career_clusters_are_listed_with_their_occupations_counted(
    admin_client, django_assert_num_queries
):
    make_clusters()
    url = reverse("admin:occupations_careercluster_changelist")
    with django_assert_num_queries(CLUSTER_LIST_QUERIES):
        listing = admin_client.get(url)
    for number in range(3, 10):
        make_cluster(f"Cluster {number:02d}", number, "43-9001", "43-9011")
    with django_assert_num_queries(CLUSTER_LIST_QUERIES):
        longer = admin_client.get(url)
    found = admin_client.get(url, {"q": "02"})

    assert listing.status_code == longer.status_code == found.status_code == 200
    assert "Cluster 01" in listing.text
    counts = {
        cluster.name: cluster.occupation_count for cluster in longer.context["cl"].result_list
    }
    assert counts == {"Cluster 01": 3, "Cluster 02": 1,
                      **{f"Cluster {n:02d}": 2 for n in range(3, 10)}}  # fmt: skip
    assert '<td class="field-occupation_count">3</td>' in listing.text
    assert [cluster.name for cluster in found.context["cl"].result_list] == ["Cluster 02"]


def test_career_clusters_are_read_only(admin_client):
    make_clusters()
    cluster = CareerCluster.objects.get(name="Cluster 01")
    change_url = reverse("admin:occupations_careercluster_change", args=[cluster.pk])
    delete_url = reverse("admin:occupations_careercluster_delete", args=[cluster.pk])

    change = admin_client.get(change_url)
    posted = admin_client.post(change_url, {"name": "Renamed", "number": 1, "bit": 1})
    add = admin_client.get(reverse("admin:occupations_careercluster_add"))
    delete = admin_client.post(delete_url, {"post": "yes"})

    assert change.status_code == 200 and "Cluster 01" in change.text
    assert 'name="_save"' not in change.text
    assert posted.status_code == add.status_code == delete.status_code == 403
    assert CareerCluster.objects.get(pk=cluster.pk).name == "Cluster 01"
