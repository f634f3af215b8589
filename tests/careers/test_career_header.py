"""
The head of a career's page: on an occupation's profile, the title with the names people use
for it and stat tiles (median pay, outlook, openings a year, entry education, Bright Outlook),
each with its source, telling the same figures as the sections below and the careers list; on
a guide, its own other names and its occupation's, and tiles with its own figures beside the
official ones; on every career page, section navigation with a way back to the top; on the
profile, the employment chart of the outlook.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from careers.forms import Growth
from guides.models import Section
from tests.builders import (
    make_area,
    make_career_level,
    make_estimate,
    make_occupation,
    make_onet,
    make_onet_profile,
    make_projection,
    make_role,
    make_section,
)

pytestmark = pytest.mark.django_db


def nurses(**projection):
    """Registered Nurses' profile with BLS's national wage, projection and average, and O*NET's
    titles and Bright Outlook."""
    occupation = make_occupation("29-1141", "Registered Nurses")
    make_estimate(occupation, make_area(), annual_median=97550, hourly_median=Decimal("46.90"))
    make_projection(
        occupation,
        **{"employment_start": Decimal("3391.0"), "employment_end": Decimal("3557.1"),
           "change": Decimal("166.1"), "change_percent": Decimal("4.9"),
           "openings": Decimal("189.1"), "entry_education": "Bachelor's degree", **projection},
    )  # fmt: skip
    total = make_occupation("00-0000", "All Occupations", group="total")
    make_projection(total, change_percent=Decimal("3.1"), change=Decimal("5211.8"))
    onet = make_onet(occupation, "29-1141.00", "Registered Nurses",
                     titles=["Registered Nurse (RN)", "Staff Nurse"])  # fmt: skip
    make_onet_profile(onet, bright="Rapid Growth; Numerous Job Openings")
    return make_role(title="Registered Nurses", introduction="", occupation=occupation)


def tiles(text):
    """The key facts' tiles: {label: [each value's text]}."""
    facts = re.search(r'<section class="facts facts--tiles[^"]*".*?</section>', text, re.S)
    assert facts, "no stat tiles on the page"
    found = {}
    for tile in re.findall(r'<div class="fact">(.*?)</div>', facts.group(), re.S):
        label = re.search(r"<dt>(.*?)</dt>", tile, re.S).group(1)
        found[label] = [re.sub(r"\s+", " ", value).strip()
                        for value in re.findall(r"<dd[^>]*>(.*?)</dd>", tile, re.S)]  # fmt: skip
    return found


def test_the_profile_opens_on_its_figures_each_with_its_source(client):
    text = client.get(nurses().get_absolute_url()).text

    assert tiles(text) == {
        "Median pay": ["$97,550", "a year", "BLS OEWS, May 2025, U.S. national median"],
        "Outlook, 2024-34": [
            "4.9%", "As fast as the average or faster (3.1% or more)",
            "BLS Employment Projections 2024-34",
        ],
        "Openings a year": ["189,100", "on average", "BLS Employment Projections 2024-34"],
        "Typical education to enter": [
            "Bachelor&#x27;s degree", "BLS Employment Projections 2024-34",
        ],
        "Bright Outlook": ["Rapid Growth; Numerous Job Openings", "O*NET 30.1"],
    }  # fmt: skip
    assert text.index('class="facts facts--tiles"') < text.index('class="guide__body"')


def test_the_tiles_tell_the_figures_of_the_sections_below(client):
    text = client.get(nurses().get_absolute_url()).text

    assert '<dt>Median annual wage</dt><dd class="figure-set__figure">$97,550' in text
    assert "4.9% (166,100 jobs): employment is projected to grow." in text
    assert "<dt>Openings a year</dt><dd>189,100, on average" in text
    assert "<dt>Typical education to enter</dt><dd>Bachelor&#x27;s degree" in text


def test_the_outlook_tile_names_the_band_the_careers_list_files_it_under(client):
    role = nurses()
    band = tiles(client.get(role.get_absolute_url()).text)["Outlook, 2024-34"][1]

    listed = client.get(reverse("careers:list"), {"growth": Growth.AVERAGE_OR_FASTER})

    assert band == dict(Growth.choices(Decimal("3.1")))[Growth.AVERAGE_OR_FASTER]
    assert role.title in listed.text


@pytest.mark.parametrize(
    ("change", "average", "band"),
    [
        (Decimal("-0.1"), Decimal("3.1"), Growth.DECLINING),
        (Decimal("-0.1"), None, Growth.DECLINING),
        (Decimal("0"), Decimal("3.1"), Growth.SLOWER),
        (Decimal("3.0"), Decimal("3.1"), Growth.SLOWER),
        (Decimal("3.1"), Decimal("3.1"), Growth.AVERAGE_OR_FASTER),
        (Decimal("12"), Decimal("3.1"), Growth.AVERAGE_OR_FASTER),
    ],
)
def test_a_change_falls_in_the_band_whose_filter_lists_it(change, average, band):
    assert Growth.band(change, average) == dict(Growth.choices(average))[band]


@pytest.mark.parametrize(("change", "average"), [(Decimal("2"), None), (None, Decimal("3.1"))])
def test_without_an_average_or_a_change_no_band_is_said(change, average):
    assert Growth.band(change, average) == ""


def test_the_profile_says_what_else_the_occupation_is_called(client):
    text = client.get(nurses().get_absolute_url()).text

    title = text.index("<h1>Registered Nurses</h1>")
    also = text.index("Also called Registered Nurse (RN), Staff Nurse")
    assert title < also < text.index('class="facts facts--tiles"')


def nurses_guide(**fields):
    """A guide to a role of the nurses' occupation, with its own figures and other names."""
    occupation = nurses().occupation
    return make_role(
        title="Charge Nurse", occupation=occupation, introduction="Leads the *ward* on a shift.",
        alternative_titles="Nurse in Charge\n  \nShift Lead Nurse\n",
        typical_education="A nursing degree and a licence", median_pay=91000,
        median_pay_source="Our survey", **fields,
    )  # fmt: skip


