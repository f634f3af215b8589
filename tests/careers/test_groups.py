"""
The occupation tree: the summary rows of the wage data (major, minor and broad groups) as pages
to browse, /occupations/ and /occupations/<code>/, and the breadcrumb they give career pages.
"""

import pytest
from django.urls import reverse

from tests.builders import (
    make_area,
    make_estimate,
    make_occupation,
    make_role,
    make_tree,
)

pytestmark = pytest.mark.django_db

# The group, with the groups above it; the rows under it; their national estimates, with the
# release; the careers of its detailed occupations.
GROUP_PAGE_QUERIES = 4
# The major groups; how many detailed occupations each holds; their national estimates.
INDEX_QUERIES = 3


@pytest.fixture
def clerks():
    """Office Clerks, General, its occupation page and a guide, under its real groups."""
    occupation = make_occupation()
    make_estimate(occupation, make_area())
    major, minor = make_tree(occupation)
    page = make_role(title="Office Clerks, General", slug="office-clerks-general",
                     introduction="", occupation=occupation)  # fmt: skip
    guide = make_role(title="Back Office Assistant", slug="back-office-assistant",
                      occupation=occupation)  # fmt: skip
    return major, minor, page, guide


def add_occupation(parent, code, title, median=None, markers=None):
    occupation = make_occupation(code, title, parent=parent)
    make_estimate(occupation, make_area(), annual_median=median, markers=markers or {})
    return occupation


def test_a_group_shows_its_place_in_the_tree_its_occupations_and_their_pay(client, clerks):
    major, minor, page, guide = clerks
    surgeons = add_occupation(minor, "43-9071", "Top-Coded Clerks", markers={"annual_median": "#"})
    make_role(title=surgeons.title, slug="top-coded-clerks", introduction="", occupation=surgeons)
    make_role(title="Draft Guide", slug="draft-guide", occupation=surgeons, status="draft")

    text = client.get(reverse("careers:group", args=["43-9000"])).text

    assert (
        '<a href="/occupations/">Occupation groups</a> › <a href="/occupations/43-0000/">'
        "Office and Administrative Support Occupations</a> › "
        '<span aria-current="page">Other Office and Administrative Support Workers</span>'
    ) in text
    assert "<h1>Other Office and Administrative Support Workers</h1>" in text
    assert "Minor group 43-9000" in text and "2 occupations" in text
    assert "National median annual wage: $45,300." in text
    assert (
        '<th scope="row"><a href="/careers/office-clerks-general/">Office Clerks, General</a>'
        '</th><td>43-9061</td><td class="figures__number">$45,010</td>'
        '<td><a href="/careers/back-office-assistant/">Back Office Assistant</a></td>'
    ) in text
    assert "$239,200 or more" in text  # BLS's top-coded median, as BLS marks it
    assert "Draft Guide" not in text
    assert "Source: BLS OEWS, May 2025, published 15 May 2026" in text


def test_a_major_group_counts_the_occupations_in_each_group_below_it(client, clerks):
    major, minor, *_ = clerks
    broad = make_occupation("43-9010", "Computer Operators", group="broad", parent=minor)
    add_occupation(broad, "43-9011", "Computer Operators", median=50000)
    add_occupation(broad, "43-9012", "Card Punchers")
    add_occupation(major, "43-1011", "First-Line Supervisors", median=69500)

    text = client.get(reverse("careers:group", args=["43-0000"])).text

    assert "Major group 43-0000" in text and "4 occupations" in text
    assert (
        '<a href="/occupations/43-9000/">Other Office and Administrative Support Workers</a>'
        '</th><td>43-9000</td><td class="figures__number">3</td>'
        '<td class="figures__number">$45,300</td>'
    ) in text
    # A detailed occupation right under the major group, without a career page yet.
    assert '<th scope="row">First-Line Supervisors</th><td>43-1011</td>' in text
    assert "$69,500" in text
    assert f'href="{reverse("careers:list")}?group=43"' in text
    assert "Computer Operators" not in text  # two levels down: on the minor group's page

    broad_page = client.get(reverse("careers:group", args=["43-9010"])).text
    assert "Broad occupation 43-9010" in broad_page and "2 occupations" in broad_page
    assert '<td class="figures__number">not published</td>' in broad_page  # no median: none
    assert 'href="/occupations/43-9000/">Other Office' in broad_page  # in its breadcrumb


