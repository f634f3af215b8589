"""
The official profile of an occupation: on the page of an occupation without a guide, its SOC
definition, outlook, entry requirements and Handbook link, and O*NET's titles, tasks (and
emerging ones), technology and tools, job zone, education reported, Bright Outlook and related
occupations with their pay and outlook (with O*NET's credit), each with its source and date
and left out when there is nothing to show, and the same in its JSON-LD; on a guide's page,
the newer official growth and openings beside the guide's own.
"""

import html
import json
import re
from decimal import Decimal

import pytest

from tests.builders import (
    make_area,
    make_definition,
    make_estimate,
    make_occupation,
    make_onet,
    make_onet_profile,
    make_projection,
    make_related,
    make_role,
)

pytestmark = pytest.mark.django_db

# The role, its wage estimate, its occupation's groups (the breadcrumb), the guides sharing its
# occupation, its projection, its definition, the O*NET occupations describing it (with their
# release) and, when there are any, their tasks, titles, technologies, emerging tasks, tools,
# education, skills and knowledge, interests and work styles, and related occupations (one query
# each, however many); with related occupations, their careers, projections and the wage release.
OCCUPATION_PAGE_QUERIES = 7
ONET_QUERIES = 10
RELATED_QUERIES = 3
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
# Under the title: O*NET's reported titles, and their release.
ALSO_CALLED = '<p class="guide__aka">Also called {} <span class="guide__aka-source">(O*NET 30.1)'
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


def body(text):
    """The page's body: its JSON-LD, in the head, names the tasks and technologies too."""
    return text[text.index("<body") :]


def test_the_profile_shows_each_part_with_its_source(client):
    occupation, page = occupation_page()
    make_projection(occupation)
    make_definition(occupation)

    text = client.get(page.get_absolute_url()).text

    assert "What they do" in text and "Perform duties too varied and diverse." in text
    assert SOC_SOURCE in text
    assert "Outlook, 2024-34" in text
    assert (
        '<tr><th scope="row">2024</th><td class="figures__number">2,646,000</td></tr>'
        '<tr><th scope="row">2034, projected</th><td class="figures__number">2,468,200</td></tr>'
    ) in text  # the employment chart's table
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


def test_the_change_is_read_against_all_occupations_in_the_same_release(client):
    occupation, page = occupation_page("29-1141", "Registered Nurses")
    make_projection(occupation, change_percent=Decimal("4.9"), change=Decimal("166.1"))
    total = make_occupation("00-0000", "All Occupations", group="total")
    make_projection(total, change_percent=Decimal("3.1"), change=Decimal("5211.8"))

    text = client.get(page.get_absolute_url()).text

    assert "All occupations together</dt><dd>3.1% over the same years" in text


def test_an_average_of_another_release_is_not_compared(client):
    occupation, page = occupation_page("29-1141", "Registered Nurses")
    make_projection(occupation)
    total = make_occupation("00-0000", "All Occupations", group="total")
    older = make_projection(total, change_percent=Decimal("4.0"))
    older.release.pk = None
    older.release.name, older.release.first_year, older.release.last_year = "2023-33", 2023, 2033
    older.release.save()
    older.release_id = older.release.pk
    older.save()

    text = client.get(page.get_absolute_url()).text

    assert "Outlook, 2024-34" in text
    assert "All occupations together" not in text


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
    secretaries = make_occupation("43-6014", "Secretaries")
    make_role(title="Secretaries", introduction="", occupation=secretaries)
    make_related(onet, "43-6014.00", "Secretaries", secretaries)
    _, bare = occupation_page("29-1141", "Registered Nurses")

    with django_assert_num_queries(OCCUPATION_PAGE_QUERIES + ONET_QUERIES + RELATED_QUERIES):
        assert "Outlook" in client.get(full.get_absolute_url()).text
    with django_assert_num_queries(OCCUPATION_PAGE_QUERIES):
        assert client.get(bare.get_absolute_url()).status_code == 200

    for position, (text, kind) in enumerate(CLERK_TASKS[1:], start=1):
        onet.tasks.create(task_id=position + 1, text=text, kind=kind, position=position)
    onet.titles.create(title="Office Assistant", position=1)
    for example, commodity, hot in CLERK_TECHNOLOGIES[1:]:
        onet.technologies.create(example=example, commodity=commodity, hot=hot)
    other = make_onet(occupation, "43-9061.01", "Office Clerks, Other", CLERK_TASKS, ["Aide"])
    make_onet_profile(other, ["Coach staff."], ["Scanners", "Typewriters"], 2,
                      [("Less than a High School Diploma", "10"), ("High School Diploma", "90")],
                      "Rapid Growth")  # fmt: skip
    for index, (code, title) in enumerate([("43-4071", "File Clerks"), ("11-3012", "Managers"),
                                           ("43-4171", "Receptionists")], start=2):  # fmt: skip
        related = make_occupation(code, title)
        make_role(title=title, introduction="", occupation=related)
        make_projection(related)
        make_related(other, f"{code}.00", title, related, index)
    make_related(other, "43-9199.00", "Clerks Not In The Wage Data", None, 9)
    with django_assert_num_queries(OCCUPATION_PAGE_QUERIES + ONET_QUERIES + RELATED_QUERIES):
        text = client.get(full.get_absolute_url()).text
    assert "Troubleshoot problems" in text and "Receptionists" in text and "Coach staff." in text


