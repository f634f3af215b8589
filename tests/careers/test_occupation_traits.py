"""
The occupation page's O*NET ratings: the most important skills and knowledge areas (O*NET 29,
credited as such), the six interest areas by score with O*NET's descriptions and high-point
profile, and the work styles with the most impact (O*NET 30.1); each with its source and the
month it was rated, each figure as a bar and as text, empty parts left out, a combined
occupation's parts shown apart; and the credit saying what was shortened.
"""

from datetime import date

import pytest

from tests.builders import make_onet, make_role, rate_onet
from tests.careers.test_occupation_profile import (
    CLERK_TASKS,
    OCCUPATION_PAGE_QUERIES,
    ONET_CREDIT,
    ONET_QUERIES,
    occupation_page,
)

pytestmark = pytest.mark.django_db

SKILLS_SOURCE = (
    "Source: O*NET 29 Database (2024; its newest ratings are of August 2024), U.S. Department "
    "of Labor, Employment and Training Administration."
)
ONET_SOURCE = (
    "Source: O*NET 30.1 Database (December 2025), U.S. Department of Labor, Employment and "
    "Training Administration."
)
SKILLS_CREDIT = (
    "This site incorporates information from the O*NET 29 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. O*NET® is a trademark of USDOL/ETA."
)
NURSE_SKILLS = [("Speaking", "4.00"), ("Social Perceptiveness", "4.12"), ("Writing", "3.50"),
                ("Active Listening", "4.00"), ("Critical Thinking", "4.00"),
                ("Coordination", "3.88"), ("Mathematics", "2.62")]  # fmt: skip
NURSE_INTERESTS = [("Realistic", "3.66", None), ("Investigative", "4.82", 2),
                   ("Artistic", "1.31", None), ("Social", "5.62", 1),
                   ("Enterprising", "2.28", None), ("Conventional", "4.58", 3)]  # fmt: skip
NURSE_STYLES = [("Innovation", "-0.20"), ("Attention to Detail", "3.00"), ("Humility", "1.28"),
                ("Dependability", "2.93"), ("Cooperation", "2.64"), ("Integrity", "2.55"),
                ("Cautiousness", "2.32")]  # fmt: skip


def nurses():
    occupation, page = occupation_page("29-1141", "Registered Nurses")
    onet = make_onet(occupation, "29-1141.00", "Registered Nurses")
    for name, importance in NURSE_SKILLS:
        rate_onet(onet, "skill", name, importance, level="4.25")
    rate_onet(onet, "knowledge", "Psychology", "4.58", level="6.08")
    for name, score, high_point in NURSE_INTERESTS:
        rate_onet(onet, "interest", name, score, high_point=high_point,
                  rated_in=date(2023, 11, 1))  # fmt: skip
    for name, impact in NURSE_STYLES:
        rate_onet(onet, "work_style", name, impact, rated_in=date(2025, 12, 1))
    return onet, page


def section(text, heading_id):
    start = text.index(f'<h2 id="{heading_id}">')
    return text[start : text.index("</section>", start)]


def test_the_most_important_skills_and_knowledge_with_their_figures_and_source(client):
    _, page = nurses()

    text = client.get(page.get_absolute_url()).text

    skills = section(text, "skills-heading")
    assert ">Skills: the 5 most important of the 7 O*NET rates</caption>" in skills
    # Ties in O*NET's order of its elements (here, the order they were made in).
    shown = ["Social Perceptiveness", "Speaking", "Active Listening", "Critical Thinking",
             "Coordination"]  # fmt: skip
    rows = [f'<th scope="row">{name}</th>' for name in shown]
    assert all(row in skills for row in rows)
    assert [skills.index(row) for row in rows] == sorted(skills.index(row) for row in rows)
    assert "Writing" not in skills and "Mathematics" not in skills
    # Each importance as a bar (hidden from screen readers) and as the figure beside it.
    assert (
        '4.12<meter class="ratings__bar" min="1" max="5" value="4.12" aria-hidden="true"></meter>'
        "</td>\n          <td>4.25</td>"
    ) in skills
    assert ">Knowledge areas: the 1 most important of the 1 O*NET rates</caption>" in (skills)
    assert skills.count(f"{SKILLS_SOURCE} Rated August 2021.") == 2
    assert ' style="' not in text and "<script>" not in text


