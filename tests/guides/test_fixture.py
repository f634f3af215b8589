"""
The shipped Back Office Assistant guide (fixtures/guides/back-office-assistant.json) holds what
its seed text holds, loads through `manage.py load_guides`, and loads only once.

Expected prose is read from the seed text the guide was written from (a verbatim copy in
tests/guides/seed/), so these tests check the fixture against its source rather than against a
copy of itself.
"""

import html
import json
import re
from decimal import Decimal
from functools import cache
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from careers.page_sections import PAGE_SECTIONS
from guides.models import (
    FAQ,
    CareerLevel,
    CountrySalary,
    Industry,
    LevelSalary,
    ProCon,
    RelatedRole,
    Responsibility,
    Role,
    RoleIndustry,
    Section,
    Skill,
    Step,
)

pytestmark = pytest.mark.django_db

SLUG = "back-office-assistant"
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "guides" / f"{SLUG}.json"
SEED = Path(settings.BASE_DIR) / "tests" / "guides" / "seed" / f"{SLUG}.txt"

# Section kind -> (seed heading the prose sits under, seed line that ends it, paragraphs).
SEED_SECTIONS = {
    "overview": ("What is a Back Office Assistant?", "What does a Back Office Assistant do?", 2),
    "responsibilities": ("What does a Back Office Assistant do?", "Key Responsibilities", 0),
    "work_environment": ("Work Environment", "Tools & Technologies", 1),
    "tools": ("Tools & Technologies", "Skills & Qualifications", 1),
    "skills": ("Skills & Qualifications", "Education Requirements", 3),
    "how_to_become": ("How to Become a Back Office Assistant", "1", 3),
    "education": ("Education & Training", "Salary & Outlook", 3),
    "salary": ("Salary & Outlook", "Salary by Experience Level", 4),
    "salary_market": ("Market Commentary", "Career Path", 4),
    "career_path": ("Career Path", "1", 3),
    "diversity": (
        "Diversity & Inclusion in Back Office Assistant Roles",
        "Inclusive Hiring Practices",
        1,
    ),
    "diversity_hiring": ("Inclusive Hiring Practices", "Workplace Culture", 3),
    "diversity_culture": ("Workplace Culture", "Resources & Support Networks", 3),
    "diversity_resources": (
        "Resources & Support Networks",
        "Global Back Office Assistant Opportunities",
        3,
    ),
    "global": ("Global Back Office Assistant Opportunities", "Global Salaries", 1),
    "global_salaries": ("Global Salaries", "Remote Work", 4),
    "remote_work": ("Remote Work", "Visa & Immigration", 2),
    "visa": ("Visa & Immigration", "2025 Market Reality for Back Office Assistants", 2),
    "market": ("2025 Market Reality for Back Office Assistants", "Current Challenges", 2),
    "market_challenges": ("Current Challenges", "Growth Opportunities", 2),
    "market_growth": ("Growth Opportunities", "Current Market Trends", 3),
    "market_trends": ("Current Market Trends", "Job Application Toolkit", 3),
    "pros_cons": ("Pros & Cons", "Pros", 1),
    "faq": (
        "Frequently Asked Questions",
        "What are the essential qualifications and educational background needed to become "
        "a Back Office Assistant?",
        1,
    ),
    "related": ("Related Careers", "Administrative Assistant", 1),
}

# Section kind -> (seed heading over a list, the start of the list's first line): the list
# follows its heading at once, no text leads it. ("• Technical Skills": the seed's text made
# that heading a bullet.)
SEED_LIST_HEADINGS = {
    "responsibility_list": ("Key Responsibilities", "• Process and verify financial"),
    "skills_education": ("Education Requirements", "• High School Diploma or GED"),
    "skills_technical": ("• Technical Skills", "• Microsoft Office Suite"),
    "skills_soft": ("Soft Skills", "• Attention to Detail:"),
    "salary_levels": ("Salary by Experience Level", "LevelUS MedianUS Average"),
    "focus_areas": ("Key Focus Areas", "Develop a strong understanding"),
}