def test_onet_titles_tasks_and_technologies_with_their_source_and_credit(client):
    occupation, page = occupation_page()
    make_onet(occupation, "43-9061.00", "Office Clerks, General", CLERK_TASKS,
              ["Clerk", "Office Assistant"], CLERK_TECHNOLOGIES)  # fmt: skip

    text = client.get(page.get_absolute_url()).text

    assert ALSO_CALLED.format("Clerk, Office Assistant") in text
    assert "What they do" in text and "Their tasks, core tasks first:" in text
    shown, more = body(text).split("<summary>2 more tasks</summary>")
    assert all(task in shown for task, _ in CLERK_TASKS[:5])
    assert all(task in more and task not in shown for task, _ in CLERK_TASKS[5:])
    assert shown.index("Operate office machines.") < shown.index("Compile records")
    assert '<h2 id="technology-heading">Technology and tools</h2>' in text
    assert "often asked for in job postings: Intuit QuickBooks, Adobe Acrobat.</p>" in text
    assert (
        "<dt>Accounting software</dt><dd>Bookkeeping software, Intuit QuickBooks "
        "(hot technology)</dd>"
    ) in text
    assert "<dt>Document management software</dt><dd>Adobe Acrobat (hot technology), " in text
    assert text.count(ONET_SOURCE) == 2  # tasks, technology (the titles name their release)
    assert text.count(ONET_CREDIT) == 1
    assert "Modified here: the titles are those O*NET's My Next Move shows" in text
    assert "O*NET describes this as" not in text and "shown together" not in text


def test_also_called_lists_the_reported_titles_not_the_alternate_ones(client):
    # O*NET's alternate titles (dozens, hundreds for some) are for search; the page lists the
    # reported titles My Next Move shows.
    occupation, page = occupation_page()
    onet = make_onet(occupation, "43-9061.00", "Office Clerks, General", CLERK_TASKS, ["Clerk"])
    onet.titles.create(title="Administrative Clerk (Admin Clerk)", reported=False, position=1)

    text = client.get(page.get_absolute_url()).text

    assert ALSO_CALLED.format("Clerk") in text and "Admin Clerk" not in text


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
    for absent in ["Bright Outlook", "Technology and tools", "job zone", "Related occupations",
                   "reported to O*NET", "<svg"]:  # fmt: skip
        assert absent not in text


def test_a_combined_occupation_shows_its_onet_parts_and_says_so(client):
    occupation, page = occupation_page("31-1120", "Home Health and Personal Care Aides")
    make_onet(occupation, "31-1121.00", "Home Health Aides", [("Bathe patients.", "core")],
              ["Home Health Aide (HHA)"])  # fmt: skip
    make_onet(occupation, "31-1122.00", "Personal Care Aides",
              [("Train family members to provide bedside care.", "supplemental")],
              technologies=[("Appletree", "Computer based training software", False)])  # fmt: skip

    text = body(client.get(page.get_absolute_url()).text)

    assert (
        "O*NET describes this as 2 occupations: Home Health Aides; Personal Care Aides."
    ) in text
    assert ALSO_CALLED.format("Home Health Aide (HHA)") in text
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


# --- the page's JSON-LD says what the page shows ----------------------------------------------


def occupation_ld(text):
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return json.loads(block)["@graph"][0]


