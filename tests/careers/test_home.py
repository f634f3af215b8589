"""
The home page's lists from official data: the fastest growing careers, those with the most
openings, and the best paid that a high school diploma opens. Each is the top of the careers
list filtered and sorted as its link says, so that the two never tell different stories, with
its source; demo roles and careers the public cannot see are on neither.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from guides.models import EducationLevel, Role
from tests.builders import (
    make_area,
    make_draft,
    make_estimate,
    make_occupation,
    make_projection,
    make_release,
    make_role,
)

pytestmark = pytest.mark.django_db

HOME = reverse("careers:home")
HIGH_SCHOOL = EducationLevel.HIGH_SCHOOL


def career(title, growth=None, openings=None, median=None, education=HIGH_SCHOOL, **fields):
    """A published career with its official figures, as sync_careers copies them."""
    role = make_role(title=title, introduction="", **fields)
    Role.objects.filter(pk=role.pk).update(
        official_growth=growth, official_openings=openings, official_median=median,
        official_education=education,
    )  # fmt: skip
    return role


@pytest.fixture
def careers():
    make_release()  # BLS OEWS, May 2025
    make_projection(make_occupation())  # BLS Employment Projections 2024-34
    figures = [  # title, growth %, openings (thousands), median, education
        ("Wind Turbine Technicians", "49.9", "2.1", 62580, "postsecondary"),
        ("Solar Installers", "42.1", "3.2", 51860, HIGH_SCHOOL),
        ("Nurse Practitioners", "40.1", "29.2", 132050, "master"),
        ("Data Scientists", "33.5", "23.4", 112590, "bachelor"),
        ("Fast Food Workers", "4.1", "904.3", 31120, "none"),
        ("Cashiers", "-10.5", "542.6", 31200, "none"),
        ("Power Plant Operators", "-13.3", "2.4", 104230, HIGH_SCHOOL),
        ("Elevator Installers", "5.1", "2.6", 109910, HIGH_SCHOOL),
        ("Postal Clerks", "-2.1", "3.1", 59560, HIGH_SCHOOL),
        ("Crossing Guards", "1.0", "27.3", 38910, HIGH_SCHOOL),
        ("Bus Drivers", "2.4", "47.5", 53100, HIGH_SCHOOL),
        ("Roofers", "3.4", "14.8", 50970, HIGH_SCHOOL),
        ("Unprojected Role", None, None, 150000, HIGH_SCHOOL),
    ]
    for title, growth, openings, median, education in figures:
        career(title, growth and Decimal(growth), openings and Decimal(openings), median,
               education)  # fmt: skip
    # Never listed: a demo role and a draft, each first on every list if it were.
    demo = career("Demo Career", Decimal("99"), Decimal("9999"), 999999)
    Role.objects.filter(pk=demo.pk).update(is_demo=True)
    draft = make_draft(title="Draft Career")
    Role.objects.filter(pk=draft.pk).update(
        official_growth=Decimal("98"), official_openings=Decimal("9998"), official_median=999998,
        official_education=HIGH_SCHOOL,
    )  # fmt: skip


def rankings(text):
    """Each list on the home page: {heading: (titles, figures, source, link)}."""
    found = {}
    for block in re.findall(r'<section class="ranking".*?</section>', text, re.S):
        heading = re.search(r"<h3[^>]*>(.*?)</h3>", block).group(1)
        items = re.findall(
            r'<li><a href="[^"]*">([^<]*)</a> <span class="ranking__figure">([^<]*)</span>', block
        )
        source = re.search(r'<p class="ranking__source">([^<]*)</p>', block).group(1)
        link = re.search(r'<p><a href="([^"]*)">', block).group(1)
        found[heading] = ([t for t, _ in items], [f for _, f in items], source, link)
    return found


def test_three_lists_from_official_data_with_their_figures_and_sources(client, careers):
    found = rankings(client.get(HOME).text)

    assert found["Fastest growing"][:3] == (
        ["Wind Turbine Technicians", "Solar Installers", "Nurse Practitioners",
         "Data Scientists", "Elevator Installers"],
        ["49.9%", "42.1%", "40.1%", "33.5%", "5.1%"],
        "BLS Employment Projections 2024-34: projected change in employment",
    )  # fmt: skip
    assert found["Most openings"][:3] == (
        ["Fast Food Workers", "Cashiers", "Bus Drivers", "Nurse Practitioners", "Crossing Guards"],
        ["904,300 a year", "542,600 a year", "47,500 a year", "29,200 a year", "27,300 a year"],
        "BLS Employment Projections 2024-34: openings a year, on average",
    )
    assert found["Best paid with a high school diploma"][:3] == (
        ["Unprojected Role", "Elevator Installers", "Power Plant Operators", "Postal Clerks",
         "Bus Drivers"],
        ["$150,000 a year", "$109,910 a year", "$104,230 a year", "$59,560 a year",
         "$53,100 a year"],
        "BLS OEWS, May 2025: U.S. national median",
    )  # fmt: skip


def test_each_list_is_the_top_of_the_careers_list_its_link_opens(client, careers):
    found = rankings(client.get(HOME).text)

    assert len(found) == 3
    for heading, (titles, _, _, link) in found.items():
        listed = client.get(link.replace("&amp;", "&"))

        assert listed.status_code == 200, heading
        # Demo roles, made for load tests, are in the list as they are in its benchmarks; a
        # real catalogue has none, and the home page leaves them out.
        shown = [role.title for role in listed.context["page"].object_list if not role.is_demo]
        assert shown[:5] == titles, heading


def test_without_official_data_there_are_no_lists(client):
    career("Some Career", Decimal("5"), Decimal("10"), 50000)

    text = client.get(HOME).text

    assert 'class="ranking"' not in text and "From the official data" not in text


# The featured guides; the newest projections and wage releases; the average growth of all
# occupations (the featured cards' outlook badge; kept until the catalogue changes); the three
# lists; the industries; the major groups; the careers counted by major group; the clusters;
# the careers counted by cluster.
HOME_QUERIES = 12


def test_the_lists_cost_one_query_each_however_many_careers(
    client, careers, django_assert_num_queries
):
    with django_assert_num_queries(HOME_QUERIES):
        client.get(HOME)
    for number in range(20):
        career(f"More {number}", Decimal(number), Decimal(number), 40000 + number)
    with django_assert_num_queries(HOME_QUERIES):
        client.get(HOME)


def test_a_featured_guide_is_shown_as_the_careers_list_shows_it(client):
    """Its card is the list's: the same pay (the newest official figure, with the guide's older
    one noted), outlook and entry education, each with its source."""
    occupation = make_occupation(national_annual_median=45010)
    make_estimate(occupation, make_area())  # BLS OEWS, May 2025
    make_projection(occupation)
    make_role(
        title="Back Office Helper", occupation=occupation, median_pay=42750,
        median_pay_year=2023, median_pay_source="BLS, May 2023",
    )  # fmt: skip
    Role.objects.refresh_official_figures()

    home = client.get(HOME).text
    featured = home[home.index('id="featured-heading"') : home.index('id="rankings-heading"')]
    card = re.search(r'<li class="result">.*?</li>', featured, re.S).group()

    assert card in client.get(reverse("careers:list")).text
    assert 'Back Office Helper</a> <span class="badge">Full guide</span>' in card
    assert "Median pay $45,010 a year" in card and "BLS OEWS May 2025" in card
    assert "the guide&#x27;s older figure: $42,750 from 2023" in card
    assert "Projected change" in card and "BLS Employment Projections 2024-34" in card
