"""
RoleTally: the careers list's counts without search words, read from the published roles
grouped by what the list filters by. Each count must be what counting the roles gives, after
any change, including one that no write announces (a guide going public on schedule), and
while another process holds the tally to rebuild it.
"""

from datetime import timedelta
from itertools import product

import psycopg
import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from careers.forms import CareerFilterForm
from guides.models import Role, RoleIndustry, RoleTally, RoleTallyState
from tests.builders import make_catalogue, make_role

pytestmark = pytest.mark.django_db

LIST = reverse("careers:list")

# Filters alone and together, with the industries (the tally's per-industry rows) among them.
FILTERS = [
    {},
    {"industry": "healthcare"},
    {"industry": "financial-services", "education": "high_school"},
    {"group": "43"},
    {"group": "43", "pay_max": "46000"},
    {"pay_min": "40000"},
    {"growth": "declining", "industry": "healthcare"},
    {"openings": "50000-plus", "guide": "yes"},
    {"guide": "yes", "industry": "healthcare"},
]


def counted(params, tally):
    """The total and every choice's count for `params`, from the tally or from the roles."""
    form = CareerFilterForm(params)
    assert form.is_valid(), form.errors
    if not tally:
        form.__dict__["_tally_now"] = None  # as while another process rebuilds the tally
    assert (form._tally is not None) == tally
    return form.counts(form.search(Role.objects.published()))


@pytest.fixture
def roles():
    return make_catalogue()


def test_the_tally_counts_what_counting_the_roles_gives(roles):
    for params in FILTERS:
        assert counted(params, tally=True) == counted(params, tally=False), params


def test_every_choice_is_counted_with_the_other_filters(roles):
    total, counts = counted({"industry": "healthcare"}, tally=True)

    assert total == 2  # the clerk and the nurse
    assert counts["industry"] == {"healthcare": 2, "financial-services": 1}
    assert counts["group"]["29"] == 1 and counts["group"]["43"] == 1
    assert counts["guide"] == {"yes": 2}


def test_the_tally_follows_each_change(roles, committed):
    before = counted({}, tally=True)

    with committed():
        make_role(title="Brand New Role", occupation=roles["nurse"].occupation)
        roles["receptionist"].status = Role.Status.DRAFT
        roles["receptionist"].save()
    assert counted({}, tally=True)[0] == before[0]  # one more, one less
    assert counted({"group": "29"}, tally=True)[0] == 2

    with committed():
        RoleIndustry.objects.filter(role=roles["clerk"]).delete()
    assert counted({}, tally=True)[1]["industry"] == {"healthcare": 1}
    for params in FILTERS:
        if params.get("industry") != "financial-services":  # no longer a choice
            assert counted(params, tally=True) == counted(params, tally=False), params


def test_a_guide_going_public_on_schedule_is_counted_without_any_write(roles, monkeypatch):
    now = timezone.now()
    make_role(title="Scheduled Role", published_at=now + timedelta(minutes=5))
    before = counted({}, tally=True)[0]

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=6))

    assert counted({}, tally=True)[0] == before + 1
    assert RoleTallyState.objects.get().built_at == now + timedelta(minutes=6)


def test_the_tally_is_built_once_until_the_next_change(roles, django_assert_num_queries):
    RoleTally.objects.current()
    built_at = RoleTallyState.objects.get().built_at

    with django_assert_num_queries(1):  # is it current? yes
        RoleTally.objects.current()
    assert RoleTallyState.objects.get().built_at == built_at


def test_a_change_rolled_back_leaves_the_tally_current(roles):
    RoleTally.objects.current()

    with pytest.raises(RuntimeError), transaction.atomic():
        make_role(title="Never Saved")
        assert RoleTallyState.objects.get().stale
        raise RuntimeError

    assert not RoleTallyState.objects.get().stale


def test_a_change_after_a_count_in_the_same_transaction_is_counted(roles):
    counted({}, tally=True)  # the tally is built inside the test's transaction

    make_role(title="One More")

    assert counted({}, tally=True) == counted({}, tally=False)


