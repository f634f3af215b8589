"""The public pages: home, the list of careers and the guide."""

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from guides.models import ChangeNote, ProCon, RelatedRole, Role, Section, Skill
from tests.builders import (
    make_area,
    make_career_level,
    make_country_salary,
    make_draft,
    make_estimate,
    make_faq,
    make_occupation,
    make_occupation_role,
    make_onet,
    make_onet_profile,
    make_pro_con,
    make_projection,
    make_responsibility,
    make_role,
    make_section,
    make_site,
    make_skill,
    make_step,
)

pytestmark = pytest.mark.django_db

GUIDE_ANCHORS = [
    "overview", "responsibilities", "work-environment", "tools", "skills", "how-to-become",
    "education", "salary", "career-path", "level-1", "level-2", "diversity", "global",
    "market", "pros-cons", "faq", "related", "changes",
]  # fmt: skip

# A guide page costs this many queries whatever its size: the role, then one per kind of part.
GUIDE_PAGE_QUERIES = 12


def make_full_guide(levels=2, extra=1):
    role = make_role()
    for kind in Section.Kind:
        make_section(role, kind=kind, body=f"Prose of {kind.label}.")
    for _ in range(extra):
        make_responsibility(role)
        make_step(role)
        make_faq(role)
        make_country_salary(role)
        ChangeNote.objects.create(role=role, date=date(2026, 1, 2), text="Salaries updated.")
        for kind in Skill.Kind:
            make_skill(role, kind=kind)
        for kind in ProCon.Kind:
            make_pro_con(role, kind=kind)
    for _ in range(levels):
        make_career_level(role)
    for number in range(extra):  # a related guide, one with its occupation's page, a name
        code = f"{10 + role.pk % 80}-{number:04d}"
        page = make_occupation_role(code, code, 40000, slug=f"occupation-{code}")
        for order, related in enumerate(
            [
                make_role(title=f"A Relative {number}"),
                make_draft(title=f"A Name {number}", introduction="", occupation_id=code),
                make_draft(title=f"A Bare Name {number}", introduction=""),
            ],
            start=3 * number + 1,
        ):
            RelatedRole.objects.create(role=role, related=related, order=order)
        assert page.is_published
    return role


def anchors_in(html):
    return re.findall(r'<(?:section|li)[^>]* id="([a-z0-9-]+)"', html)


def test_guide_page_shows_every_section_in_order(client):
    role = make_full_guide()

    response = client.get(role.get_absolute_url())

    assert response.status_code == 200
    found = [anchor for anchor in anchors_in(response.text) if anchor in GUIDE_ANCHORS]
    assert found == GUIDE_ANCHORS
    for anchor in GUIDE_ANCHORS:
        if not anchor.startswith("level-"):
            assert f'href="#{anchor}"' in response.text, f"table of contents lacks #{anchor}"


@pytest.mark.parametrize("kind", list(Skill.Kind))
def test_any_one_kind_of_skill_shows_the_skills_section(client, kind):
    role = make_role(title="Clerk")
    make_skill(role, kind=kind, name="Filing", text="Keeps records in order.")

    page = client.get(role.get_absolute_url()).text

    section = re.search(r'<section id="skills".*?</section>', page, re.S)
    assert section, "no skills section"
    assert "<strong>Filing:</strong> Keeps records in order." in section.group()
    assert section.group().count("<h3>") == 1


def test_guide_page_shows_figures_with_source_and_year(client):
    role = make_role(
        median_pay=42750, median_pay_source="Official median, May 2023", median_pay_year=2023
    )
    make_career_level(role)
    make_country_salary(role, country="Germany", currency="EUR", low=28000, high=40000)

    text = client.get(role.get_absolute_url()).text

    assert "$42,750" in text and "Official median, May 2023" in text
    assert "$41,000" in text and "Test source, 2025" in text
    assert "€28,000 to €40,000" in text


def test_guide_page_query_count_is_constant(client, django_assert_num_queries):
    small = make_full_guide(levels=1, extra=1)
    large = make_full_guide(levels=11, extra=11)

    with django_assert_num_queries(GUIDE_PAGE_QUERIES):
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_num_queries(GUIDE_PAGE_QUERIES):
        response = client.get(large.get_absolute_url())
    assert response.text.count('class="faq"') == 11
    assert 'id="level-11"' in response.text
    assert response.text.count('href="/careers/occupation-') == 11  # related occupations