# The guide's heading of each section: the seed's, verbatim.
SEED_HEADINGS = {
    kind: start.removeprefix("• ")
    for kind, (start, *_) in {**SEED_SECTIONS, **SEED_LIST_HEADINGS}.items()
}

# One sentence per section, chosen by hand: it pins each section to the right seed content.
SAMPLE_SENTENCES = {
    "overview": "They are the backbone of administrative efficiency, managing data, records, "
    "and internal workflows.",
    "work_environment": "While predominantly an in-person role, some organizations may offer "
    "hybrid work arrangements.",
    "tools": "Document management systems (DMS) are essential for organizing and retrieving "
    "digital files.",
    "skills": "The skill landscape for Back Office Assistants is evolving with increased "
    "automation.",
    "how_to_become": "Geographic location also plays a role; major business hubs typically "
    "have more opportunities but also higher competition.",
    "education": "These programs generally cost $5,000-$20,000 and can be completed in "
    "12-24 months.",
    "salary": "Many firms also offer 401(k) matching contributions, paid time off, and "
    "professional development allowances for certifications or continuing education.",
    "salary_market": "The Bureau of Labor Statistics projects stable employment for "
    "administrative roles, which includes many back office functions, with a slight decline "
    "of 4% from 2022 to 2032 due to automation.",
    "career_path": "Lateral moves can involve specializing in specific financial products or "
    "operational areas like trade support or client onboarding.",
    "diversity": "As of 2025, companies increasingly recognize the value of diverse "
    "perspectives in administrative functions.",
    "diversity_hiring": "Inclusive hiring for back office assistants emphasizes skill-based "
    "assessments over traditional résumés.",
    "diversity_culture": "Green flags include active ERGs, transparent feedback mechanisms, "
    "and a commitment to professional development.",
    "diversity_resources": "Non-profits like Dress for Success offer career readiness support.",
    "global": "While no universal certifications exist, proficiency in international software "
    "systems or specific regional regulations can enhance global mobility.",
    "global_salaries": "A Back Office Assistant in the UK might earn £22,000 to £35,000 GBP "
    "(approximately $28,000-$45,000 USD).",
    "remote_work": "Digital nomad visas are emerging in countries like Portugal and Spain, "
    "offering pathways for remote workers to reside legally.",
    "visa": "Family visas for dependents are usually available alongside the primary "
    "applicant's work visa.",
    "market": "The landscape for these positions has changed significantly from 2023 to 2025.",
    "market_challenges": "Competition for remaining roles is high, extending job search "
    "timelines.",
    "market_growth": "Companies need individuals who can oversee automated systems and handle "
    "exceptions that AI cannot yet manage.",
    "market_trends": "Seasonal trends are minimal, but year-end financial reporting often sees "
    "temporary spikes in demand.",
    "pros_cons": "For example, a predictable routine might be a pro for some and a con for "
    "others.",
    "faq": "Back Office Assistants play a crucial role in ensuring smooth administrative "
    "operations.",
    "related": "Explore similar roles that might align with your interests and skills:",
}

# title, years_from, years_to, seed "years" line, median, average, seed table row
CAREER_LEVELS = [
    ("Junior Back Office Assistant", 0, 2, "0-2 years", 42000, 45000,
     "Junior Back Office Assistant$42k USD$45k USD"),
    ("Back Office Assistant", 2, 4, "2-4 years", 52000, 55000,
     "Back Office Assistant$52k USD$55k USD"),
    ("Senior Back Office Assistant", 4, 7, "4-7 years", 65000, 68000,
     "Senior Back Office Assistant$65k USD$68k USD"),
    ("Back Office Supervisor", 7, 10, "7-10 years", 77000, 80000,
     "Back Office Supervisor$77k USD$80k USD"),
    ("Back Office Manager", 10, None, "10+ years", 90000, 95000,
     "Back Office Manager$90k USD$95k USD"),
]  # fmt: skip

