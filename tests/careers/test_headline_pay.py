"""One headline pay figure everywhere (careers/headline.py): the guide page shows the guide's
own median with the newer official one flagged beside it; every other surface says which
figure it shows, with its source and year."""

import json
import re
from html import unescape

import pytest
from django.urls import reverse

from careers import link_preview
from tests.builders import make_area, make_estimate, make_occupation, make_release, make_role

pytestmark = pytest.mark.django_db

GUIDE_SOURCE = "U.S. national median for General Office Clerks, BLS, May 2023"
OFFICIAL = "BLS OEWS May 2025, U.S. national median"
NEWER_NOTE = f"newer than the guide's own $42,750 ({GUIDE_SOURCE})"


@pytest.fixture
def occupation():
    occupation = make_occupation(national_annual_median=45010)
    make_estimate(occupation, make_area())
    return occupation


@pytest.fixture
def guide(occupation):
    """The shipped guide's figures: its own median from May 2023, BLS's from May 2025."""
    return make_role(
        title="Back Office Assistant", slug="back-office-assistant", occupation=occupation,
        median_pay=42750, median_pay_year=2023, median_pay_source=GUIDE_SOURCE,
    )  # fmt: skip


def key_facts(text):
    start = text.index('class="facts ')
    return text[start : text.index("</section>", start)]


# --- the guide page: its own figure, and the official one beside it ---------------------------


def test_key_facts_show_the_guides_median_and_the_newer_official_one_flagged(client, guide):
    facts = key_facts(client.get(guide.get_absolute_url()).text)

    assert '<dd class="fact__figure">$42,750</dd>' in facts
    assert GUIDE_SOURCE in facts
    assert f"<strong>Newer</strong> official figure: $45,010 a year, {OFFICIAL}" in facts
    assert facts.index("$42,750") < facts.index("$45,010")  # the guide's own comes first


def test_an_official_median_as_old_as_the_guides_is_not_flagged_newer(client, occupation):
    role = make_role(occupation=occupation, median_pay=45010, median_pay_year=2025,
                     median_pay_source="BLS, May 2025")  # fmt: skip

    facts = key_facts(client.get(role.get_absolute_url()).text)

    assert f"Official figure: $45,010 a year, {OFFICIAL}" in facts
    assert "Newer" not in facts


def test_a_guide_without_its_own_median_shows_the_official_one_in_key_facts(client, occupation):
    role = make_role(occupation=occupation)

    facts = key_facts(client.get(role.get_absolute_url()).text)

    assert "Median salary" in facts
    assert f"Official figure: $45,010 a year, {OFFICIAL}" in facts


# --- the surfaces that lead with the official figure say so, and that the guide's is older ----


def meta(text, attribute, name):
    found = re.search(rf'<meta {attribute}="{name}" content="([^"]*)"', text)
    return unescape(found.group(1))


def json_ld_salary(text):
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return json.loads(block)["@graph"][0].get("estimatedSalary")


def test_the_link_preview_says_the_official_figure_is_newer_than_the_guides(client, guide):
    text = client.get(guide.get_absolute_url()).text

    assert meta(text, "property", "og:description").startswith(
        f"Median pay $45,010 a year (official figure, {OFFICIAL}; "
        "the guide's older figure: $42,750 from 2023)."
    )
    assert meta(text, "property", "og:image:alt") == (
        f"Back Office Assistant: median pay $45,010 a year (official figure, {OFFICIAL}; "
        "the guide's older figure: $42,750 from 2023)"
    )


def test_the_preview_image_says_which_figure_and_that_the_guides_is_older(guide):
    make_release()

    card = link_preview.card(guide)

    assert card.pay_line == "Median pay $45,010 a year"
    assert (
        card.source_line
        == "Official, BLS OEWS May 2025; the guide's older figure: $42,750 from 2023"
    )


def test_the_embed_card_says_which_figure_with_its_source_and_year(client, guide):
    text = client.get(reverse("careers:embed", args=[guide.slug])).text

    assert (
        f"Median pay $45,010 a year (official figure, {OFFICIAL}; "
        "the guide&#x27;s older figure: $42,750 from 2023)."
    ) in text


def test_the_json_ld_names_the_official_figure_and_the_guides_older_one(client, guide):
    [salary] = json_ld_salary(client.get(guide.get_absolute_url()).text)

    assert salary["name"] == f"Annual wage, official figure, {OFFICIAL}"
    assert salary["median"] == 45010 and salary["percentile10"] == 30310
    assert salary["description"] == "The guide's older figure: $42,750 from 2023."


# --- without an official figure, the guide's own, named as the guide's ------------------------


@pytest.fixture
def guide_alone():
    return make_role(title="Shop Assistant", slug="shop-assistant", median_pay=38000,
                     median_pay_source="Retail pay survey", median_pay_year=2024)  # fmt: skip


def test_a_guide_without_official_figures_names_its_own_everywhere(client, guide_alone):
    text = client.get(guide_alone.get_absolute_url()).text
    embed = client.get(reverse("careers:embed", args=[guide_alone.slug])).text

    said = "Median pay $38,000 a year (the guide&#x27;s figure, Retail pay survey, 2024)."
    assert meta(text, "property", "og:description").startswith(unescape(said))
    assert said in embed
    [salary] = json_ld_salary(text)
    assert salary == {
        "@type": "MonetaryAmountDistribution",
        "name": "Annual wage, the guide's figure, Retail pay survey, 2024",
        "currency": "USD",
        "duration": "P1Y",
        "median": 38000,
    }
    assert "official figure" not in key_facts(text).lower()