def test_interests_by_score_with_o_net_descriptions_and_high_point_profile(client):
    _, page = nurses()

    text = client.get(page.get_absolute_url()).text

    interests = section(text, "interests-heading")
    order = ["Social", "Investigative", "Conventional", "Realistic", "Enterprising", "Artistic"]
    places = [interests.index(f'<th scope="row">{name}<span') for name in order]
    assert places == sorted(places)
    assert "The most characteristic, in O*NET's high-point profile: Social, Investigative, " in (
        interests
    )
    assert (
        '<span class="ratings__description">What Social means, as O*NET describes it.</span>'
    ) in interests
    assert '5.62<meter class="ratings__bar" min="1" max="7" value="5.62" aria-hidden' in interests
    assert f"{ONET_SOURCE} Rated November 2023." in interests


def test_the_work_styles_with_the_most_impact(client):
    _, page = nurses()

    text = client.get(page.get_absolute_url()).text

    styles = section(text, "work-styles-heading")
    assert "the 5 with the most impact of the 7 O*NET rates" in styles
    assert styles.index("Attention to Detail") < styles.index("Cautiousness")
    assert "Innovation" not in styles and "Humility" not in styles
    assert '3.00<meter class="ratings__bar" min="-3" max="3" value="3.00" aria-hidden' in styles
    assert f"{ONET_SOURCE} Rated December 2025." in styles


def test_a_negative_impact_has_a_true_minus_sign(client):
    occupation, page = occupation_page()
    onet = make_onet(occupation, "43-9061.00", "Office Clerks, General")
    rate_onet(onet, "work_style", "Innovation", "-0.20")

    styles = section(client.get(page.get_absolute_url()).text, "work-styles-heading")

    assert '\N{MINUS SIGN}0.20<meter class="ratings__bar" min="-3" max="3" value="-0.20"' in styles


def test_the_credit_covers_the_older_release_and_says_what_was_shortened(client):
    onet, page = nurses()
    onet.tasks.create(task_id=1, text="Monitor patients.", kind="core", position=0)

    text = client.get(page.get_absolute_url()).text

    assert text.count(SKILLS_CREDIT) == 1
    assert text.count(ONET_CREDIT) == 1  # the tasks' credit covers the interests and styles
    assert "The skills and knowledge are O*NET 29's, one release older than the rest." in text
    assert (
        "Shortened here: only the top 5 of 7 skills and 5 of 7 work styles are shown (skills "
        "and knowledge by importance, work styles by impact)."
    ) in text


def test_an_importance_o_net_suppresses_is_not_ranked_and_levels_are_shown_honestly(client):
    occupation, page = occupation_page()
    onet = make_onet(occupation, "43-9061.00", "Office Clerks, General")
    rate_onet(onet, "knowledge", "Food Production", "4.90", importance_suppressed=True)
    rate_onet(onet, "knowledge", "Administrative", "4.19", level="4.55")
    rate_onet(onet, "knowledge", "Mechanical", "2.10", level_suppressed=True)
    rate_onet(onet, "knowledge", "Physics", "1.20", level_not_relevant=True)

    skills = section(client.get(page.get_absolute_url()).text, "skills-heading")

    assert "Food Production" not in skills
    assert (
        "Knowledge areas: the 3 most important of the 4 O*NET rates (1 left out: O*NET "
        "recommends suppressing its importance, too imprecise)"
    ) in skills
    assert 'value="4.19" aria-hidden="true"></meter></td>\n          <td>4.55</td>' in skills
    assert (
        'value="2.10" aria-hidden="true"></meter></td>\n          <td>too imprecise</td>' in skills
    )
    assert (
        'value="1.20" aria-hidden="true"></meter></td>\n          <td>not relevant</td>' in skills
    )
    assert "Skills:" not in skills  # no skills rated: their table is left out