def test_unknown_slug_is_a_friendly_404(client):
    response = client.get("/careers/no-such-career/")

    assert response.status_code == 404
    assert "couldn't find that page" in response.text
    assert reverse("careers:list") in response.text


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Role.Status.DRAFT, "published_at": None},
        {"status": Role.Status.DRAFT, "published_at": timezone.now() - timedelta(days=1)},
        {"status": Role.Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "draft-with-past-time", "scheduled"],
)
def test_unpublished_guides_are_404_and_unlisted(client, overrides):
    hidden = make_role(title="Hidden Career", **overrides)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert "Hidden Career" not in client.get(reverse("careers:list")).text
    assert "Hidden Career" not in client.get(reverse("careers:home")).text


def test_related_roles_show_only_published_ones(client):
    role = make_role()
    published = make_role(title="Published Relative")
    draft = make_draft(title="Draft Relative")
    RelatedRole.objects.create(role=role, related=published, order=1)
    RelatedRole.objects.create(role=role, related=draft, order=2)

    text = client.get(role.get_absolute_url()).text

    assert f'<a href="{published.get_absolute_url()}">Published Relative</a>' in text
    assert "Draft Relative" not in text  # a draft leaks nowhere, not even its title
    assert draft.get_absolute_url() not in text


def test_a_related_role_that_is_only_a_name_is_shown_as_text(client):
    role = make_role()
    name_only = make_draft(title="Office Assistant", introduction="")
    RelatedRole.objects.create(role=role, related=name_only, order=1)

    text = client.get(role.get_absolute_url()).text

    assert "<li>Office Assistant</li>" in text
    assert name_only.get_absolute_url() not in text


def related_items(text):
    related = text[text.index('<ul class="related">') :]
    return re.findall(r"<li>(.*?)</li>", related[: related.index("</ul>")])


def test_a_related_career_links_to_its_guide_else_its_occupations_page_else_is_text(client):
    role = make_role()
    clerks = make_occupation_role("43-9061", "Office Clerks, General", 38890)
    make_occupation("43-6011", "Executive Secretaries and Executive Administrative Assistants")
    related = [
        make_role(title="Office Clerk", occupation_id="43-9061"),  # its own guide first
        make_draft(title="Office Assistant", introduction="", occupation_id="43-9061"),
        # An occupation without a page (sync_careers not run yet), and no occupation at all.
        make_draft(
            title="Administrative Office Assistant", introduction="", occupation_id="43-6011"
        ),  # fmt: skip
        make_draft(title="Business Office Assistant", introduction=""),
    ]
    for order, other in enumerate(related, start=1):
        RelatedRole.objects.create(role=role, related=other, order=order)

    text = client.get(role.get_absolute_url()).text

    assert related_items(text) == [
        f'<a href="{related[0].get_absolute_url()}">Office Clerk</a>',
        f'<a href="{clerks.get_absolute_url()}">Office Assistant</a>',
        "Administrative Office Assistant",
        "Business Office Assistant",
    ]


def test_a_related_career_links_to_no_draft_or_guide_as_its_occupations_page(client):
    role = make_role()
    make_occupation("43-9061", "Office Clerks, General")
    make_draft(title="Clerk draft", introduction="", occupation_id="43-9061")  # not published
    make_role(title="Another guide", occupation_id="43-9061")  # a guide, not the occupation's page
    name = make_draft(title="Office Assistant", introduction="", occupation_id="43-9061")
    RelatedRole.objects.create(role=role, related=name, order=1)

    assert related_items(client.get(role.get_absolute_url()).text) == ["Office Assistant"]