def test_the_list_and_its_choices_read_the_tally(client, roles):
    response = client.get(LIST, {"industry": "healthcare"})

    assert response.context["page"].paginator.count == 2
    assert RoleTally.objects.filter(industry__slug="healthcare").exists()
    industries = dict(
        (value, count) for value, _, count, _ in response.context["facets"]["industry"] if value
    )
    assert industries == {"financial-services": 1, "healthcare": 2}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_while_another_process_rebuilds_the_list_counts_the_roles_itself(client):
    make_catalogue()
    settings = connection.settings_dict
    other = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=False,
    )
    try:
        # Another process is rebuilding: it holds the state's row.
        other.execute("SELECT * FROM guides_roletallystate WHERE id = 1 FOR UPDATE")
        for params, expected in [({}, 5), ({"industry": "healthcare"}, 2)]:
            response = client.get(LIST, params)
            assert response.status_code == 200
            assert response.context["page"].paginator.count == expected
        assert RoleTallyState.objects.get().stale  # not built by this one
        assert not RoleTally.objects.exists()
    finally:
        other.rollback()
        other.close()
    cache.clear()  # the counts made meanwhile are right, and kept: count anew
    client.get(LIST)
    assert not RoleTallyState.objects.get().stale
    assert sum(RoleTally.objects.filter(industry=None).values_list("roles", flat=True)) == 5


def test_every_combination_of_two_filters_counts_alike(roles):
    """Every pair of the list's filters, with each a value that some role has."""
    values = {
        "industry": "healthcare",
        "group": "43",
        "education": "high_school",
        "growth": "declining",
        "openings": "50000-plus",
        "pay_min": "40000",
        "guide": "yes",
    }
    for (one, first), (two, second) in product(values.items(), repeat=2):
        if one < two:
            params = {one: first, two: second}
            assert counted(params, tally=True) == counted(params, tally=False), params


def assert_each_count_is_what_choosing_it_lists(params, tally):
    """Every choice of every counted filter, counted or not (a choice missing from the counts
    must list nothing): its count is the number of roles its page would list."""
    _, counts = counted(params, tally=tally)
    for facet, counted_choices in counts.items():
        field = CareerFilterForm.base_fields[facet]
        choices = getattr(field, "choices", None) or [("yes", "")]
        if facet in ("group", "cluster", "industry"):
            choices = CareerFilterForm(params).fields[facet].choices
        for value, _ in choices:
            if value == "":
                continue
            chosen = CareerFilterForm({**params, facet: value})
            assert chosen.is_valid(), chosen.errors
            listed = chosen.apply(chosen.search(Role.objects.published())).count()
            assert listed == counted_choices.get(value, 0), (params, facet, value)


PAIRS = {
    "industry": "healthcare",
    "group": "43",
    "education": "high_school",
    "growth": "declining",
    "openings": "50000-plus",
    "guide": "yes",
    "bright": "yes",
}


@pytest.mark.parametrize("tally", [True, False], ids=["tally", "roles"])
def test_with_two_filters_each_count_is_what_choosing_it_lists(roles, tally):
    """A role failing two chosen filters is in no count: choosing another value of one of
    them would still leave it out."""
    for (one, first), (two, second) in product(PAIRS.items(), repeat=2):
        if one < two:
            assert_each_count_is_what_choosing_it_lists({one: first, two: second}, tally)


@pytest.mark.parametrize("words", ["clerk", "nurse", "office -receptionists"])
def test_each_count_of_a_search_is_what_choosing_it_lists(roles, words):
    """With search words the roles themselves are counted, the industries in a query of their
    own: each choice's count is the number of roles its page would list."""
    for params in FILTERS:
        params = {**params, "q": words}
        _, counts = counted(params, tally=False)
        for facet, choices in counts.items():
            for value, count in choices.items():
                chosen = CareerFilterForm({**params, facet: value})
                assert chosen.is_valid(), chosen.errors
                listed = chosen.apply(chosen.search(Role.objects.published())).count()
                assert listed == count, (params, facet, value)
