"""
The official profile of an occupation: on the page of an occupation without a guide, its SOC
definition, outlook, entry requirements and Handbook link, and O*NET's titles, tasks and
technologies (with O*NET's credit), each with its source and date and left out when there is
nothing to show; on a guide's page, the newer official growth and
openings beside the guide's own.
"""

from decimal import Decimal

import pytest

from tests.builders import (
    make_area,
    make_definition,
    make_estimate,
    make_occupation,
    make_onet,
    make_projection,
    make_role,
)

pytestmark = pytest.mark.django_db

# The role, its wage estimate, its occupation's groups (the breadcrumb), the guides sharing its
# occupation, its projection, its definition, the O*NET occupations describing it (with their
# release) and, when there are any, their tasks, titles and technologies (one query each,
# however many).
OCCUPATION_PAGE_QUERIES = 7
ONET_QUERIES = 3
PROJECTIONS_SOURCE = (
    "Source: Employment Projections program, U.S. Bureau of Labor Statistics. "
    "Projections 2024-34, published 28 August 2025."
)
SOC_SOURCE = "Source: 2018 Standard Occupational Classification, U.S. Bureau of Labor Statistics."
ONET_SOURCE = (
    "Source: O*NET 30.1 Database (December 2025), U.S. Department of Labor, Employment and "
    "Training Administration."
)
ONET_CREDIT = (
    "This site incorporates information from the O*NET 30.1 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. O*NET® is a trademark of USDOL/ETA."
)
CLERK_TASKS = [
    ("Operate office machines.", "core"),
    ("Answer telephones, direct calls, and take messages.", "core"),
    ("Communicate with customers.", "core"),
    ("Maintain filing systems.", "core"),
    ("Compile records of office activities.", "core"),
    ("Count, weigh, measure, or organize materials.", "supplemental"),
    ("Troubleshoot problems involving office equipment.", "supplemental"),
]
CLERK_TECHNOLOGIES = [
    ("Adobe Acrobat", "Document management software", True),
    ("Records management software", "Document management software", False),
    ("Intuit QuickBooks", "Accounting software", True),
    ("Bookkeeping software", "Accounting software", False),
]


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
                   "Education, experience and training", SOC_SOURCE, "Also called",
                   "Technology", ONET_SOURCE, "O*NET"]:  # fmt: skip
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
    onet = make_onet(occupation, "43-9061.00", "Office Clerks, General", CLERK_TASKS[:1],
                     ["Clerk"], CLERK_TECHNOLOGIES[:1])  # fmt: skip
    _, bare = occupation_page("29-1141", "Registered Nurses")

    with django_assert_num_queries(OCCUPATION_PAGE_QUERIES + ONET_QUERIES):
        assert "Outlook" in client.get(full.get_absolute_url()).text
    with django_assert_num_queries(OCCUPATION_PAGE_QUERIES):
        assert client.get(bare.get_absolute_url()).status_code == 200

    for position, (text, kind) in enumerate(CLERK_TASKS[1:], start=1):
        onet.tasks.create(task_id=position + 1, text=text, kind=kind, position=position)
    onet.titles.create(title="Office Assistant", position=1)
    for example, commodity, hot in CLERK_TECHNOLOGIES[1:]:
        onet.technologies.create(example=example, commodity=commodity, hot=hot)
    make_onet(occupation, "43-9061.01", "Office Clerks, Other", CLERK_TASKS, ["Aide"])
    with django_assert_num_queries(OCCUPATION_PAGE_QUERIES + ONET_QUERIES):
        assert "Troubleshoot problems" in client.get(full.get_absolute_url()).text


def test_onet_titles_tasks_and_technologies_with_their_source_and_credit(client):
    occupation, page = occupation_page()
    make_onet(occupation, "43-9061.00", "Office Clerks, General", CLERK_TASKS,
              ["Clerk", "Office Assistant"], CLERK_TECHNOLOGIES)  # fmt: skip

    text = client.get(page.get_absolute_url()).text

    assert '<h2 id="titles-heading">Also called</h2>' in text
    assert "<p>Clerk, Office Assistant</p>" in text
    assert "What they do" in text and "Their tasks, core tasks first:" in text
    shown, more = text.split("<summary>2 more tasks</summary>")
    assert all(task in shown for task, _ in CLERK_TASKS[:5])
    assert all(task in more and task not in shown for task, _ in CLERK_TASKS[5:])
    assert shown.index("Operate office machines.") < shown.index("Compile records")
    assert '<h2 id="technology-heading">Technology</h2>' in text
    assert "often asked for in job postings: Intuit QuickBooks, Adobe Acrobat.</p>" in text
    assert (
        "<dt>Accounting software</dt><dd>Bookkeeping software, Intuit QuickBooks "
        "(hot technology)</dd>"
    ) in text
    assert "<dt>Document management software</dt><dd>Adobe Acrobat (hot technology), " in text
    assert text.count(ONET_SOURCE) == 3  # titles, tasks, technology
    assert text.count(ONET_CREDIT) == 1
    assert "Modified here: the titles are those O*NET's My Next Move shows" in text
    assert "O*NET describes this as" not in text and "shown together" not in text


def test_empty_onet_parts_are_left_out_and_the_credit_stays_with_the_rest(client):
    occupation, page = occupation_page()
    make_onet(occupation, "43-9061.00", "Office Clerks, General", tasks=CLERK_TASKS[:2])

    text = client.get(page.get_absolute_url()).text

    assert "Answer telephones" in text and "<details>" not in text
    assert "Also called" not in text and "Technology" not in text
    assert text.count(ONET_SOURCE) == 1
    assert ONET_CREDIT in text


def test_an_all_other_occupation_without_onet_content_shows_none_and_no_credit(client):
    occupation, page = occupation_page("11-9199", "Managers, All Other")
    make_onet(occupation, "11-9199.00", "Managers, All Other")
    make_definition(occupation, "All managers not listed separately.")

    text = client.get(page.get_absolute_url()).text

    assert "All managers not listed separately." in text
    assert "O*NET" not in text and "Their tasks" not in text


def test_a_combined_occupation_shows_its_onet_parts_and_says_so(client):
    occupation, page = occupation_page("31-1120", "Home Health and Personal Care Aides")
    make_onet(occupation, "31-1121.00", "Home Health Aides", [("Bathe patients.", "core")],
              ["Home Health Aide (HHA)"])  # fmt: skip
    make_onet(occupation, "31-1122.00", "Personal Care Aides",
              [("Train family members to provide bedside care.", "supplemental")],
              technologies=[("Appletree", "Computer based training software", False)])  # fmt: skip

    text = client.get(page.get_absolute_url()).text

    assert (
        "O*NET describes this as 2 occupations: Home Health Aides; Personal Care Aides."
    ) in text
    assert "<p>Home Health Aides: Home Health Aide (HHA)</p>" in text
    assert text.index("<h3>Home Health Aides</h3>") < text.index("Bathe patients.")
    assert text.index("<h3>Personal Care Aides</h3>") < text.index("Train family members")
    assert text.count("<h3>Personal Care Aides</h3>") == 2  # its tasks, its technology
    assert "the content of 2 O*NET occupations is shown together" in text
    assert text.count(ONET_CREDIT) == 1


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