# country, currency, low, high, usd_low, usd_high, the seed's words for that figure
COUNTRY_SALARIES = [
    ("United States", "USD", 35000, 55000, 35000, 55000,
     "annual salaries range from $35,000 to $55,000 USD"),
    ("Canada", "CAD", 30000, 45000, 22000, 33000,
     "between $30,000 and $45,000 CAD (approximately $22,000-$33,000 USD)"),
    ("United Kingdom", "GBP", 22000, 35000, 28000, 45000,
     "£22,000 to £35,000 GBP (approximately $28,000-$45,000 USD)"),
    ("Germany", "EUR", 28000, 40000, 30000, 43000,
     "€28,000 to €40,000 EUR (approximately $30,000-$43,000 USD)"),
    ("Poland", "PLN", 35000, 55000, 8500, 13500,
     "35,000-55,000 PLN (approximately $8,500-$13,500 USD)"),
    ("Australia", "AUD", 45000, 60000, 30000, 40000,
     "$45,000 to $60,000 AUD (approximately $30,000-$40,000 USD)"),
    ("Singapore", "SGD", 30000, 45000, 22000, 33000,
     "S$30,000 to S$45,000 (approximately $22,000-$33,000 USD)"),
    ("India", "INR", 250000, 450000, 3000, 5500,
     "250,000-450,000 INR (approximately $3,000-$5,500 USD)"),
    ("Latin America (Mexico, Brazil)", "USD", 8000, 15000, 8000, 15000,
     "ranging from $8,000 to $15,000 USD equivalent in countries like Mexico or Brazil"),
]  # fmt: skip

RELATED = [
    ("Administrative Assistant", "administrative-assistant"),
    ("Administrative Office Assistant", "administrative-office-assistant"),
    ("Business Office Assistant", "business-office-assistant"),
    ("Office Administrative Assistant", "office-administrative-assistant"),
    ("Office Assistant", "office-assistant"),
]

# The occupation (SOC code) of each related career, from O*NET 30.1's alternate and reported
# titles (README, Shipped guides): none for Business Office Assistant, which O*NET does not list.
RELATED_OCCUPATIONS = {
    "administrative-assistant": "43-6014",
    "administrative-office-assistant": "43-6011",
    "business-office-assistant": None,
    "office-administrative-assistant": "43-9061",
    "office-assistant": "43-9061",
}

MARKETING = [
    "Himalayas",
    "Job Application Toolkit",
    "A growing field with similar skill requirements",
    "Explore career guide",
    "Assess your",
    "View examples",
    "Career Coach",
    "Sign up",
    "No credit card required",
]

COUNTED_MODELS = [
    Role, Industry, RoleIndustry, Section, Responsibility, Skill, Step, CareerLevel,
    LevelSalary, CountrySalary, ProCon, FAQ, RelatedRole,
]  # fmt: skip


# --- reading the seed -------------------------------------------------------------------------


@cache
def seed_text():
    assert SEED.is_file(), f"The seed text is missing: {SEED}"
    return SEED.read_text(encoding="utf-8")


@cache
def seed_blocks():
    """The seed's non-empty lines, indentation stripped: one paragraph, heading or item each."""
    return tuple(line.strip() for line in seed_text().splitlines() if line.strip())


def seed_between(start, end, after=None):
    """The blocks after the line `start` up to the line `end` (searching from `after`)."""
    blocks = seed_blocks()
    first = blocks.index(start, blocks.index(after) if after else 0)
    return list(blocks[first + 1 : blocks.index(end, first + 1)])


def seed_section(kind):
    start, end, expected = SEED_SECTIONS[kind]
    paragraphs = seed_between(start, end)
    assert len(paragraphs) == expected, (kind, paragraphs)
    return paragraphs


def seed_bullets(start, end, after=None):
    items = seed_between(start, end, after)
    assert all(item.startswith("• ") for item in items), items
    return [item.removeprefix("• ") for item in items]


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def role():
    call_command("load_guides", stdout=StringIO())
    return Role.objects.get(slug=SLUG)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