def shown(text):
    """What the page itself shows, read from its HTML: the typical education to enter, the
    technologies it leads with (each O*NET occupation's hot ones, or its whole list when none
    is hot) and every task."""
    education = re.findall(r"<dt>Typical education to enter</dt><dd>(.*?)</dd>", text)
    tasks = [
        task
        for block in re.findall(r'<ul class="tasks">(.*?)</ul>', text, re.S)
        for task in re.findall(
            r"<li>(?:<span class=\"badge\">emerging</span> )?(.*?)(?: \(reported [^)]*\))?</li>",
            block,
        )
    ]
    section = re.search(r'id="technology-heading".*?</section>', text, re.S).group()
    skills = []
    for part in section.split("<h3>")[1:] or [section]:
        hot = re.search(r"often asked for in job postings: (.*?)\.</p>", part)
        listed = hot.group(1) if hot else ", ".join(re.findall(r"<dd>(.*?)</dd>", part))
        skills += [name.removesuffix(" (hot technology)") for name in listed.split(", ")]
    return {
        "educationRequirements": html.unescape(education[0]) if education else None,
        "skills": [html.unescape(name) for name in skills],
        "responsibilities": [html.unescape(task) for task in tasks],
    }


def test_the_json_ld_has_the_category_education_skills_and_tasks_the_page_shows(client):
    occupation, page = occupation_page("31-1120", "Home Health and Personal Care Aides")
    make_projection(occupation)
    make_onet(occupation, "31-1121.00", "Home Health Aides",
              [*CLERK_TASKS, ("Bathe & feed patients.", "core")], ["Aide"],
              CLERK_TECHNOLOGIES)  # fmt: skip
    personal = make_onet(
        occupation, "31-1122.00", "Personal Care Aides",
        [("Train family members.", "supplemental")],
        technologies=[("Appletree", "Computer based training software", False),
                      ("Email software", "Electronic mail software", False)],
    )  # fmt: skip
    make_onet_profile(personal, emerging=["Use telehealth tools."])

    text = client.get(page.get_absolute_url()).text
    ld = occupation_ld(text)

    assert ld["occupationalCategory"]["codeValue"] == "31-1120"
    assert "Standard Occupational Classification (SOC) code 31-1120." in text
    page_shows = shown(text)
    assert {name: ld.get(name) for name in page_shows} == page_shows
    # Hot technologies where there are, the whole list where none is; every task, in order.
    assert ld["skills"] == ["Intuit QuickBooks", "Adobe Acrobat", "Appletree", "Email software"]
    assert ld["responsibilities"][-3:] == [
        "Bathe & feed patients.", "Train family members.", "Use telehealth tools.",
    ]  # fmt: skip
    assert ld["educationRequirements"] == "High school diploma or equivalent"

    _, bare = occupation_page()  # no official data: nothing claimed
    ld = occupation_ld(client.get(bare.get_absolute_url()).text)
    assert not {"educationRequirements", "skills", "responsibilities"} & set(ld)


def clerks_profile(occupation):
    onet = make_onet(occupation, "43-9061.00", "Office Clerks, General", CLERK_TASKS[:2])
    tools = ["10-key calculators", "Computer laser printers", "Computer terminals",
             "Data input scanners", "Desktop computers", "Dictation equipment",
             "Digital duplicating machines", "Electric typewriters", "Laptop computers",
             "Laser facsimile machines"]  # fmt: skip
    make_onet_profile(
        onet, emerging=["Coach staff on sales tactics."], tools=tools, zone=2,
        education=[("Less than a High School Diploma", "1.50"),
                   ("High School Diploma - or the equivalent (for example, GED)", "40.59"),
                   ("Post-Secondary Certificate - awarded for training completed after high "
                    "school", "57.91")],
        bright="Numerous Job Openings",
    )  # fmt: skip
    return onet


