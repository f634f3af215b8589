"""
Which careers fit me (/fit/) and a career's readiness check (#readiness): the ranking against
O*NET's and BLS's real rows for five occupations (read from the shipped files in fixtures/, as
the importers store them), what each result says one has and lacks, bad answers, the query
count, and that no cache keeps a visitor's answers.
"""

import csv
import gzip
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest
from django.core.cache import cache

from guides.models import Role
from occupations.models import Descriptor, InterestScore, SkillRating, Technology
from tests.builders import (
    make_occupation,
    make_onet,
    make_onet_profile,
    make_projection,
    make_role,
    make_step,
    onet_release,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
OCCUPATIONS = {
    # SOC code: (O*NET code, title)
    "21-1012": ("21-1012.00", "Educational, Guidance, and Career Counselors and Advisors"),
    "11-2022": ("11-2022.00", "Sales Managers"),
    "41-2031": ("41-2031.00", "Retail Salespersons"),
    "15-1252": ("15-1252.00", "Software Developers"),
    "47-2111": ("47-2111.00", "Electricians"),
}
SOCIAL, ENTERPRISING, REALISTIC = "1.B.1.d", "1.B.1.e", "1.B.1.a"
SPEAKING, PROGRAMMING, TROUBLESHOOTING = "2.A.1.d", "2.B.3.e", "2.B.3.k"
FIT_QUERIES = 14  # with every kind of answer; see test_the_query_count_is_constant
# The catalogue's version (the next scheduled publication), then the choices: interest areas
# and skills, technologies, O*NET releases.
BLANK_QUERIES = 4


def _rows(path, delimiter="\t"):
    with gzip.open(FIXTURES / path, "rt", encoding="utf-8") as file:
        return list(csv.DictReader(file, delimiter=delimiter))


@lru_cache
def real_rows(onet_code, soc_code):
    """The shipped O*NET and BLS rows of one occupation."""
    skills = [r for r in _rows("onet_skills_29/skills.tsv.gz") if r["O*NET-SOC Code"] == onet_code]
    interests = [r for r in _rows("onet/interests.tsv.gz") if r["O*NET-SOC Code"] == onet_code]
    technologies = [
        r for r in _rows("onet/technology_skills.tsv.gz") if r["O*NET-SOC Code"] == onet_code
    ]
    projection = next(
        r
        for r in _rows(
            "projections/ep_2024_34_table_1_2_projections_and_characteristics.csv.gz", ","
        )
        if r["soc_code"] == soc_code
    )
    return skills, interests, technologies, projection


def real_occupation(soc_code, guide=False):
    """One of OCCUPATIONS with its real ratings, technologies and projection, and its career."""
    onet_code, title = OCCUPATIONS[soc_code]
    skills, interests, technologies, projection = real_rows(onet_code, soc_code)
    occupation = make_occupation(soc_code, title)
    onet = make_onet(occupation, onet_code, title)
    levels = {r["Element ID"]: r for r in skills if r["Scale ID"] == "LV"}
    for row in skills:
        if row["Scale ID"] != "IM":
            continue
        SkillRating.objects.create(
            onet_occupation=onet, descriptor=_descriptor(row, "skill"), release=onet_release("29"),
            rated_in="2023-08-01", importance=Decimal(row["Data Value"]),
            importance_suppressed=row["Recommend Suppress"] == "Y",
            level=Decimal(levels[row["Element ID"]]["Data Value"]),
        )  # fmt: skip
    high_points = {
        int(Decimal(r["Data Value"])): place
        for place, r in enumerate((r for r in interests if r["Scale ID"] == "IH"), start=1)
    }
    for number, row in enumerate((r for r in interests if r["Scale ID"] == "OI"), start=1):
        InterestScore.objects.create(
            onet_occupation=onet, descriptor=_descriptor(row, "interest"), release=onet_release(),
            rated_in="2023-11-01", score=Decimal(row["Data Value"]),
            high_point=high_points.get(number),
        )  # fmt: skip
    Technology.objects.bulk_create(
        Technology(onet_occupation=onet, example=r["Example"], commodity=r["Commodity Title"],
                   hot=r["Hot Technology"] == "Y")
        for r in technologies
    )  # fmt: skip
    make_projection(
        occupation,
        openings=Decimal(projection["annual_openings_2024_34_thousands"]),
        change_percent=Decimal(projection["employment_change_pct_2024_34"]),
        entry_education=projection["typical_entry_education"],
        work_experience=projection["work_experience"],
        job_training=projection["typical_ojt"],
    )
    page = make_role(title=title, slug=soc_code, introduction="", occupation=occupation)
    return onet, page


def _descriptor(row, domain):
    return Descriptor.objects.get_or_create(
        element_id=row["Element ID"],
        defaults={"domain": domain, "name": row["Element Name"],
                  "description": f"What {row['Element Name']} means.", "release": onet_release()},
    )[0]  # fmt: skip


@pytest.fixture
def five():
    return {code: real_occupation(code) for code in OCCUPATIONS}


def titles(response):
    return [result["role"].title for result in response.context["results"]]


def fit(client, **answers):
    return client.get("/fit/", answers)


# --- The ranking -----------------------------------------------------------------------------


def test_the_page_without_answers_offers_the_choices(client, five, django_assert_num_queries):
    with django_assert_num_queries(BLANK_QUERIES):
        response = fit(client)

    assert response.status_code == 200
    text = response.text
    assert "<h1>Which careers fit me</h1>" in text
    for name in ("Realistic", "Social", "Speaking", "Programming", "Microsoft Excel"):
        assert f">{name}<" in text or f"<strong>{name}</strong>" in text
    assert "Doctoral or professional degree" in text
    assert response.context["results"] == []
    assert "Used under the CC BY 4.0 license" in text
    assert "O*NET 29 Database" in text and "O*NET 30.1 Database" in text


def test_a_social_and_enterprising_profile_ranks_those_careers_first(client, five):
    response = fit(client, interest=[SOCIAL, ENTERPRISING], education="master")

    assert response.status_code == 200
    # Mean of the two scores (1 to 7): counselors S 7.00 E 4.21, sales managers 3.29 / 7.00,
    # retail 2.98 / 6.08, software developers 1.88 / 1.87, electricians 1.26 / 1.85; a master's
    # degree meets every one's entry education.
    assert titles(response) == [
        "Educational, Guidance, and Career Counselors and Advisors",
        "Sales Managers",
        "Retail Salespersons",
        "Software Developers",
        "Electricians",
    ]
    first = response.context["results"][0]
    # O*NET's high-point code of counselors: Social, Enterprising.
    assert first["interests_have"] == ["Social", "Enterprising"]
    assert first["education"] == {"required": "Master's degree", "met": True, "score": 1.0}


def test_education_short_of_the_entry_education_ranks_a_career_lower(client, five):
    response = fit(client, interest=[SOCIAL, ENTERPRISING], education="bachelor")

    # Counselors typically enter with a master's degree: below those a bachelor's meets.
    assert titles(response) == [
        "Sales Managers",
        "Retail Salespersons",
        "Software Developers",
        "Electricians",
        "Educational, Guidance, and Career Counselors and Advisors",
    ]
    counselors = response.context["results"][4]
    assert counselors["education"]["met"] is False
    assert "Master&#x27;s degree: you would need it" in response.text


def test_skills_had_and_still_needed_are_o_nets_most_important(client, five):
    response = fit(client, skill=[SPEAKING, PROGRAMMING], interest=[SOCIAL])

    counselors = response.context["results"][0]
    assert counselors["role"].title.startswith("Educational, Guidance")
    # Speaking is 4.12 of 5 for counselors; Programming under 3, not among what it needs.
    assert counselors["skills_have"] == ["Speaking"]
    # Its five most important skills (Active Listening 4.38, Speaking and Social
    # Perceptiveness 4.12, Service Orientation 4.00, Reading Comprehension 3.88), but Speaking.
    assert counselors["skills_need"] == [
        "Active Listening",
        "Social Perceptiveness",
        "Service Orientation",
        "Reading Comprehension",
    ]
    by_code = {result["code"]: result for result in response.context["results"]}
    # Speaking is 3.38 for electricians, Programming 1.00.
    assert by_code["47-2111"]["skills_have"] == ["Speaking"]
    # O*NET 29 rates no skills of software developers: nothing had, nothing said to lack.
    assert by_code["15-1252"]["skills_have"] == by_code["15-1252"]["skills_need"] == []


def test_technologies_used_and_hot_ones_not_ticked(client, five):
    response = fit(client, tech=["Microsoft Excel", "Autodesk AutoCAD"])

    by_code = {result["code"]: result for result in response.context["results"]}
    # All five use Excel; of them only electricians and retail salespersons use AutoCAD too.
    assert sorted(by_code["47-2111"]["technologies"]) == ["Autodesk AutoCAD", "Microsoft Excel"]
    assert by_code["21-1012"]["technologies"] == ["Microsoft Excel"]
    assert set(titles(response)[:2]) == {"Electricians", "Retail Salespersons"}
    hot_needed = by_code["21-1012"]["technologies_need"]
    assert hot_needed[:3] == ["Adobe Photoshop", "Facebook", "Google Docs"]
    assert "Microsoft Excel" not in hot_needed


def test_each_result_shows_pay_outlook_and_a_readiness_link(client, five):
    response = fit(client, interest=[REALISTIC], skill=[SPEAKING], tech=["Microsoft Excel"])

    text = response.text
    assert titles(response)[0] == "Electricians"
    assert "81,000 openings a year" in text  # BLS: 81.0 thousand a year
    assert (
        '<a href="/careers/47-2111/?skill=2.A.1.d&amp;tech=Microsoft+Excel#readiness">Check your '
        "readiness" in text
    )
    assert 'value="1.B.1.a" id="fit-interest-1" checked' in text


def test_one_career_per_occupation_its_guide_first(client, five):
    occupation = five["47-2111"][1].occupation
    make_role(title="Electrician", slug="electrician", occupation=occupation)

    found = titles(fit(client, interest=[REALISTIC]))

    assert found[0] == "Electrician" and "Electricians" not in found


def test_a_demo_role_is_never_a_career_here(client, five):
    occupation = five["47-2111"][1].occupation
    # Before "Electricians" by title: without the rule it would stand for the occupation.
    make_role(title="Demo: Electrician", slug="demo-1", occupation=occupation, is_demo=True,
              introduction="")  # fmt: skip

    found = titles(fit(client, interest=[REALISTIC]))

    assert found[0] == "Electricians" and "Demo: Electrician" not in found


def test_drafts_are_not_ranked(client, five):
    Role.objects.filter(slug="47-2111").update(status=Role.Status.DRAFT)

    assert "Electricians" not in titles(fit(client, interest=[REALISTIC]))


def test_the_query_count_is_constant(client, five, django_assert_num_queries):
    answers = {"interest": [SOCIAL], "skill": [SPEAKING], "tech": ["Microsoft Excel"],
               "education": "bachelor"}  # fmt: skip
    # The catalogue's version, the choices (3), the crosswalk, one query per kind of answer
    # (3), every occupation's entry education and openings, the careers, their skills, hot
    # technologies and projections, and the newest wage release. (With one, the hourly medians
    # of those without an annual one are one query more; none is imported here.)
    with django_assert_num_queries(FIT_QUERIES):
        fit(client, **answers)
    for number in range(30):
        make_role(title=f"More {number}", occupation=five["41-2031"][1].occupation)
        make_role(title=f"Demo {number}", is_demo=True, introduction="",
                  occupation=five["21-1012"][1].occupation)  # fmt: skip
    cache.clear()  # the choices and the wage release are kept until the catalogue changes
    with django_assert_num_queries(FIT_QUERIES):
        fit(client, **answers)


# --- Bad answers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, message",
    [
        ("skill=2.Z.9.z", "Skills you have: “2.Z.9.z” is not one of the choices."),
        ("interest=Social", "What interests you: “Social” is not one of the choices."),
        (
            "tech=No+such+software",
            "Technologies you know: “No such software” is not one of the choices.",
        ),
        (
            "education=phd",
            "Your highest education: Select a valid choice. phd is not one of the available "
            "choices.",
        ),
        ("skill=2.A.1.d%00", "Skills you have: “2.A.1.d\\x00” is not one of the choices."),
        ("tech=%1B%5B31m", "Technologies you know: “\\x1b[31m” is not one of the choices."),
        (
            "interest=" + "&interest=".join(["1.B.1.d"] * 3 + ["1.B.1.a", "x" * 5000]),
            "What interests you: That is not one of the choices.",
        ),
    ],
)
def test_an_answer_that_is_not_a_choice_is_said_with_a_400(client, five, query, message):
    response = client.get(f"/fit/?{query}")

    assert response.status_code == 400
    assert message in response.text
    assert response.context["results"] == []
    assert not any(chr(code) in response.text for code in [*range(9), 11, 12, *range(14, 32)])