# --- an occupation's page, with no guide: the official figure, named as such ------------------


def test_an_occupation_page_names_the_official_figure_everywhere(client, occupation):
    page = make_role(title="Office Clerks, General", introduction="", occupation=occupation)
    make_release()

    text = client.get(page.get_absolute_url()).text
    embed = client.get(reverse("careers:embed", args=[page.slug])).text

    said = f"Median pay $45,010 a year (official figure, {OFFICIAL})."
    assert meta(text, "property", "og:description").startswith(said)
    assert said in embed
    assert "older" not in said
    [salary] = json_ld_salary(text)
    assert salary["name"] == f"Annual wage, official figure, {OFFICIAL}"
    assert link_preview.card(page).source_line == f"Official figure, {OFFICIAL}"


def test_an_hourly_only_occupation_leads_with_its_official_hourly_median(client):
    occupation = make_occupation("27-2011", "Actors")
    make_estimate(occupation, make_area(), hourly_only=True, annual_median=None,
                  markers={"annual_median": "*"})  # fmt: skip
    page = make_role(title="Actors", introduction="", occupation=occupation)

    text = client.get(page.get_absolute_url()).text

    assert meta(text, "property", "og:description").startswith(
        f"Median pay $21.64 an hour (official figure, {OFFICIAL})."
    )
    [salary] = json_ld_salary(text)
    assert salary["duration"] == "PT1H" and salary["median"] == 21.64
    assert salary["name"] == f"Hourly wage, official figure, {OFFICIAL}"
    card = link_preview.card(page)
    assert (card.pay_line, card.source_line) == (
        "Median pay $21.64 an hour",
        f"Official figure, {OFFICIAL}",
    )


# --- the careers list --------------------------------------------------------------------------


def result(text, title):
    return text[text.index(f">{title}</a>") :].split("</li>", 1)[0]


def test_list_results_say_which_figure_with_its_source_and_year(client, guide, guide_alone):
    make_release()
    receptionists = make_occupation("43-4171", "Receptionists", national_annual_median=37230)
    page = make_role(title="Receptionists", introduction="", occupation=receptionists)

    text = client.get(reverse("careers:list")).text

    assert (
        f'Median pay $45,010 a year <span class="result__source">(official figure, {OFFICIAL}, '
        "SOC 43-9061; the guide&#x27;s older figure: $42,750 from 2023)</span>"
    ) in result(text, "Back Office Assistant")
    assert (
        f'Median pay $37,230 a year <span class="result__source">(official figure, {OFFICIAL}, '
        "SOC 43-4171)</span>"
    ) in result(text, page.title)
    assert (
        'Median pay $38,000 a year <span class="result__source">(the guide&#x27;s figure, '
        "Retail pay survey, 2024)</span>"
    ) in result(text, "Shop Assistant")


# --- compare -----------------------------------------------------------------------------------


def test_compare_says_which_figure_each_career_shows(client, guide, guide_alone):
    text = client.get(
        reverse("careers:compare"), {"careers": f"{guide.slug},{guide_alone.slug}"}
    ).text

    row = text[text.index('<th scope="row">Median pay</th>') :].split("</tr>", 1)[0]
    assert '$45,010 <span class="compare__qualifier">a year</span>' in row
    assert f"Official figure, {OFFICIAL}" in row
    assert "The guide&#x27;s older figure: $42,750 from 2023" in row
    assert "$38,000" in row and "The guide&#x27;s figure, Retail pay survey, 2024" in row


# --- the API: which figure, its source and year, as the OpenAPI document describes ------------


def test_the_api_says_which_figure_and_the_guides_older_one(client, guide, guide_alone):
    from tests.api.test_api import get  # checks each answer against the OpenAPI document

    detail = get(client, reverse("api:career", args=[guide.slug]))
    listed = {career["slug"]: career for career in get(client, reverse("api:careers"))["results"]}

    assert detail["headline_pay"] == {
        "annual": 45010, "hourly": None, "currency": "USD", "kind": "official",
        "source": OFFICIAL, "year": 2025, "release": "BLS OEWS May 2025",
        "older_guide_figure": {
            "annual": 42750, "hourly": None, "currency": "USD", "kind": "guide",
            "source": GUIDE_SOURCE, "year": 2023, "release": None, "older_guide_figure": None,
        },
    }  # fmt: skip
    assert listed[guide.slug]["headline_pay"] == detail["headline_pay"]
    assert listed[guide_alone.slug]["headline_pay"] == {
        "annual": 38000, "hourly": None, "currency": "USD", "kind": "guide",
        "source": "Retail pay survey, 2024", "year": 2024, "release": None,
        "older_guide_figure": None,
    }  # fmt: skip


def test_the_api_gives_an_hourly_only_occupations_hourly_median(client):
    from tests.api.test_api import get

    occupation = make_occupation("27-2011", "Actors")
    make_estimate(occupation, make_area(), hourly_only=True, annual_median=None,
                  markers={"annual_median": "*"})  # fmt: skip
    page = make_role(title="Actors", slug="actors", introduction="", occupation=occupation)

    detail = get(client, reverse("api:career", args=[page.slug]))
    [listed] = get(client, reverse("api:careers"))["results"]

    assert detail["headline_pay"]["hourly"] == "21.64" and detail["headline_pay"]["annual"] is None
    assert listed["headline_pay"] == detail["headline_pay"]


def test_the_openapi_version_says_what_was_added(client):
    info = client.get(reverse("api:openapi")).json()["info"]

    assert info["version"] == "1.5" and "headline_pay" in info["description"]