# --- the guide holds what the seed holds -----------------------------------------------------


def test_key_facts(role):
    seed = seed_text()
    for line in [
        "$42,750 USD",
        "(U.S. national median for General Office Clerks, BLS, May 2023)",
        "Range: $30,000 - $60,000+ USD",
        "5%",
        "as fast as average (for General Office Clerks, BLS, 2022-2032)",
        "≈300,000",
        "openings annually (for General Office Clerks, which includes many Back Office "
        "Assistant roles, BLS)",
    ]:
        assert line in seed_blocks()
    assert role.title == "Back Office Assistant"
    assert role.status == Role.Status.PUBLISHED
    assert role.is_published
    assert role.median_pay == 42750
    assert role.median_pay_currency == "USD"
    assert role.median_pay_source == (
        "U.S. national median for General Office Clerks, BLS, May 2023"
    )
    assert role.median_pay_year == 2023
    assert (role.pay_range_low, role.pay_range_high, role.pay_range_open_ended) == (
        30000, 60000, True,
    )  # fmt: skip
    assert role.growth_percent == Decimal("5.0")
    assert role.growth_label == "as fast as average"
    assert (role.growth_period_start, role.growth_period_end) == (2022, 2032)
    assert role.growth_source == "for General Office Clerks, BLS, 2022-2032"
    assert role.annual_openings == 300000
    assert role.annual_openings_approximate is True
    assert role.annual_openings_source == (
        "for General Office Clerks, which includes many Back Office Assistant roles, BLS"
    )
    typical_education = seed_between("Typical Education", "What is a Back Office Assistant?")
    assert typical_education == [role.typical_education]
    assert role.typical_education.startswith("High school diploma or equivalent; ")
    for source in (role.median_pay_source, role.growth_source, role.annual_openings_source):
        assert f"({source})" in seed


def test_guide_names_its_official_occupation(role):
    # Office Clerks, General: the occupation whose BLS figures the guide quotes.
    assert role.occupation_id == "43-9061"
    assert "for General Office Clerks" in role.median_pay_source


def test_introduction(role):
    intro = seed_between("Complete Back Office Assistant Career Guide", "Key Facts & Statistics")
    assert role.introduction == intro[0]
    assert role.introduction.startswith("A Back Office Assistant plays a crucial role")
    assert role.introduction_html == f"<p>{intro[0]}</p>"


def test_industries_in_order(role):
    names = [ri.industry.name for ri in role.role_industries.select_related("industry")]
    assert names == ["Financial Services", "Healthcare", "Legal Services", "Corporate Offices"]
    seed_list = seed_between("Top Industries", "Typical Education")
    assert seed_list == ["1", names[0], "2", names[1], "3", names[2], "4", names[3]]
    assert [ri.order for ri in role.role_industries.all()] == [1, 2, 3, 4]


def test_every_section_kind_is_present_in_page_order(role):
    kinds = list(role.sections.values_list("kind", flat=True))
    assert kinds == list(Section.Kind.values)
    assert len(kinds) == 31
    assert {*SEED_SECTIONS, *SEED_LIST_HEADINGS} == set(Section.Kind.values)
    assert set(SAMPLE_SENTENCES) == {kind for kind, (*_, n) in SEED_SECTIONS.items() if n}


@pytest.mark.parametrize("kind", list(SEED_SECTIONS))
def test_section_prose_is_the_seed_verbatim(role, kind):
    section = role.sections.get(kind=kind)
    paragraphs = seed_section(kind)
    assert section.body == "\n\n".join(paragraphs)
    assert section.heading == SEED_HEADINGS[kind]
    assert section.heading in seed_blocks()
    if paragraphs:
        sentence = SAMPLE_SENTENCES[kind]
        assert sentence in seed_text()
        assert sentence in section.body