def test_more_answers_than_there_are_choices_are_refused(client, five):
    values = "&".join(f"tech=Microsoft+Excel{number}" for number in range(60))

    response = client.get(f"/fit/?{values}")

    assert response.status_code == 400
    assert "Technologies you know: Choose at most" in response.text


def test_a_post_is_not_allowed(client, five):
    assert client.post("/fit/", {"interest": SOCIAL}).status_code == 405


# --- Nothing kept of the visitor -------------------------------------------------------------


def test_a_page_with_answers_is_private_and_no_cache_keeps_it(client, five, settings):
    settings.CACHE_PAGES = True

    blank = fit(client)
    social = fit(client, interest=[SOCIAL])
    realistic = fit(client, interest=[REALISTIC])

    assert "public" in blank["Cache-Control"]
    assert "private" in social["Cache-Control"] and "public" not in social["Cache-Control"]
    assert "Set-Cookie" not in social and not social.cookies
    assert titles(social)[0].startswith("Educational") and titles(realistic)[0] == "Electricians"
    # Only the blank page was stored; asked again, the answers are ranked anew.
    assert fit(client, interest=[SOCIAL]).context is not None


# --- The readiness check on a career's page --------------------------------------------------


def readiness(response):
    text = response.text
    start = text.index('<section id="readiness"')
    return text[start : text.index("</section>", start)]