def test_plain_text_parts_are_escaped(client):
    role = make_role(title="Clerk <script>alert(1)</script>")
    make_responsibility(role, text="<img src=x onerror=alert(1)>")

    text = client.get(role.get_absolute_url()).text

    assert "<script>alert(1)" not in text
    assert "<img src=x" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_guide_page_has_no_inline_script_or_style(client):
    role = make_full_guide()

    response = client.get(role.get_absolute_url())

    assert "script-src 'self'" in response["Content-Security-Policy"]
    tags = Tags()
    tags.feed(response.text)
    # Only scripts from files, and data that is never run (JSON-LD); no style but the files'.
    scripts = [attrs for tag, attrs in tags.found if tag == "script"]
    assert scripts and all("src" in a or a.get("type") == "application/ld+json" for a in scripts)
    assert "style" not in {tag for tag, _ in tags.found}
    assert not [(tag, name) for tag, attrs in tags.found for name in attrs
                if name == "style" or name.startswith("on")]  # fmt: skip
    assert "style=" in response.text  # the embed code, text in a textarea: not the page's own


class Tags(HTMLParser):
    """Every element of a page with its attributes, as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999", "2%00", "１"])
def test_list_page_survives_bad_page_numbers(client, page):
    make_role(title="Only Clerk")

    response = client.get(reverse("careers:list"), {"page": page})

    assert response.status_code == 200
    assert "Only Clerk" in response.text


def test_home_page_features_published_guides(client):
    make_role(title="Featured Clerk")
    make_role(title="Empty Stub", introduction="")

    text = client.get(reverse("careers:home")).text

    assert "Featured Clerk" in text
    assert "Empty Stub" not in text
    assert f'action="{reverse("careers:list")}"' in text  # its search box searches the careers


def test_guide_shows_its_own_figures_beside_the_official_ones(client):
    occupation = make_occupation()
    make_estimate(occupation, make_area())
    role = make_role(
        occupation=occupation, median_pay=42750, median_pay_year=2023,
        median_pay_source="U.S. national median for General Office Clerks, BLS, May 2023",
    )  # fmt: skip

    text = client.get(role.get_absolute_url()).text

    salary = text[text.index('id="salary"') :]
    assert "$42,750" in salary and "BLS, May 2023" in salary
    assert "Official figures, May 2025" in salary and "$45,010" in salary
    assert "$30,310 to $64,680" in salary and "1,000" in salary
    assert "The guide's median salary dates from 2023" in salary
    assert reverse("careers:salaries", kwargs={"slug": role.slug}) in salary


def test_guide_figures_as_new_as_the_release_need_no_warning(client):
    occupation = make_occupation()
    make_estimate(occupation, make_area())
    role = make_role(occupation=occupation, median_pay=45010, median_pay_year=2025)

    assert "dates from" not in client.get(role.get_absolute_url()).text


def test_guide_with_occupation_costs_seven_more_queries(client, django_assert_num_queries):
    """One for the official wage estimate, one for the official projection, one for the
    occupation's groups (the breadcrumb), the O*NET skills and technologies of the readiness
    check (careers/fit.py), and the O*NET occupations with their reported titles (the
    header's other names and Bright Outlook)."""
    occupation = make_occupation()
    make_estimate(occupation, make_area())
    make_projection(occupation)
    for number in range(2):  # two O*NET occupations, each with its titles
        onet = make_onet(occupation, f"43-9061.0{number}", f"Clerks {number}",
                         titles=[f"Clerk {number}", f"Office Clerk {number}"])  # fmt: skip
        make_onet_profile(onet, bright="Rapid Growth")
    role = make_full_guide(levels=3, extra=3)
    role.occupation = occupation
    role.save()

    with django_assert_num_queries(GUIDE_PAGE_QUERIES + 7):
        response = client.get(role.get_absolute_url())
    assert "Official figures" in response.text
    assert "also called Clerk 0, Office Clerk 0, Clerk 1, Office Clerk 1" in response.text


def test_occupation_without_a_guide_has_a_plain_page(client, django_assert_num_queries):
    occupation = make_occupation("27-2011", "Actors")
    make_estimate(occupation, make_area(), annual_median=None, markers={"annual_median": "*"})
    page = make_role(title="Actors", introduction="", occupation=occupation)
    make_role(title="Stage Actor Guide", occupation=occupation)

    # The role, its wage estimate, its groups (the breadcrumb), the guides sharing it, its
    # projection, its definition and the O*NET occupations describing it (none here, so none of
    # their tasks, titles or technologies).
    with django_assert_num_queries(7):
        response = client.get(page.get_absolute_url())

    assert response.status_code == 200
    assert "has not been written yet" in response.text
    assert "SOC) code 27-2011" in response.text
    assert "not published" in response.text
    assert "Stage Actor Guide" in response.text


def test_occupation_named_by_a_guide_but_not_imported_is_no_error(client):
    role = make_role(occupation_id="99-9999")

    response = client.get(role.get_absolute_url())

    assert response.status_code == 200
    assert "Official figures" not in response.text


def test_home_has_search_and_browse_by_industry_and_group(client, django_assert_num_queries):
    from guides.models import Industry, RoleIndustry

    make_occupation("43-0000", "Office and Administrative Support Occupations", group="major")
    make_occupation("29-0000", "Healthcare Practitioners and Technical Occupations", group="major")
    guide = make_role(title="Back Office Assistant", occupation=make_occupation())
    healthcare = Industry.objects.create(name="Healthcare", slug="healthcare")
    RoleIndustry.objects.create(role=guide, industry=healthcare, order=1)

    # Without official releases, no list from them: 12 less 3 (tests/careers/test_clusters.py).
    with django_assert_num_queries(9):
        text = client.get(reverse("careers:home")).text

    assert f'action="{reverse("careers:list")}"' in text and 'name="q"' in text
    assert '?industry=healthcare">Healthcare</a>' in text and "(1 guide)" in text
    assert '<span class="tile__name">Office and Administrative Support Occupations</span>' in text
    assert "Healthcare Practitioners" not in text  # no role in that group yet


def test_an_old_slug_redirects_permanently_forever(client):
    role = make_role(title="Clerk", slug="clerk")
    role.slug = "office-clerk"
    role.save()
    role.slug = "general-office-clerk"
    role.save()

    for old in ("clerk", "office-clerk"):
        response = client.get(f"/careers/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/careers/general-office-clerk/"
    salaries = client.get("/careers/clerk/salaries/?state=CA&sort=pay")
    assert salaries.status_code == 301
    assert salaries["Location"] == "/careers/general-office-clerk/salaries/?state=CA&sort=pay"
    assert client.get("/careers/general-office-clerk/").status_code == 200


def career_routes():
    """The name of every route under /careers/<slug>/, as careers/urls.py has them now."""
    from careers.urls import urlpatterns

    return [
        route.name
        for route in urlpatterns
        if str(route.pattern).startswith("careers/<slug:slug>/")
    ]


@pytest.mark.parametrize("name", career_routes())
def test_every_route_of_a_career_follows_its_old_slug(client, name):
    guide = make_site()
    new = reverse(f"careers:{name}", args=[guide.slug])
    assert client.get(new).status_code == 200
    guide.slug = "back-office-associate"
    guide.save()
    old, new = new, reverse(f"careers:{name}", args=[guide.slug])

    response = client.get(f"{old}?utm_source=job-board")

    assert response.status_code == 301
    assert response["Location"] == f"{new}?utm_source=job-board"
    assert client.get(new).status_code == 200


@pytest.mark.parametrize("name", career_routes())
def test_every_route_of_a_retired_summary_row_career_leads_to_its_group(client, name):
    make_site()  # with the groups above office clerks
    for code, slug in [("00-0000", "all-occupations"), ("43-9000", "other-office-workers")]:
        make_role(title=slug, slug=slug, introduction="", occupation_id=code)
    Role.objects.of_summary_rows().retire()

    for slug, group in [("all-occupations", "/occupations/"),
                        ("other-office-workers", "/occupations/43-9000/")]:  # fmt: skip
        response = client.get(reverse(f"careers:{name}", args=[slug]) + "?utm_source=job-board")

        assert response.status_code == 301
        assert response["Location"] == f"{group}?utm_source=job-board"
        assert client.get(response["Location"]).status_code == 200


def test_every_route_of_a_career_is_checked():
    assert {"detail", "salaries", "embed", "job_post", "preview_image"} <= set(career_routes())


def test_a_role_taking_back_its_old_slug_is_served_there(client):
    role = make_role(slug="first")
    role.slug = "second"
    role.save()
    role.slug = "first"
    role.save()

    assert client.get("/careers/first/").status_code == 200
    assert client.get("/careers/second/")["Location"] == "/careers/first/"


def test_an_old_slug_of_a_draft_is_a_404(client):
    role = make_draft(slug="draft-one")
    role.slug = "draft-two"
    role.save()
    assert client.get("/careers/draft-one/").status_code == 404
