"""The salary page /careers/<slug>/salaries/: official pay everywhere, and the guide's own."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.builders import (
    make_area,
    make_career_level,
    make_country_salary,
    make_estimate,
    make_occupation,
    make_role,
    make_state,
)

pytestmark = pytest.mark.django_db

# role, national and state estimates, metro estimates, career levels, country salaries
SALARY_PAGE_QUERIES = 5


@pytest.fixture
def occupation():
    return make_occupation()


@pytest.fixture
def role(occupation):
    role = make_role(title="Back Office Assistant", occupation=occupation)
    make_career_level(role)
    make_country_salary(role, country="Germany", currency="EUR", low=28000, high=40000)
    return role


def url(role, **params):
    from urllib.parse import urlencode

    base = reverse("careers:salaries", kwargs={"slug": role.slug})
    return f"{base}?{urlencode(params)}" if params else base


def add_states(occupation, count, metros_per_state=0):
    for number in range(count):
        state = make_state(number)
        make_estimate(occupation, state, annual_median=40000 + number * 100)
        for metro in range(metros_per_state):
            area = make_area(
                code=f"{number:03d}{metro:02d}", title=f"Metro {metro}, {state.state}", kind="4",
                state=state.state,
            )  # fmt: skip
            make_estimate(occupation, area, annual_median=41000 + metro)


def test_page_shows_national_states_and_the_guides_figures(client, occupation, role):
    make_estimate(occupation, make_area())
    make_estimate(occupation, make_area("6", "California", "2", "CA"), annual_median=52340)
    make_estimate(occupation, make_area("48", "Texas", "2", "TX"), annual_median=None,
                  markers={"annual_median": "*"})  # fmt: skip

    response = client.get(url(role))

    assert response.status_code == 200
    text = response.text
    assert "$45,010" in text and "$21.64" in text and "BLS OEWS, May 2025" in text
    assert "California" in text and "$52,340" in text
    assert "not published" in text  # Texas's median is marked "*"
    assert "€28,000 to €40,000" in text  # the guide's global salaries
    assert "Test source, 2025" in text  # the guide's salary by level, with its source
    assert 'id="state-chart-title"' in text and 'id="level-pay-chart-title"' in text
    assert response["Vary"] and "HX-Target" in response["Vary"]


def test_a_map_colours_each_state_by_its_median_before_the_bars(client, occupation, role):
    make_estimate(occupation, make_area())
    make_estimate(occupation, make_area("6", "California", "2", "CA"), annual_median=52340)
    make_estimate(occupation, make_area("48", "Texas", "2", "TX"), annual_median=None,
                  markers={"annual_median": "*"})  # fmt: skip

    text = client.get(url(role)).text

    states = text[text.index('id="states-heading"') :]
    assert states.index('class="chart chart--map"') < states.index('id="state-chart-title"')
    assert "<title>California: $52,340</title>" in states
    assert '<g class="chart__tile chart__tile--1"><title>California' in states
    assert '<g class="chart__tile chart__tile--none"><title>Texas: not published' in states


def test_top_coded_wages_say_or_more(client, occupation, role):
    make_estimate(occupation, make_area(), annual_p90=None, markers={"annual_p90": "#"})

    assert "$239,200 or more" in client.get(url(role)).text


def test_query_count_does_not_grow_with_states(
    client, occupation, role, django_assert_num_queries
):
    make_estimate(occupation, make_area())
    add_states(occupation, 3, metros_per_state=2)
    with django_assert_num_queries(SALARY_PAGE_QUERIES):
        client.get(url(role, state="AB"))

    add_states(make_occupation("11-1011", "Chief Executives"), 1)  # unrelated data
    other = make_role(occupation=make_occupation("11-2011", "Advertising Managers"))
    add_states(other.occupation, 40, metros_per_state=3)
    with django_assert_num_queries(SALARY_PAGE_QUERIES):
        response = client.get(url(other, state="AB"))
    assert response.text.count('<th scope="row">State ') == 40


def test_state_picker_lists_that_states_metro_areas(client, occupation, role):
    make_estimate(occupation, make_area())
    add_states(occupation, 2, metros_per_state=2)

    text = client.get(url(role, state="AB")).text

    assert "Metro 0, AB" in text and "Metro 1, AB" in text
    assert "Metro 0, AA" not in text


def test_htmx_request_gets_only_the_metro_areas(client, occupation, role):
    make_estimate(occupation, make_area())
    add_states(occupation, 2, metros_per_state=1)

    response = client.get(
        url(role, state="AB"), headers={"HX-Request": "true", "HX-Target": "metros"}
    )

    assert response.status_code == 200
    assert "Metro 0, AB" in response.text
    assert "<html" not in response.text and "By state" not in response.text


def chosen_rows(html):
    return re.findall(
        r'<tr class="figures__chosen" aria-current="true">\s*<th scope="row">([^<]*)', html
    )


def test_the_chosen_states_row_is_marked(client, occupation, role):
    make_estimate(occupation, make_area())
    add_states(occupation, 3, metros_per_state=1)

    assert chosen_rows(client.get(url(role, state="AB")).text) == ["State AB"]
    assert chosen_rows(client.get(url(role)).text) == []


def test_the_state_picker_brings_the_state_table_along_out_of_band(client, occupation, role):
    make_estimate(occupation, make_area())
    add_states(occupation, 2, metros_per_state=1)

    response = client.get(
        url(role, state="AB", sort="-median"),
        headers={"HX-Request": "true", "HX-Target": "metros"},
    )

    table = response.text.split('<div id="states-table"', 1)[1]
    assert table.startswith(' class="table-scroll"') and 'data-hx-swap-oob="true"' in table
    assert 'href="?state=AB&amp;sort=-employment#states"' in table  # the state kept
    assert 'href="?state=AB&amp;sort=median#states"' in table
    assert chosen_rows(table) == ["State AB"]


@pytest.mark.parametrize(
    "params",
    [{"state": "ZZ"}, {"state": "<script>"}, {"state": "a" * 500}, {"sort": "DROP TABLE"},
     {"state": "ca\x00"}],
)  # fmt: skip
def test_bad_choices_are_a_clear_400(client, occupation, role, params):
    make_estimate(occupation, make_area())
    add_states(occupation, 1)

    response = client.get(url(role, **params))

    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert "<script>" not in response.text.split("<main", 1)[1]


def test_states_sort_by_median(client, occupation, role):
    make_estimate(occupation, make_area())
    make_estimate(occupation, make_area("6", "California", "2", "CA"), annual_median=52340)
    make_estimate(occupation, make_area("1", "Alabama", "2", "AL"), annual_median=38000)

    by_name = client.get(url(role)).text
    highest_first = client.get(url(role, sort="-median")).text

    table = lambda text: text[text.index('id="states-caption"') :]  # noqa: E731
    assert table(by_name).index("Alabama") < table(by_name).index("California")
    assert table(highest_first).index("California") < table(highest_first).index("Alabama")


def test_occupation_without_a_guide_has_a_salary_page(client):
    occupation = make_occupation("27-2011", "Actors")
    role = make_role(title="Actors", introduction="", occupation=occupation)
    make_estimate(occupation, make_area(), annual_median=None, markers={"annual_median": "*"})

    response = client.get(url(role))

    assert response.status_code == 200
    assert "From the" not in response.text


def test_role_without_occupation_says_so(client):
    role = make_role(title="Unlinked")

    response = client.get(url(role))

    assert response.status_code == 200
    assert "not linked to an official occupation" in response.text


def test_unknown_and_draft_roles_are_404(client):
    assert client.get("/careers/nobody/salaries/").status_code == 404
    draft = make_role(status="draft", published_at=None)
    assert client.get(url(draft)).status_code == 404


def test_state_without_metro_figures_says_why(client, occupation, role):
    make_estimate(occupation, make_area())
    add_states(occupation, 1)

    assert "have not been loaded on this site" in client.get(url(role, state="AA")).text

    other = make_occupation("11-1011", "Chief Executives")
    make_estimate(other, make_area("12345", "Metro, AA", "4", "AA"))
    assert "publishes no metropolitan-area figures" in client.get(url(role, state="AA")).text


# Actors (27-2011), as BLS publishes them in May 2025: hourly wages only, no annual figures.
ACTORS_HOURLY = dict(
    hourly_only=True, annual_mean=None, annual_p10=None, annual_p25=None, annual_median=None,
    annual_p75=None, annual_p90=None,
    markers={f"annual_{name}": "*" for name in ("mean", "p10", "p25", "median", "p75", "p90")},
)  # fmt: skip


def actors_with_states():
    occupation = make_occupation("27-2011", "Actors")
    role = make_role(title="Actors", introduction="", occupation=occupation)
    make_estimate(occupation, make_area(), **ACTORS_HOURLY, hourly_p10=Decimal("16.50"),
                  hourly_median=Decimal("29.05"), hourly_p90=Decimal("143.68"))  # fmt: skip
    alabama = make_area("1", "Alabama", "2", "AL")
    make_estimate(occupation, alabama, **ACTORS_HOURLY, hourly_p10=Decimal("21.19"),
                  hourly_median=Decimal("24.71"), hourly_p90=Decimal("25.87"))  # fmt: skip
    arizona = make_area("4", "Arizona", "2", "AZ")
    make_estimate(occupation, arizona, **ACTORS_HOURLY, hourly_p10=Decimal("17.46"),
                  hourly_median=Decimal("21.16"), hourly_p90=Decimal("29.13"))  # fmt: skip
    # California: employment only, no wages of either kind (and so not marked hourly-only).
    no_wages = {**ACTORS_HOURLY, "hourly_only": False}
    no_wages.update(
        {f"hourly_{name}": None for name in ("mean", "p10", "p25", "median", "p75", "p90")}
    )
    make_estimate(occupation, make_area("6", "California", "2", "CA"), **no_wages)
    return role


def test_hourly_only_occupation_shows_its_hourly_figures_in_every_state(client):
    text = client.get(url(actors_with_states())).text

    assert "BLS publishes only hourly wages for this occupation, no annual figures" in text
    assert "Median hourly wage by state" in text
    states = text[text.index('id="states-caption"') :]
    assert ">Median hourly</a></th>" in states
    alabama = states[states.index(">Alabama</th>") :].split("</tr>", 1)[0]
    assert "$24.71" in alabama and "$21.19 to $25.87" in alabama
    assert "not published" not in alabama
    national = text[text.index('id="official-figures-heading"') : text.index('id="states"')]
    assert re.search(r"Median hourly wage</dt><dd[^>]*>\$29\.05<", national)
    assert "not published: BLS publishes only hourly wages for this occupation" in national
    assert "$16.50 to $143.68" in national
    assert "Spread of hourly wages" in national


def test_hourly_only_states_sort_by_their_hourly_median(client):
    role = actors_with_states()

    table = lambda text: text[text.index('id="states-caption"') :]  # noqa: E731
    highest_first = table(client.get(url(role, sort="-median")).text)
    lowest_first = table(client.get(url(role, sort="median")).text)

    assert highest_first.index(">Alabama</th>") < highest_first.index(">Arizona</th>")
    assert lowest_first.index(">Arizona</th>") < lowest_first.index(">Alabama</th>")