@pytest.mark.parametrize("kind", list(SEED_LIST_HEADINGS))
def test_a_lists_heading_is_the_seeds_with_no_text(role, kind):
    section = role.sections.get(kind=kind)
    heading, first_line = SEED_LIST_HEADINGS[kind]
    blocks = seed_blocks()
    assert blocks[blocks.index(heading) + 1].startswith(first_line)
    assert section.heading == SEED_HEADINGS[kind]
    assert section.heading in seed_text()
    assert section.body == ""


@pytest.mark.parametrize("kind", list(SEED_SECTIONS))
def test_section_prose_renders_as_plain_paragraphs(role, kind):
    """No seed paragraph turns into a list, heading, emphasis or code block by accident."""
    section = role.sections.get(kind=kind)
    html = section.body_html
    assert html.count("<p>") == len(seed_section(kind))
    for tag in ("<ol", "<ul", "<h", "<em", "<strong", "<code", "<pre", "<blockquote"):
        assert tag not in html


def test_responsibilities(role):
    texts = list(role.responsibilities.values_list("text", flat=True))
    assert len(texts) == 7
    assert texts == seed_bullets("Key Responsibilities", "Work Environment")
    assert texts[0].startswith("Process and verify financial transactions")


def test_skills(role):
    education = list(role.skills.filter(kind="education").values_list("name", "text"))
    technical = list(role.skills.filter(kind="technical").values_list("name", "text"))
    soft = list(role.skills.filter(kind="soft").values_list("name", "text"))
    assert (len(education), len(technical), len(soft)) == (5, 10, 8)

    seed_education = seed_bullets("Education Requirements", "• Technical Skills")
    seed_technical = seed_bullets("• Technical Skills", "Soft Skills")
    seed_soft = seed_bullets("Soft Skills", "How to Become a Back Office Assistant")
    assert education == [("", text) for text in seed_education]
    assert technical == [("", text) for text in seed_technical]
    assert soft == [tuple(text.split(": ", 1)) for text in seed_soft]
    assert soft[0] == (
        "Attention to Detail",
        "Crucial for accurately processing data, managing records, and ensuring error-free "
        "documentation, which directly impacts operational efficiency.",
    )
    assert [name for name, _ in soft] == [
        "Attention to Detail", "Organizational Skills", "Time Management", "Problem-Solving",
        "Reliability and Discretion", "Adaptability", "Interpersonal Communication",
        "Proactiveness",
    ]  # fmt: skip


def test_steps(role):
    steps = list(role.steps.values_list("order", "text"))
    assert [order for order, _ in steps] == [1, 2, 3, 4, 5, 6]
    blocks = seed_blocks()
    for order, text in steps:
        label = blocks.index(f"Step {order}")
        assert blocks[label - 1] == str(order)
        assert blocks[label + 1] == text
        assert not text.startswith("Step")


def test_career_levels_and_their_salaries(role):
    levels = list(role.career_levels.select_related("salary"))
    assert len(levels) == 5
    table = seed_between("Salary by Experience Level", "Market Commentary")
    for level, expected in zip(levels, CAREER_LEVELS, strict=True):
        title, years_from, years_to, years, median, average, table_row = expected
        assert (level.title, level.years_from, level.years_to) == (title, years_from, years_to)
        assert level.years == years
        assert (level.salary.median, level.salary.average) == (median, average)
        assert level.salary.currency == "USD"
        assert level.salary.source == "Guide estimate (salary by experience level)"
        assert level.salary.year == 2025
        assert table_row in table

        # Title, years, description and key focus areas as the seed lists them.
        number = seed_blocks().index(str(level.order), seed_blocks().index("Career Path"))
        seed_title, seed_years, description, label, focus = seed_blocks()[number + 1 : number + 6]
        assert (seed_title, seed_years, label) == (title, years, "Key Focus Areas")
        assert level.description == description
        assert level.focus_areas == focus


