"""
The official profile of an occupation: on the page of an occupation without a guide, its SOC
definition, outlook, entry requirements and Handbook link, each with its source and date and
left out when there is nothing to show; on a guide's page, the newer official growth and
openings beside the guide's own.
"""

from decimal import Decimal

import pytest

from tests.builders import (
    make_area,
    make_definition,
    make_estimate,
    make_occupation,
    make_projection,
    make_role,
)

pytestmark = pytest.mark.django_db

# The role, its wage estimate, the guides sharing its occupation, its projection, its definition.
OCCUPATION_PAGE_QUERIES = 5
PROJECTIONS_SOURCE = (
    "Source: Employment Projections program, U.S. Bureau of Labor Statistics. "
    "Projections 2024-34, published 28 August 2025."
)
SOC_SOURCE = "Source: 2018 Standard Occupational Classification, U.S. Bureau of Labor Statistics."


def occupation_page(code="43-9061", title="Office Clerks, General"):
    occupation = make_occupation(code, title)
    return occupation, make_role(title=title, introduction="", occupation=occupation)


def test_the_profile_shows_each_part_with_its_source(client):
    occupation, page = occupation_page()
    make_projection(occupation)
    make_definition(occupation)

    text = client.get(page.get_absolute_url()).text

    assert "What they do" in text and "Perform duties too varied and diverse." in text
    assert SOC_SOURCE in text
    assert "Outlook, 2024-34" in text
    assert "Employment in 2024</dt><dd>2,646,000" in text
    assert "Projected employment in 2034</dt><dd>2,468,200" in text
    assert (
        "\N{MINUS SIGN}6.7% (\N{MINUS SIGN}177,800 jobs): employment is projected to decline."
    ) in text
    assert "Openings a year</dt><dd>282,400" in text
    assert "Productivity change - share decreases." in text
    assert "Typical education to enter</dt><dd>High school diploma or equivalent" in text
    assert "Work experience in a related occupation</dt><dd>None" in text
    assert "Typical on-the-job training</dt><dd>Short-term on-the-job training" in text
    assert text.count(PROJECTIONS_SOURCE) == 2  # the outlook's, and the requirements'
    assert 'href="https://www.bls.gov/ooh/office-and-administrative-support/' in text


def test_growth_is_said_as_its_direction_only(client):
    occupation, page = occupation_page("29-1141", "Registered Nurses")
    make_projection(occupation, change_percent=Decimal("4.9"), change=Decimal("166.1"))

    text = client.get(page.get_absolute_url()).text

    assert "4.9% (166,100 jobs): employment is projected to grow." in text


def test_empty_parts_are_left_out(client):
    occupation, page = occupation_page("11-9131", "Postmasters and Mail Superintendents")
    make_projection(
        occupation, reason="", handbook_url="", entry_education="", work_experience="",
        job_training="",
    )  # fmt: skip

    text = client.get(page.get_absolute_url()).text

    assert "Outlook, 2024-34" in text
    for absent in ["What they do", "in BLS's words", "Occupational Outlook Handbook",
                   "Education, experience and training", SOC_SOURCE]:  # fmt: skip
        assert absent not in text


def test_without_official_data_the_page_has_none_of_the_parts(client):
    _, page = occupation_page()

    text = client.get(page.get_absolute_url()).text

    absent = ["What they do", "Outlook", "Education, experience and training",
              "Employment Projections", "Standard Occupational Classification, U.S."]  # fmt: skip
    assert not [part for part in absent if part in text]


def test_the_profile_costs_the_same_queries_with_or_without_its_parts(
    client, django_assert_num_queries
):
    occupation, full = occupation_page()
    make_estimate(occupation, make_area())
    make_projection(occupation)
    make_definition(occupation)
    _, bare = occupation_page("29-1141", "Registered Nurses")

    with django_assert_num_queries(OCCUPATION_PAGE_QUERIES):
        assert "Outlook" in client.get(full.get_absolute_url()).text
    with django_assert_num_queries(OCCUPATION_PAGE_QUERIES):
        assert client.get(bare.get_absolute_url()).status_code == 200


def guide(occupation, **overrides):
    fields = {"occupation": occupation, "growth_percent": Decimal("5.0"),
              "growth_label": "as fast as average", "growth_period_start": 2022,
              "growth_period_end": 2032, "growth_source": "BLS, 2022-2032",
              "annual_openings": 300000, "annual_openings_source": "BLS"}  # fmt: skip
    return make_role(title="Back Office Assistant", **{**fields, **overrides})


def test_a_guide_shows_the_newer_official_outlook_beside_its_own(client):
    occupation = make_occupation()
    make_projection(occupation)
    role = guide(occupation)

    text = client.get(role.get_absolute_url()).text

    # The editors' figures stay, and the official ones come beside them, flagged as newer.
    assert '<dd class="fact__figure">5%</dd>' in text and "as fast as average" in text
    assert "300,000" in text
    assert (
        "<strong>Newer</strong> official figure: \N{MINUS SIGN}6.7% for 2024-34 "
        "(BLS Employment Projections, published 28 August 2025)"
    ) in text
    assert "<strong>Newer</strong> official figure: 282,400 a year, 2024-34" in text


def test_an_official_outlook_as_old_as_the_guides_is_not_flagged_newer(client):
    occupation = make_occupation()
    make_projection(occupation)
    role = guide(occupation, growth_period_start=2024, growth_period_end=2034)

    text = client.get(role.get_absolute_url()).text

    assert "Official figure: \N{MINUS SIGN}6.7% for 2024-34" in text
    assert "Newer" not in text


def test_a_guide_without_an_official_projection_shows_only_its_own(client):
    role = guide(make_occupation())

    text = client.get(role.get_absolute_url()).text

    assert '<dd class="fact__figure">5%</dd>' in text
    assert "official figure" not in text.lower()