def test_an_occupation_page_checks_readiness_against_its_own_needs(client, five):
    page = five["21-1012"][1]
    onet = five["21-1012"][0]
    make_onet_profile(onet, zone=5)

    blank = readiness(client.get(page.get_absolute_url()))
    assert "Its important skills (O*NET)" in blank and "Your gap" not in blank
    assert ">Active Listening</label>" in blank and ">Programming</label>" not in blank

    response = client.get(
        page.get_absolute_url(),
        {"skill": [SPEAKING, "2.A.1.b"], "tech": ["Microsoft Excel"], "education": "bachelor"},
    )

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    check = response.context["readiness"]
    assert check["skills_have"] == ["Active Listening", "Speaking"]
    assert check["skills_need"][:3] == [
        "Social Perceptiveness", "Service Orientation", "Reading Comprehension",
    ]  # fmt: skip
    assert check["technologies_have"] == ["Microsoft Excel"]
    assert check["education"] == {"required": "Master's degree", "met": False, "score": 0.0}
    section = readiness(response)
    assert "Master&#x27;s degree: you would need it" in section
    assert "Job Zone 5" in section  # O*NET's preparation, to close the gap
    assert "BLS's typical path in: Master&#x27;s degree" in section
    assert "O*NET 29 Database" in section and "CC BY 4.0" in section