def test_country_salaries(role):
    figures = list(role.country_salaries.all())
    assert len(figures) == 9
    global_salaries = "\n\n".join(seed_section("global_salaries"))
    for figure, expected in zip(figures, COUNTRY_SALARIES, strict=True):
        country, currency, low, high, usd_low, usd_high, seed_words = expected
        assert (
            figure.country, figure.currency, figure.low, figure.high,
            figure.usd_low, figure.usd_high,
        ) == (country, currency, low, high, usd_low, usd_high)  # fmt: skip
        assert figure.source == "Guide estimate (global salaries)"
        assert figure.year == 2025
        assert seed_words in global_salaries
    assert [figure.order for figure in figures] == list(range(1, 10))


def test_pros_and_cons(role):
    pros = list(role.pros_cons.filter(kind=ProCon.Kind.PRO).values_list("text", flat=True))
    cons = list(role.pros_cons.filter(kind=ProCon.Kind.CON).values_list("text", flat=True))
    assert (len(pros), len(cons)) == (7, 7)
    assert pros == seed_bullets("Pros", "Cons", after="Pros & Cons")
    assert cons == seed_bullets("Cons", "Frequently Asked Questions", after="Pros & Cons")


def test_faqs(role):
    faqs = list(role.faqs.values_list("question", "answer"))
    assert len(faqs) == 8
    seed_faqs = seed_between("Frequently Asked Questions", "Related Careers")[1:]
    assert faqs == list(zip(seed_faqs[0::2], seed_faqs[1::2], strict=True))
    assert all(question.endswith("?") for question, _ in faqs)
    assert faqs[3][0] == "What is the typical work-life balance like for a Back Office Assistant?"


def test_related_careers_are_existing_unpublished_roles(role):
    links = list(role.related_links.select_related("related"))
    assert [(link.related.title, link.related.slug) for link in links] == RELATED
    seed_related = seed_between("Related Careers", "Assess your Back Office Assistant readiness")
    for title, _ in RELATED:
        assert title in seed_related
    assert {link.related.slug: link.related.occupation_id for link in links} == (
        RELATED_OCCUPATIONS
    )
    for link in links:
        assert link.related.status == Role.Status.DRAFT
        assert not link.related.introduction
        assert not Role.objects.published().filter(pk=link.related.pk).exists()
    assert (
        not Role.objects.published()
        .exclude(slug=SLUG)
        .filter(slug__in=[slug for _, slug in RELATED])
        .exists()
    )


# --- the guide page -----------------------------------------------------------------------


def page_texts(text, pattern):
    return [html.unescape(found) for found in re.findall(pattern, text)]


def test_the_page_shows_the_seeds_headings_in_the_seeds_order(role, client):
    text = client.get(role.get_absolute_url()).text

    sections = page_texts(text, r'<h2 id="[a-z-]+-heading"><a [^>]+>([^<]+)</a></h2>')
    shown = [section for section in PAGE_SECTIONS if section.anchor != "changes"]
    assert sections == [SEED_HEADINGS[section.kind] for section in shown]
    blocks = seed_blocks()
    assert sorted(sections, key=blocks.index) == sections
    subheadings = page_texts(text, r"<h3>([^<]+)</h3>")
    assert subheadings == [
        "Key Responsibilities", "Education Requirements", "Technical Skills", "Soft Skills",
        "Market Commentary", "Inclusive Hiring Practices", "Workplace Culture",
        "Resources & Support Networks", "Global Salaries", "Remote Work", "Visa & Immigration",
        "Current Challenges", "Growth Opportunities", "Current Market Trends", "Pros", "Cons",
    ]  # fmt: skip
    assert all(heading in SEED_HEADINGS.values() for heading in subheadings[:-2])
    assert page_texts(text, r"<h4>([^<]+)</h4>") == ["Key Focus Areas"] * 5
    assert page_texts(text, r'<caption id="salary-by-level-caption">([^<]+)<') == [
        "Salary by Experience Level"
    ]