def test_the_profile_of_a_detailed_occupation_shows_the_rest_of_onet(client):
    occupation, page = occupation_page()
    make_estimate(occupation, make_area(), annual_median=42_000)
    make_projection(occupation)
    onet = clerks_profile(occupation)
    secretaries = make_occupation("43-6014", "Secretaries and Administrative Assistants")
    secretaries.national_annual_median = 47_460
    secretaries.save()
    career = make_role(title="Secretaries", introduction="", occupation=secretaries)
    make_projection(secretaries, change_percent=Decimal("-2.1"))
    make_related(onet, "43-6014.00", "Secretaries, Except Legal", secretaries, 1)
    make_related(onet, "43-6014.01", "Executive Assistants", secretaries, 3)  # the same career
    make_related(onet, "11-1031.00", "Legislators", None, 2)

    text = client.get(page.get_absolute_url()).text

    assert (
        '<span class="badge">emerging</span> Coach staff on sales tactics. (reported August 2025)'
        in text
    )
    assert '<h2 id="technology-heading">Technology and tools</h2>' in text
    assert ("Tools: 10-key calculators, Computer laser printers, Computer terminals, Data input "
            "scanners, Desktop computers, Dictation equipment, Digital duplicating machines, "
            "Electric typewriters, and 2 more.") in text  # fmt: skip
    assert "Laptop computers" not in text
    assert "the tools are shortened to the first 8 of each occupation's list" in text
    assert "<p>Job Zone 2: Some Preparation Needed.</p>" in text
    assert (
        "<dt>Education</dt><dd>These occupations usually require a high school diploma.</dd>"
        in text
    )
    assert re.search(r"<dt>Bright Outlook</dt>\s*<dd>Numerous Job Openings</dd>", text)
    # The education chart, its answers' names shortened, and the table with them whole.
    start = text.index("<svg", text.index('id="reported-education-heading"'))
    chart = text[start : text.index("</svg>", start)]
    assert 'role="img"' in chart and ">Post-Secondary Certificate</text>" in chart
    assert ">57.91%</text>" in chart and "workers in the occupation" in text
    assert ('<th scope="row">Post-Secondary Certificate - awarded for training completed after '
            'high school</th><td class="figures__number">57.91%</td>') in text  # fmt: skip
    assert "asked in August 2018" in text
    # Related occupations: each career once, in O*NET's order, beside this one's figures.
    related = text[text.index('id="related-heading"') : text.index('class="credit"')]
    assert (
        'This occupation: Office Clerks, General</th><td class="figures__number">$42,000'
        in related
    )
    assert (f'<a href="{career.get_absolute_url()}">Secretaries and Administrative Assistants</a>'
            '</th><td class="figures__number">$47,460</td><td class="figures__number">'
            "\N{MINUS SIGN}2.1%</td>") in related  # fmt: skip
    assert related.count("Secretaries and Administrative Assistants") == 1
    assert related.index("Secretaries") < related.index("Legislators")
    assert ("<th scope=\"row\">Legislators</th><td class=\"figures__number\">not published</td>"
            in related)  # fmt: skip
    assert "Wages: BLS OEWS, May 2025" in related and PROJECTIONS_SOURCE in related
    assert ONET_SOURCE in related
    assert "the related occupations are O*NET's most related ones" in text
    assert text.count(ONET_CREDIT) == 1


def test_a_short_tools_list_is_whole_and_not_said_shortened(client):
    occupation, page = occupation_page()
    onet = make_onet(occupation, "43-9061.00", "Office Clerks, General")
    make_onet_profile(onet, tools=["Scanners", "Typewriters"])

    text = client.get(page.get_absolute_url()).text

    assert "Tools: Scanners, Typewriters.</p>" in text and "more." not in text
    assert ONET_CREDIT in text and "Modified here" not in text  # nothing shown was changed
    assert "Hot technologies" not in text and "Related occupations" not in text


def test_a_combined_occupation_shows_each_parts_profile_and_not_itself_as_related(client):
    occupation, page = occupation_page("31-1120", "Home Health and Personal Care Aides")
    home = make_onet(occupation, "31-1121.00", "Home Health Aides")
    personal = make_onet(occupation, "31-1122.00", "Personal Care Aides")
    make_onet_profile(home, emerging=["Feed patients."], zone=2, bright="Rapid Growth")
    make_onet_profile(personal, zone=2, bright="Rapid Growth; Numerous Job Openings")
    nursing = make_occupation("31-1131", "Nursing Assistants")
    make_role(title="Nursing Assistants", introduction="", occupation=nursing)
    make_related(home, "31-1122.00", "Personal Care Aides", occupation, 1)
    make_related(home, "31-1131.00", "Nursing Assistants", nursing, 2)
    make_related(personal, "31-1131.00", "Nursing Assistants", nursing, 1)

    text = client.get(page.get_absolute_url()).text

    assert "O*NET describes this as 2 occupations: Home Health Aides; Personal Care Aides." in text
    assert "<dd>Home Health Aides: Rapid Growth</dd>" in text
    assert "<dd>Personal Care Aides: Rapid Growth; Numerous Job Openings</dd>" in text
    zones = text[text.index('id="job-zone-heading"') :]
    assert zones.index("<h3>Home Health Aides</h3>") < zones.index("<h3>Personal Care Aides</h3>")
    related = text[text.index('id="related-heading"') : text.index('class="credit"')]
    assert related.count("Nursing Assistants</a>") == 1
    assert related.count('<tr><th scope="row">') == 2  # this one and Nursing Assistants only
    assert "Feed patients." in text
    assert "the content of 2 O*NET occupations is shown together" in text