def test_a_guide_page_closes_the_gap_with_its_steps(client, five, django_assert_num_queries):
    occupation = five["47-2111"][1].occupation
    guide = make_role(title="Electrician", slug="electrician", occupation=occupation)
    make_step(guide, text="Finish a four-year apprenticeship.")

    response = client.get(
        guide.get_absolute_url(), {"skill": TROUBLESHOOTING, "education": "none"}
    )

    assert response.status_code == 200
    section = readiness(response)
    assert "Finish a four-year apprenticeship." in section
    assert "High school diploma or equivalent: you would need it" in section


def test_a_readiness_answer_that_is_not_a_choice_is_said_with_a_400(client, five):
    page = five["47-2111"][1]

    response = client.get(page.get_absolute_url(), {"skill": PROGRAMMING, "tech": "Bogus"})

    # Programming is not among the skills electricians need (1 of 5).
    assert response.status_code == 400
    section = readiness(response)
    assert "Skills you have: “2.B.3.e” is not one of the choices." in section
    assert "Technologies you know: “Bogus” is not one of the choices." in section


def test_the_page_cache_never_answers_a_readiness_check_with_the_plain_page(
    client, five, settings
):
    settings.CACHE_PAGES = True
    page = five["47-2111"][1]

    plain = client.get(page.get_absolute_url())
    checked = client.get(page.get_absolute_url(), {"education": "none"})

    assert "public" in plain["Cache-Control"]
    assert "private" in checked["Cache-Control"]
    assert "Your gap" in readiness(checked) and "Your gap" not in readiness(plain)


def test_the_home_page_and_the_careers_list_link_to_the_fit_page(client):
    for url in ("/", "/careers/"):
        assert '<a href="/fit/">Which careers fit me?</a>' in client.get(url).text


def test_a_guide_without_an_occupation_names_a_refused_readiness_answer(client):
    guide = make_role(title="Electrician", slug="electrician")

    assert "readiness" not in client.get(guide.get_absolute_url()).text
    response = client.get(guide.get_absolute_url(), {"skill": SPEAKING})

    assert response.status_code == 400
    assert "Skills you have: “2.A.1.d” is not one of the choices." in readiness(response)