def test_a_guide_says_what_else_it_and_its_occupation_are_called(client):
    text = client.get(nurses_guide().get_absolute_url()).text

    title = text.index("<h1>Charge Nurse career guide</h1>")
    own = text.index('<p class="guide__aka">Also called Nurse in Charge, Shift Lead Nurse</p>')
    occupation = text.index(
        "Its occupation in the official data, Registered Nurses, is also called Registered "
        'Nurse (RN), Staff Nurse <span class="guide__aka-source">(O*NET 30.1)</span>'
    )
    assert title < own < occupation < text.index('class="facts facts--tiles')
    assert (
        "Its occupation's other names and Bright Outlook: this site incorporates "
        "information from the O*NET 30.1 Database"
    ) in text


def test_a_guide_opens_on_tiles_with_the_official_entry_education_and_bright_outlook(client):
    text = client.get(nurses_guide().get_absolute_url()).text

    found = tiles(text)
    assert found["Median salary"][0] == "$91,000"
    assert found["Typical education"] == [
        "A nursing degree and a licence",
        "Official, typical to enter: Bachelor&#x27;s degree, BLS Employment Projections 2024-34",
    ]
    assert found["Bright Outlook"] == ["Rapid Growth; Numerous Job Openings", "O*NET 30.1"]
    # The figures first, then the guide's introduction.
    assert text.index('class="facts facts--tiles') < text.index("<em>ward</em>")


def test_a_guide_without_o_net_content_has_no_other_names_and_no_credit(client):
    occupation = make_occupation("11-9199", "Managers, All Other")
    make_projection(occupation, entry_education="Bachelor's degree")
    role = make_role(title="Harbour Master", occupation=occupation)

    text = client.get(role.get_absolute_url()).text

    assert "also called" not in text.lower() and "O*NET" not in text
    assert tiles(text)["Typical education"] == [
        "Official, typical to enter: Bachelor&#x27;s degree, BLS Employment Projections 2024-34",
    ]


def test_the_employment_chart_draws_both_years_with_its_figures_in_words(client):
    text = client.get(nurses().get_absolute_url()).text

    start = text.index("<svg", text.index('id="outlook-heading"'))
    chart = text[start : text.index("</svg>", start)]
    assert 'role="img"' in chart and 'aria-labelledby="employment-chart-title' in chart
    assert len(re.findall(r'<rect class="chart__bar"', chart)) == 2
    assert ">2024</text>" in chart and ">2034, projected</text>" in chart
    assert "3,391,000" in chart and "3,557,100" in chart
    summary = re.search(r"<desc[^>]*>(.*?)</desc>", chart, re.S).group(1)
    assert "2024: 3,391,000" in summary and "2034, projected: 3,557,100" in summary


def test_without_official_figures_there_are_no_tiles_and_no_chart(client):
    occupation = make_occupation("11-9199", "Managers, All Other")
    role = make_role(title="Managers, All Other", introduction="", occupation=occupation)

    text = client.get(role.get_absolute_url()).text

    assert "facts--tiles" not in text and "employment-chart" not in text


def section_nav(text):
    nav = re.search(r'<nav class="toc".*?</nav>', text, re.S)
    assert nav, "no section navigation on the page"
    return nav.group()


@pytest.mark.parametrize("page", ["profile", "guide"])
def test_the_section_navigation_names_each_section_and_leads_back_to_the_top(client, page):
    if page == "profile":
        role = nurses()
    else:
        role = make_role(title="Harbour Pilot")
        make_section(role, body="Steers ships.")
    text = client.get(role.get_absolute_url()).text

    nav = section_nav(text)
    body = text[text.index('<div class="guide__body">') :]
    anchors = re.findall(r'<a href="#([^"]+)">', nav)
    headings = re.findall(r'<h2 id="([^"]+)"', body)
    assert anchors[-1] == "main" and 'id="main"' in text  # back to the top
    for anchor in anchors:
        assert f'id="{anchor}"' in text, anchor
    if page == "profile":
        assert anchors[:-1] == headings  # every section of the body, in its order
    else:
        assert anchors[:-1]


def test_a_link_to_a_guides_salary_opens_on_the_numbers(client):
    role = make_role(title="Harbour Pilot", median_pay=61000, median_pay_source="Our survey")
    make_section(role, kind=Section.Kind.SALARY, body="Pay depends on the *port*.")
    make_career_level(role)

    text = client.get(role.get_absolute_url()).text

    start = text.index('<section id="salary"')
    following = text.find('<section id="', start + 1)
    section = text[start : following if following != -1 else None]
    assert section.index('class="figure-sets"') < section.index("<em>port</em>")
    assert section.index('id="level-pay-chart') < section.index("<em>port</em>")