def test_the_page_shows_the_seeds_lead_texts_under_their_headings(role, client):
    text = client.get(role.get_absolute_url()).text

    related = text[text.index('<section id="related"') :]
    lead = f"<p>{SAMPLE_SENTENCES['related']}</p>"
    assert related.index("Related Careers</a></h2>") < related.index(lead)
    assert related.index(lead) < related.index('<ul class="related">')
    responsibilities = text[text.index('<section id="responsibilities"') :]
    # The seed has no text between "What does a Back Office Assistant do?" and the list's
    # heading: nor has the page.
    assert re.match(
        r'<section id="responsibilities"[^>]*>\s*<h2[^>]*><a [^>]+>What does a Back Office '
        r"Assistant do\?</a></h2>\s*<h3>Key Responsibilities</h3>\s*<ul",
        responsibilities,
    )


def test_the_contents_list_keeps_the_short_labels(role, client):
    text = client.get(role.get_absolute_url()).text

    contents = text[text.index('<nav class="toc"') : text.index("</nav>", text.index("toc"))]
    labels = page_texts(contents, r'<li><a href="#[a-z-]+">([^<]+)</a></li>')
    shown = [section for section in PAGE_SECTIONS if section.anchor != "changes"]
    assert labels == [section.label for section in shown]
    assert "Responsibilities" in labels and "What does" not in contents


def test_fixture_holds_no_website_marketing():
    text = FIXTURE.read_text(encoding="utf-8")
    for phrase in MARKETING:
        assert phrase in seed_text(), phrase  # the phrase is real marketing from the seed ...
        assert phrase not in text, phrase  # ... and the shipped guide leaves it out


def test_fixture_is_utf8_with_the_seeds_characters():
    text = FIXTURE.read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["slug"] == SLUG
    for character in ("résumés", "£22,000", "€28,000", "S$30,000"):
        assert character in text  # written as characters, not \u escapes
    assert list(document["sections"]) == list(Section.Kind.values)
    assert not re.search(r"\\u[0-9a-f]{4}", text)


# --- loading ----------------------------------------------------------------------------------


def test_loading_twice_changes_nothing():
    first = StringIO()
    call_command("load_guides", stdout=first)
    assert f"{SLUG}: created" in first.getvalue()
    before = counts()
    assert before["Role"] >= 6 and before["Section"] >= 31

    second = StringIO()
    call_command("load_guides", stdout=second)
    assert f"{SLUG}: unchanged" in second.getvalue()
    assert "0 loaded" in second.getvalue()
    assert counts() == before


def bad_guide(slug="bad-guide"):
    return {
        "slug": slug,
        "title": "Bad Guide",
        "status": "draft",
        "introduction": "A guide whose career level ends before it starts.",
        "related": [{"title": "Never Created", "slug": "never-created"}],
        "career_levels": [
            {
                "title": "Backwards",
                "years_from": 5,
                "years_to": 2,
                "description": "Impossible.",
                "focus_areas": "None.",
            }
        ],
    }


def test_a_bad_guide_document_loads_nothing(tmp_path):
    path = tmp_path / "bad-guide.json"
    path.write_text(json.dumps(bad_guide()), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load_guides", str(path), stdout=StringIO())
    assert "career_levels" in str(error.value)
    assert str(path) in str(error.value)
    assert not Role.objects.filter(slug="bad-guide").exists()
    assert not CareerLevel.objects.exists()


def test_a_bad_guide_document_stops_the_good_ones_too(tmp_path):
    path = tmp_path / "bad-guide.json"
    path.write_text(json.dumps(bad_guide()), encoding="utf-8")
    with pytest.raises(CommandError, match="career_levels"):
        call_command("load_guides", str(FIXTURE), str(path), stdout=StringIO())
    assert not Role.objects.filter(slug__in=[SLUG, "bad-guide"]).exists()
    assert counts() == {model.__name__: 0 for model in COUNTED_MODELS}


def test_invalid_json_names_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "slug": "broken",\n  "title": "Broken"\n  "status": "draft"\n}\n')
    with pytest.raises(CommandError, match=r"line 4") as error:
        call_command("load_guides", str(path), stdout=StringIO())
    assert "not valid JSON" in str(error.value)
    assert not Role.objects.filter(slug="broken").exists()