def test_empty_parts_are_left_out_and_the_current_release_is_credited_once(client):
    occupation, page = occupation_page()
    onet = make_onet(occupation, "43-9061.00", "Office Clerks, General")
    rate_onet(onet, "interest", "Conventional", "6.83", high_point=1)

    text = client.get(page.get_absolute_url()).text

    assert '<h2 id="interests-heading">Interests</h2>' in text
    assert "skills-heading" not in text and "work-styles-heading" not in text
    assert "O*NET 29" not in text and "Shortened here" not in text
    assert text.count(ONET_CREDIT) == 1  # no tasks, titles or technology: credited here


def test_an_occupation_without_ratings_shows_none_of_the_parts(client):
    occupation, page = occupation_page()
    make_onet(occupation, "43-9061.00", "Office Clerks, General", CLERK_TASKS)

    text = client.get(page.get_absolute_url()).text

    for absent in ["skills-heading", "interests-heading", "work-styles-heading", "O*NET 29",
                   "Shortened here", "ratings__bar"]:  # fmt: skip
        assert absent not in text
    assert text.count(ONET_CREDIT) == 1


def test_a_combined_occupation_shows_each_parts_ratings_apart_and_says_so(client):
    occupation, page = occupation_page("31-1120", "Home Health and Personal Care Aides")
    health = make_onet(occupation, "31-1121.00", "Home Health Aides")
    personal = make_onet(occupation, "31-1122.00", "Personal Care Aides")
    rate_onet(health, "skill", "Service Orientation", "3.62")
    rate_onet(personal, "skill", "Service Orientation", "3.88")
    rate_onet(health, "interest", "Social", "6.33", high_point=1)
    rate_onet(personal, "work_style", "Empathy", "2.90")

    text = client.get(page.get_absolute_url()).text

    skills = section(text, "skills-heading")
    assert skills.index("<h3>Home Health Aides</h3>") < skills.index("3.62")
    assert skills.index("<h3>Personal Care Aides</h3>") < skills.index("3.88")
    assert "3.75" not in skills  # no mean of the two
    interests = section(text, "interests-heading")
    assert "<h3>Home Health Aides</h3>" in interests and "Personal Care Aides" not in interests
    styles = section(text, "work-styles-heading")
    assert "<h3>Personal Care Aides</h3>" in styles and "Home Health Aides" not in styles
    assert (
        "The ratings of each of its 2 O*NET occupations are shown apart, as O*NET gives them, "
        "not averaged."
    ) in text


def test_the_ratings_cost_three_queries_however_many(client, django_assert_num_queries):
    onet, page = nurses()
    url = page.get_absolute_url()
    with django_assert_num_queries(OCCUPATION_PAGE_QUERIES + ONET_QUERIES):
        assert "Attention to Detail" in client.get(url).text

    more = make_onet(onet.occupations.get(), "29-1141.01", "Acute Care Nurses")
    for name, importance in NURSE_SKILLS:
        rate_onet(more, "skill", name, importance)
        rate_onet(more, "knowledge", f"{name} knowledge", importance)
    for name, impact in NURSE_STYLES:
        rate_onet(more, "work_style", name, impact)
    rate_onet(more, "interest", "Social", "6.00")
    with django_assert_num_queries(OCCUPATION_PAGE_QUERIES + ONET_QUERIES):
        assert "Acute Care Nurses" in client.get(url).text


def test_the_guide_of_an_occupation_with_ratings_still_renders(client):
    occupation, page = occupation_page()
    onet = make_onet(occupation, "43-9061.00", "Office Clerks, General")
    rate_onet(onet, "skill", "Active Listening", "3.75")
    guide = make_role(title="Back Office Assistant", occupation=occupation)

    guide_page = client.get(guide.get_absolute_url())
    occupation_text = client.get(page.get_absolute_url()).text

    assert guide_page.status_code == 200
    assert "Active Listening" in occupation_text
    assert f'<a href="{guide.get_absolute_url()}">Back Office Assistant</a>' in occupation_text