def test_the_index_lists_the_major_groups(client, clerks, django_assert_num_queries):
    healthcare = make_occupation("29-0000", "Healthcare Practitioners and Technical Occupations",
                                 group="major")  # fmt: skip
    add_occupation(healthcare, "29-1141", "Registered Nurses", median=93600)

    with django_assert_num_queries(INDEX_QUERIES):
        text = client.get(reverse("careers:groups")).text

    assert "The 2 occupations of the official wage data, in the 2 major groups" in text
    assert "National median annual wage, all occupations: $50,980." in text
    assert text.index("Healthcare Practitioners") < text.index("Office and Administrative")
    assert (
        '<a href="/occupations/43-0000/">Office and Administrative Support Occupations</a>'
        '</th><td>43-0000</td><td class="figures__number">1</td>'
        '<td class="figures__number">$47,450</td>'
    ) in text
    assert '</th><td>29-0000</td><td class="figures__number">1</td>' in text


def test_a_group_page_costs_the_same_queries_however_many_rows(
    client, clerks, django_assert_num_queries
):
    major, minor, *_ = clerks
    add_occupation(major, "43-8011", "First-Line Supervisors", median=69500)
    url = reverse("careers:group", args=["43-0000"])
    with django_assert_num_queries(GROUP_PAGE_QUERIES):
        assert client.get(url).status_code == 200

    for number in range(1, 6):
        broad = make_occupation(f"43-{number}010", f"Broad {number}", group="broad", parent=major)
        for detail in range(1, 4):
            child = add_occupation(broad, f"43-{number}01{detail}", f"Job {number}.{detail}", 1)
            make_role(title=child.title, introduction="", occupation=child)
            make_role(title=f"Guide {number}.{detail}", occupation=child)
        add_occupation(major, f"43-{number}999", f"Loose {number}", median=2)
        loose = make_role(
            title=f"Loose {number}", introduction="", occupation_id=f"43-{number}999"
        )

    with django_assert_num_queries(GROUP_PAGE_QUERIES):
        text = client.get(url).text
    assert "Broad 5" in text and "22 occupations" in text
    assert f'<a href="{loose.get_absolute_url()}">Loose 5</a>' in text
    with django_assert_num_queries(GROUP_PAGE_QUERIES):
        assert "Guide 5.3" in client.get(reverse("careers:group", args=["43-5010"])).text


@pytest.mark.parametrize(
    "path",
    [
        "/occupations/43-1000/",  # no such group
        "/occupations/43-9061/",  # a detailed occupation: a career, not a group
        "/occupations/00-0000/",  # the total: the index is its page
        "/occupations/43-90/",
        "/occupations/43_9000/",
        "/occupations/439000/",
        "/occupations/43-9000x/",
        "/occupations/%00/",
        "/occupations/%D9%A4%D9%A3-9000/",  # Arabic-Indic digits
        "/occupations/43-9000/extra/",
    ],
)
def test_bad_group_addresses_are_404(client, clerks, path):
    response = client.get(path)
    assert response.status_code == 404


def test_career_pages_have_their_groups_as_breadcrumb(client, clerks):
    _, _, page, guide = clerks
    trail = (
        '<a href="/occupations/">Occupation groups</a> › <a href="/occupations/43-0000/">Office '
        'and Administrative Support Occupations</a> › <a href="/occupations/43-9000/">Other '
        "Office and Administrative Support Workers</a> › "
    )

    assert trail + '<span aria-current="page">Office Clerks, General</span>' in (
        client.get(page.get_absolute_url()).text
    )
    assert trail + '<span aria-current="page">Back Office Assistant</span>' in (
        client.get(guide.get_absolute_url()).text
    )
    unfiled = make_role(title="Unfiled Guide")
    assert '<a href="/careers/">All careers</a> › <span aria-current="page">Unfiled Guide' in (
        client.get(unfiled.get_absolute_url()).text
    )


def test_home_and_every_page_link_to_the_groups(client, clerks):
    home = client.get(reverse("careers:home")).text
    assert home.count(f'href="{reverse("careers:groups")}"') == 2  # the site's menu, and browse
    assert f'<li><a href="{reverse("careers:groups")}">Occupation groups</a></li>' in (
        client.get(reverse("careers:list")).text
    )


def test_the_sitemap_lists_every_group_and_the_index(client, clerks):
    make_occupation("43-9010", "Computer Operators", group="broad", parent=clerks[1])

    sitemap = client.get("/sitemap-groups.xml").text

    for path in ["/occupations/", "/occupations/43-0000/", "/occupations/43-9000/",
                 "/occupations/43-9010/"]:  # fmt: skip
        assert f"<loc>http://testserver{path}</loc>" in sitemap
    assert "00-0000" not in sitemap and "43-9061" not in sitemap
    assert "/sitemap-groups.xml" in client.get("/sitemap.xml").text
