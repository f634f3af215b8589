"""
O*NET's legacy career clusters as pages to browse, /clusters/ and /clusters/<slug>/, and the
home page's browse section: the occupation tree and the clusters, with their careers counted.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from guides.models import Role
from occupations.models import Occupation
from tests.builders import (
    make_area,
    make_cluster,
    make_estimate,
    make_occupation,
    make_projection,
    make_role,
    make_tree,
)
from tests.careers.test_groups import GROUP_PAGE_QUERIES

pytestmark = pytest.mark.django_db

# The clusters; the careers in the cluster; the newest wage release; the hourly medians of
# those without an annual one (no query when every one has an annual one); the newest
# projections' release.
CLUSTER_PAGE_QUERIES = 5
# The clusters; the careers counted by the clusters they are in.
INDEX_QUERIES = 2
# The featured guides; the newest projections and wage releases, the average growth of all
# occupations and the three lists (tests/careers/test_home.py); the industries; the major
# groups; the careers counted by major group; the clusters; the careers counted by cluster.
HOME_QUERIES = 12  # also pinned in tests/careers/test_views.py, without official releases

BUSINESS = "Business Management & Administration"
HEALTH = "Health Science"


@pytest.fixture
def catalogue():
    """Office clerks (an occupation page and a guide) in the business cluster; nurses and
    actors (paid by the hour only) in health science and arts; a draft and a demo role."""
    clerks = make_occupation(national_annual_median=45010)
    make_tree(clerks)
    area = make_area()
    make_estimate(clerks, area)
    make_projection(clerks)
    major = make_occupation(
        "29-0000", "Healthcare Practitioners and Technical Occupations", group="major"
    )
    nurses = make_occupation(
        "29-1141", "Registered Nurses", parent=major, national_annual_median=93600
    )
    make_estimate(nurses, area, annual_median=93600)
    make_projection(nurses, change_percent=Decimal("5.2"))
    actors = make_occupation("27-2011", "Actors")
    make_estimate(actors, area, annual_median=None, hourly_median=Decimal("25.14"),
                  hourly_only=True)  # fmt: skip
    make_cluster(BUSINESS, 4, "43-9061")
    make_cluster(HEALTH, 8, "29-1141", "43-9061")
    make_cluster("Arts, Audio/Video Technology & Communications", 3, "27-2011")
    make_role(title="Office Clerks, General", slug="office-clerks-general", introduction="",
              occupation=clerks)  # fmt: skip
    make_role(title="Back Office Assistant", slug="back-office-assistant", occupation=clerks)
    make_role(title="Registered Nurses", slug="registered-nurses", introduction="",
              occupation=nurses)  # fmt: skip
    make_role(title="Actors", slug="actors", introduction="", occupation=actors)
    make_role(title="Draft Clerk", occupation=clerks, status="draft")
    make_role(title="Demo: Clerk", occupation=clerks, is_demo=True)
    Role.objects.refresh_official_figures()


def tile(url, icon, name, count):
    """A browsing tile as the page has it: its icon (of static/icons.svg), name and count."""
    return (
        f'<a class="tile" href="{url}"><svg class="icon" aria-hidden="true" focusable="false">'
        f'<use href="/static/icons.svg#{icon}"></use></svg><span class="tile__text">'
        f'<span class="tile__name">{name}</span> <span class="tile__count">{count}</span>'
        "</span></a>"
    )


def cluster_url(slug):
    return reverse("careers:cluster", args=[slug])


def test_the_index_lists_the_clusters_with_their_careers(
    client, catalogue, django_assert_num_queries
):
    with django_assert_num_queries(INDEX_QUERIES):
        text = client.get(reverse("careers:clusters")).text

    assert "<h1>Career clusters</h1>" in text
    assert "O*NET career clusters, legacy 2023 framework" in text
    assert tile(
        "/clusters/business-management-administration/", "briefcase-business",
        "Business Management &amp; Administration", "2 careers",
    ) in text  # fmt: skip
    # The clerks' two careers and the nurses'.
    assert tile("/clusters/health-science/", "hospital", "Health Science", "3 careers") in text
    assert text.index("Arts, Audio") < text.index("Business") < text.index("Health Science")
    assert "This site incorporates information from O*NET OnLine" in text
    assert "Used under the CC BY 4.0 license." in text


def test_a_cluster_lists_its_careers_with_their_pay_and_growth(client, catalogue):
    text = client.get(cluster_url("health-science")).text

    assert "<h1>Health Science</h1>" in text
    assert "O*NET career clusters, legacy 2023 framework" in text
    assert (
        '<a href="/clusters/">Career clusters</a> › <span aria-current="page">Health Science'
    ) in text
    rows = text[text.index("<tbody>") : text.index("</tbody>")]
    assert (
        rows.index("Back Office Assistant")
        < rows.index("Office Clerks")
        < rows.index("Registered Nurses")
    )
    assert (
        '<th scope="row"><a href="/careers/registered-nurses/">Registered Nurses</a></th>'
        '<td class="figures__number">$93,600</td><td class="figures__number">5.2%</td>'
        "<td>29-1141</td>"
    ) in rows
    assert (
        '<a href="/careers/back-office-assistant/">Back Office Assistant</a> '
        '<span class="badge">Full guide</span></th><td class="figures__number">$45,010</td>'
        '<td class="figures__number">\N{MINUS SIGN}6.7%</td><td>43-9061</td>'
    ) in rows
    assert "Draft Clerk" not in text and "Demo: Clerk" not in text
    assert "BLS OEWS May 2025, U.S. national median" in text
    assert "BLS Employment Projections 2024-34" in text
    assert "Used under the CC BY 4.0 license." in text
    assert '<a href="/careers/?cluster=health-science">See these 3 careers in the list</a>' in (
        text
    )
    # The list finds as many (it also shows generated demo roles, for load tests: none here).
    Role.objects.filter(is_demo=True).delete()
    listed = client.get(reverse("careers:list"), {"cluster": "health-science"}).text
    assert '<h2 class="results__count">3 careers</h2>' in listed


def test_pay_published_only_by_the_hour_is_shown_by_the_hour(client, catalogue):
    text = client.get(cluster_url("arts-audiovideo-technology-communications")).text

    assert (
        '<a href="/careers/actors/">Actors</a></th><td class="figures__number">$25.14 an hour'
        '</td><td class="figures__number">not published</td>'  # no projection
    ) in text
    assert "See these 1 careers" not in text and "See this career in the list" in text


def test_a_cluster_page_costs_the_same_queries_however_many_careers(
    client, catalogue, django_assert_num_queries
):
    with django_assert_num_queries(CLUSTER_PAGE_QUERIES):
        assert client.get(cluster_url("arts-audiovideo-technology-communications")).status_code

    codes = []
    for number in range(10):
        code = f"43-40{number}1"
        codes.append(code)
        make_occupation(code, f"Clerk {number}")
        make_role(title=f"Clerk {number}", introduction="", occupation_id=code)
        make_role(title=f"Clerk guide {number}", occupation_id=code)
    make_cluster("Finance", 6, *codes)
    make_cluster("Marketing", 12, *codes)
    Role.objects.refresh_official_figures()

    with django_assert_num_queries(CLUSTER_PAGE_QUERIES):
        text = client.get(cluster_url("finance")).text
    assert "Clerk guide 9" in text and "See these 20 careers in the list" in text
    with django_assert_num_queries(INDEX_QUERIES):
        assert ">20 careers<" in client.get(reverse("careers:clusters")).text


@pytest.mark.parametrize(
    "path",
    [
        "/clusters/no-such-cluster/",
        "/clusters/Health-Science/",
        "/clusters/health%20science/",
        "/clusters/%00/",
        "/clusters/health-science/extra/",
    ],
)
def test_unknown_clusters_are_404(client, catalogue, path):
    assert client.get(path).status_code == 404


def test_without_clusters_the_index_says_so(client):
    text = client.get(reverse("careers:clusters")).text
    assert "No career clusters have been imported yet." in text


def test_the_sitemap_lists_the_clusters(client, catalogue):
    sitemap = client.get("/sitemap-clusters.xml").text

    for path in [
        "/clusters/",
        "/clusters/health-science/",
        "/clusters/business-management-administration/",
    ]:
        assert f"<loc>http://testserver{path}</loc>" in sitemap
    assert "/sitemap-clusters.xml" in client.get("/sitemap.xml").text


def test_home_browses_the_tree_and_the_clusters(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(HOME_QUERIES):
        text = client.get(reverse("careers:home")).text

    browse = text[text.index('id="browse-heading"') :]
    assert tile(
        "/occupations/43-0000/", "clipboard-list",
        "Office and Administrative Support Occupations", "2 careers",
    ) in browse  # fmt: skip
    assert tile(
        "/occupations/29-0000/", "stethoscope",
        "Healthcare Practitioners and Technical Occupations", "1 career",
    ) in browse  # fmt: skip
    assert tile("/clusters/health-science/", "hospital", "Health Science", "3 careers") in browse
    assert f'href="{reverse("careers:clusters")}"' in browse

    for number in range(5):
        code = f"43-40{number}1"
        make_occupation(code, f"Clerk {number}")
        make_role(title=f"Clerk {number}", occupation_id=code)
    make_occupation("11-0000", "Management Occupations", group="major")
    make_occupation("11-1011", "Chief Executives")
    make_role(title="Chief", occupation_id="11-1011")
    make_cluster("Finance", 6, "11-1011")
    Role.objects.refresh_official_figures()
    # Featured now: guides whose occupations have no annual median, whose hourly medians their
    # cards show instead (careers/headline.py): one query for them all.
    with django_assert_num_queries(HOME_QUERIES + 1):
        text = client.get(reverse("careers:home")).text
    assert tile("/occupations/11-0000/", "briefcase", "Management Occupations", "1 career") in text
    assert "7 careers" in text


def test_group_pages_link_their_groups_to_the_list_with_their_careers(
    client, catalogue, django_assert_num_queries
):
    major = Occupation.objects.get(code="43-0000")
    minor = make_occupation("43-4000", "Information and Record Clerks", group="minor",
                            parent=major)  # fmt: skip
    broad = make_occupation("43-4170", "Receptionists", group="broad", parent=minor)
    make_occupation("43-4171", "Receptionists and Information Clerks", parent=broad)
    make_role(title="Receptionists", occupation_id="43-4171")
    make_role(title="Front Desk Guide", occupation_id="43-4171")
    Role.objects.refresh_official_figures()

    with django_assert_num_queries(GROUP_PAGE_QUERIES):
        text = client.get(reverse("careers:group", args=["43-0000"])).text

    assert '<a href="/careers/?group=43">See its 4 careers in the list</a>' in text
    assert (
        '<td class="figures__number"><a href="/careers/?group=43-4000">2 careers'
        '<span class="visually-hidden"> in Information and Record Clerks</span></a></td>'
    ) in text
    assert '<a href="/careers/?group=43-9000">2 careers' in text
    broad_page = client.get(reverse("careers:group", args=["43-4170"])).text
    assert '<a href="/careers/?group=43-4170">See its 2 careers in the list</a>' in broad_page
    listed = client.get(reverse("careers:list"), {"group": "43-4000"}).text
    assert '<h2 class="results__count">2 careers</h2>' in listed


def test_the_cluster_pages_are_cached(client, catalogue, settings, django_assert_num_queries):
    settings.CACHE_PAGES = True  # as tests/test_page_cache.py checks every cached page
    for url in [reverse("careers:clusters"), cluster_url("health-science")]:
        first = client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url).content == first.content
