"""The careers list: search, filters with counts, sorting, pages, htmx, bad input."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from careerguide import catalogue
from careers.forms import CareerFilterForm
from guides.models import Role, RoleIndustry
from occupations.models import Occupation, OnetOccupation, Projection, SourceRelease
from tests.builders import (
    make_area,
    make_catalogue,
    make_cluster,
    make_estimate,
    make_occupation,
    make_occupation_role,
    make_onet,
    make_projection,
    make_role,
    make_skill,
)

pytestmark = pytest.mark.django_db

LIST = reverse("careers:list")
# The page of results; then, unless cached, the counts (the roles grouped by the counted
# filters, then the industries), and without search words whether RoleTally is current, which
# they read; with search words, whether any role has them (else similar words are tried),
# cached. A new catalogue version costs more, once (`first`): the form's choices (groups, career
# clusters, the growth of all occupations that the growth bands compare with, and industries,
# read from the tally whatever the search), the newest wage release,
# which the results' pay is from, the projections, and O*NET's newest release (the credit of
# the other names and Bright Outlook marks); and one more when the next scheduled
# guide goes public (measured apart, below). After a change, the first to read the tally
# rebuilds it (`rebuild`): its savepoint, the lock of its state, whether another process
# rebuilt it meanwhile, the old rows out, the new rows (roles, then per industry), the state,
# the savepoint released. A page showing an occupation without an annual median (Actors) looks
# up the hourly medians: one more.
LIST_QUERIES_CACHED = 1
LIST_QUERIES = 3
FIRST_QUERIES = 7
REBUILD_QUERIES = 8


def list_queries(query="", cached=False, hourly=False, first=False, rebuild=False):
    queries = LIST_QUERIES_CACHED if cached else LIST_QUERIES + (1 if query else 0)
    if first:
        queries += FIRST_QUERIES
    # The industry choices (first) read the tally whatever the search; the counts, without one.
    if first or (not query and not cached):
        queries += 1 + (REBUILD_QUERIES if rebuild else 0)
    return queries + (1 if hourly else 0)


@pytest.fixture
def roles():
    return make_catalogue()


@pytest.fixture
def tree(roles):
    """The catalogue with the occupation tree above two of its office occupations: the minor
    group 43-3000 with its broad occupation 43-3030 (the bookkeeper's), and 43-4000 with
    43-4170 (the receptionist's), as the wage data has them; and a second career cluster for
    the bookkeeper."""
    office = Occupation.objects.get(code="43-0000")
    for minor, minor_title, broad, broad_title, code in [
        ("43-3000", "Financial Clerks", "43-3030", "Bookkeeping, Accounting, and Auditing "
         "Clerks", "43-3031"),
        ("43-4000", "Information and Record Clerks", "43-4170", "Receptionists and "
         "Information Clerks", "43-4171"),
    ]:  # fmt: skip
        minor = make_occupation(minor, minor_title, group="minor", parent=office)
        broad = make_occupation(broad, broad_title, group="broad", parent=minor)
        Occupation.objects.filter(code=code).update(parent=broad)
    make_cluster("Finance", 4, "43-3031")  # the bookkeeper's second cluster
    Role.objects.refresh_official_figures()
    return roles


def titles(response):
    return [role.title for role in response.context["page"].object_list]


def test_lists_every_published_role_by_title(client, roles):
    response = client.get(LIST)

    assert response.status_code == 200
    assert titles(response) == sorted(titles(response))
    assert "Secret Clerk" not in titles(response)
    assert len(titles(response)) == 5
    assert "5 careers" in response.text


def test_an_occupation_with_only_hourly_wages_shows_its_hourly_median(client, roles):
    make_estimate(roles["actors"].occupation, make_area(), hourly_only=True, annual_median=None,
                  hourly_median=Decimal("29.05"), markers={"annual_median": "*"})  # fmt: skip

    text = client.get(LIST).text

    actors = text[text.index(">Actors</a>") :].split("</li>", 1)[0]
    assert "Median pay $29.05 an hour" in actors
    assert "BLS publishes no annual figure for it" in actors
    assert "not published" not in actors


def test_each_result_shows_pay_summary_and_badge(client, roles):
    text = client.get(LIST).text

    assert "Median pay $45,010 a year" in text
    assert "Median pay not published" in text  # Actors
    assert text.count('class="badge">Full guide') == 2
    assert "keeps records and processes invoices" in text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"industry": "healthcare"}, {"Back Office Assistant", "Registered Nurse"}),
        ({"industry": "financial-services"}, {"Back Office Assistant"}),
        ({"group": "43"}, {"Back Office Assistant", "Receptionists and Information Clerks",
                           "Bookkeeping, Accounting, and Auditing Clerks"}),
        ({"education": "bachelor"}, {"Registered Nurse"}),
        # BLS's 2024-34 projections of their occupations, not the guides' own figures (the
        # clerk's guide says 5% growth for 2022-32; BLS now projects -6.7%).
        ({"growth": "declining"}, {"Back Office Assistant",
                                   "Bookkeeping, Accounting, and Auditing Clerks"}),
        ({"growth": "slower"}, {"Receptionists and Information Clerks", "Actors"}),
        ({"growth": "average-or-faster"}, {"Registered Nurse"}),
        ({"guide": "on"}, {"Back Office Assistant", "Registered Nurse"}),
        ({"pay_min": "45000"}, {"Back Office Assistant", "Registered Nurse",
                                "Bookkeeping, Accounting, and Auditing Clerks"}),
        ({"pay_min": "40000", "pay_max": "50000"},
         {"Back Office Assistant", "Bookkeeping, Accounting, and Auditing Clerks"}),
        ({"pay_max": "40000"}, {"Receptionists and Information Clerks"}),
        ({"industry": "healthcare", "education": "high_school"}, {"Back Office Assistant"}),
        # Every occupation's typical entry education (BLS), not only the written guides'.
        ({"education": "high_school"}, {"Back Office Assistant",
                                        "Receptionists and Information Clerks"}),
        ({"education": "some_college"}, {"Actors",
                                         "Bookkeeping, Accounting, and Auditing Clerks"}),
        ({"openings": "1000-10000"}, {"Actors"}),
        ({"openings": "50000-plus"}, {"Back Office Assistant", "Registered Nurse",
                                      "Receptionists and Information Clerks",
                                      "Bookkeeping, Accounting, and Auditing Clerks"}),
        ({"openings": "under-1000"}, set()),
        ({"job_zone": "4"}, {"Registered Nurse"}),
        ({"job_zone": "2"}, {"Actors"}),
        ({"bright": "on"}, {"Registered Nurse", "Bookkeeping, Accounting, and Auditing Clerks"}),
        ({"bright": "on", "growth": "declining"},
         {"Bookkeeping, Accounting, and Auditing Clerks"}),
        ({"cluster": "health-science"}, {"Registered Nurse"}),
        ({"cluster": "business-management-administration", "openings": "50000-plus"},
         {"Back Office Assistant", "Receptionists and Information Clerks",
          "Bookkeeping, Accounting, and Auditing Clerks"}),
    ],
)  # fmt: skip
def test_filters(client, roles, params, expected):
    assert set(titles(client.get(LIST, params))) == expected


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("title", "Actors", "Registered Nurse"),
        ("pay-high", "Registered Nurse", "Actors"),
        ("pay-low", "Receptionists and Information Clerks", "Actors"),
        ("growth", "Registered Nurse", "Back Office Assistant"),
        ("openings", "Back Office Assistant", "Actors"),
    ],
)
def test_sorting(client, roles, sort, first, last):
    found = titles(client.get(LIST, {"sort": sort}))

    assert (found[0], found[-1]) == (first, last)


def test_each_card_shows_the_outlook_it_is_sorted_by_with_its_source(client, roles):
    response = client.get(LIST, {"sort": "openings"})

    cards = response.text.split('<li class="result">')[1:]
    assert [card.split("</a>")[0].rsplit(">", 1)[-1] for card in cards[:2]] == [
        "Back Office Assistant", "Registered Nurse",
    ]  # fmt: skip
    assert (
        '<p class="result__outlook">Projected change \N{MINUS SIGN}6.7% by 2034, 282,400 '
        'openings a year <span class="result__source">(BLS Employment Projections 2024-34)'
        "</span></p>"
    ) in cards[0]
    # A role without a projection says nothing of its outlook.
    Projection.objects.filter(occupation="27-2011").delete()
    Role.objects.refresh_official_figures()
    catalogue.changed()
    actors = client.get(LIST, {"q": "actors"}).text
    assert "Actors" in actors and "result__outlook" not in actors


def test_choices_show_how_many_roles_each_would_give(client, roles):
    response = client.get(LIST, {"education": "high_school"})
    facets = response.context["facets"]

    industries = {value: count for value, _, count, _ in facets["industry"]}
    assert industries == {"": None, "financial-services": 1, "healthcare": 1}
    education = {value: count for value, _, count, _ in facets["education"]}
    # BLS's typical entry education of every role's occupation, its own filter aside.
    chosen = ("high_school", "bachelor", "some_college")
    assert [education[value] for value in chosen] == [2, 1, 2]
    assert '<option value="healthcare">Healthcare (1)</option>' in response.text


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"education": "high_school"},
        {"industry": "healthcare", "growth": "declining"},
        {"group": "43", "pay_min": "40000", "guide": "on"},
        {"q": "clerk", "pay_max": "50000", "education": "bachelor"},
        {"q": "clerk", "industry": "financial-services", "growth": "average-or-faster"},
        {"bright": "on", "job_zone": "3"},
        {"openings": "50000-plus", "education": "some_college", "group": "43-3000"},
        {"group": "43-3030", "growth": "declining"},
        {"group": "43", "bright": "yes", "sort": "openings"},
        {"cluster": "business-management-administration", "growth": "declining"},
        {"cluster": "finance", "q": "clerk"},
    ],
)
def test_each_count_is_what_choosing_it_would_show(tree, params):
    def results(chosen):
        form = CareerFilterForm(chosen)
        assert form.is_valid(), form.errors
        return form.apply(form.search(Role.objects.published())).count()

    form = CareerFilterForm(params)
    form.is_valid()
    total, counts = form.counts(form.search(Role.objects.published()))

    assert total == results(params)
    facets = ("industry", "group", "education", "growth", "openings", "job_zone", "cluster")
    for facet in facets:
        for value, _ in form.fields[facet].choices[1:]:
            expected = results({**params, facet: value})
            assert counts[facet].get(value, 0) == expected, (facet, value)
    for facet in ("guide", "bright"):
        assert counts[facet].get("yes", 0) == results({**params, facet: "on"}), facet


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("back office", "Back Office Assistant"),
        ("office clerk", "Office"),  # Back Office Assistant (43-9061's guide) or its occupation
        ("nurse", "Registered Nurse"),
        ("invoices", "Back Office Assistant"),  # found in the introduction
        ("receptionist", "Receptionists and Information Clerks"),
        ("bookkeeping", "Bookkeeping, Accounting, and Auditing Clerks"),
    ],
)
def test_search_finds_what_people_type(client, roles, query, expected):
    found = titles(client.get(LIST, {"q": query}))

    assert found and expected in found[0]


def other_names(role, *names):
    """O*NET's titles of the role's occupation, each (title, short title), copied onto its
    careers as sync_careers does."""
    code = f"{role.occupation_id}.00"
    onet = OnetOccupation.objects.filter(code=code).first() or make_onet(
        role.occupation, code, role.occupation.title
    )
    for position, (title, short) in enumerate(names):
        onet.titles.create(title=title, short_title=short, reported=False, position=position)
    Role.objects.refresh_official_titles()


def test_search_finds_a_role_by_its_occupations_other_names_and_says_so(
    client, roles, committed, django_assert_num_queries
):
    with committed():
        other_names(roles["nurse"], ("Registered Nurse (RN)", "RN"), ("Staff Nurse", ""))
        other_names(roles["receptionist"], ("Front Desk Agent", ""), ("Hotel Nurse Desk", ""))
    catalogue.version()

    with django_assert_num_queries(list_queries("rn", first=True, rebuild=True)):
        response = client.get(LIST, {"q": "rn"})

    assert titles(response)[0] == "Registered Nurse"
    assert '<p class="result__also">Also called Registered Nurse (<mark>RN</mark>)</p>' in (
        response.text
    )
    assert titles(client.get(LIST, {"q": "front desk"})) == [
        "Receptionists and Information Clerks"
    ]
    assert titles(client.get(LIST, {"q": "staff nurse"}))[0] == "Registered Nurse"
    # Its own title has the word: no other name is shown.
    nurse = client.get(LIST, {"q": "nurse"}).text
    assert "Also called Staff" not in nurse and "Also called Hotel" in nurse


def test_a_word_of_two_letters_is_read_where_a_word_starts(client, roles):
    other_names(roles["nurse"], ("Registered Nurse (RN)", "RN"))
    make_occupation_role("51-6092", "Fabric and Apparel Patternmakers", 62750)

    assert titles(client.get(LIST, {"q": "rn"})) == ["Registered Nurse"]
    assert titles(client.get(LIST, {"q": "pattern"})) == ["Fabric and Apparel Patternmakers"]


def test_a_typo_of_another_name_finds_its_role(client, roles):
    other_names(roles["receptionist"], ("Forklift Driver", ""))

    assert titles(client.get(LIST, {"q": "forklfit"})) == ["Receptionists and Information Clerks"]


def test_a_word_only_a_guide_writes_is_searched_as_typed(client, roles):
    """A word that no title or name has, but a guide's text does, is no typo: "accountant" is
    near enough to "accounting" to be corrected to it, were it not found as it is."""
    make_skill(roles["nurse"], text="Accountant liaison")
    roles["nurse"].refresh_search_body()

    response = client.get(LIST, {"q": "accountant"})

    assert "Registered Nurse" in titles(response)
    assert response.context["correction"] == ""


def test_a_guide_given_another_occupation_is_found_by_that_ones_names(client, roles):
    other_names(roles["receptionist"], ("Front Desk Agent", ""))
    clerk = roles["clerk"]
    clerk.occupation = roles["receptionist"].occupation
    clerk.save()

    assert "Back Office Assistant" in titles(client.get(LIST, {"q": "front desk agent"}))


def test_an_exact_other_name_comes_before_words_in_titles(client, roles):
    other_names(roles["bookkeeper"], ("Receptionist", ""))

    found = titles(client.get(LIST, {"q": "receptionist"}))

    assert found[:2] == ["Bookkeeping, Accounting, and Auditing Clerks",
                         "Receptionists and Information Clerks"]  # fmt: skip


def test_search_finds_skills(client, roles):
    make_skill(roles["nurse"], text="Patient triage")
    roles["nurse"].refresh_search_body()

    assert titles(client.get(LIST, {"q": "triage"})) == ["Registered Nurse"]


def test_search_highlights_matches(client, roles):
    text = client.get(LIST, {"q": "nurse"}).text

    assert "Registered <mark>Nurse</mark>" in text


def test_query_count_is_constant_in_page_size(client, roles, committed, django_assert_num_queries):
    catalogue.version()  # a running site has its catalogue version already
    with django_assert_num_queries(list_queries(hourly=True, first=True, rebuild=True)):
        client.get(LIST)
    with committed():
        for number in range(30):
            make_role(title=f"Filler Role {number:02d}")
    with django_assert_num_queries(list_queries(hourly=True, first=True, rebuild=True)):
        client.get(LIST)
    with django_assert_num_queries(list_queries(cached=True)):
        response = client.get(LIST, {"page": "2"})
    assert len(titles(response)) == 11  # 35 roles, 24 a page
    params = {"q": "clerk", "industry": "healthcare", "pay_min": "1"}
    with django_assert_num_queries(list_queries("clerk")):
        response = client.get(LIST, params)
    assert titles(response) == ["Back Office Assistant"]
    with django_assert_num_queries(list_queries("clerk", cached=True)):
        client.get(LIST, {**params, "sort": "title"})


def test_cached_counts_follow_every_change(client, roles, committed):
    assert "5 careers" in client.get(LIST).text

    with committed():
        make_role(title="Brand New Role")
    assert "6 careers" in client.get(LIST).text

    with committed():
        Role.objects.get(title="Brand New Role").delete()
    assert "5 careers" in client.get(LIST).text


def test_cached_counts_follow_a_bulk_delete_of_a_roles_industries(client, roles, committed):
    healthcare = client.get(LIST, {"industry": "healthcare"})  # its counts are now cached
    assert healthcare.context["page"].paginator.count == 2

    with committed():
        RoleIndustry.objects.filter(role=roles["nurse"]).delete()

    response = client.get(LIST, {"industry": "healthcare"})
    assert response.context["page"].paginator.count == 1
    assert "Registered Nurse" not in titles(response)


def test_cached_counts_expire_when_a_scheduled_guide_goes_public(roles, monkeypatch):
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)  # the clock stands still
    assert catalogue._lifetime() == settings.CATALOGUE_CACHE_SECONDS
    make_role(title="Scheduled Role", published_at=now + timedelta(seconds=90))

    assert catalogue._lifetime() == 90


def test_a_new_catalogue_version_asks_once_when_the_next_guide_goes_public(
    client, roles, django_assert_num_queries
):
    with django_assert_num_queries(list_queries(hourly=True, first=True, rebuild=True) + 1):
        client.get(LIST)  # the first request after a change starts the new version
    with django_assert_num_queries(list_queries(cached=True, hourly=True)):
        client.get(LIST)


def test_htmx_gets_only_the_results(client, roles):
    response = client.get(
        LIST, {"q": "nurse"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )

    assert response.status_code == 200
    assert "<html" not in response.text and 'id="id_q"' not in response.text
    assert "Registered <mark>Nurse</mark>" in response.text
    assert (
        'id="id_education" data-hx-swap-oob="true"' in response.text
    )  # counts follow the filters
    assert "HX-Target" in response["Vary"]


def test_htmx_swaps_the_new_filters_counts_too(client, roles):
    response = client.get(
        LIST, {"growth": "declining"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )

    for name in ("openings", "job_zone"):
        assert f'id="id_{name}" data-hx-swap-oob="true"' in response.text
    assert '<span id="bright-count" data-hx-swap-oob="true">1</span>' in response.text


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("43", {"Back Office Assistant", "Receptionists and Information Clerks",
                "Bookkeeping, Accounting, and Auditing Clerks"}),
        ("43-3000", {"Bookkeeping, Accounting, and Auditing Clerks"}),
        ("43-4170", {"Receptionists and Information Clerks"}),
    ],
)  # fmt: skip
def test_the_occupation_tree_filters_by_major_minor_and_broad_group(client, tree, group, expected):
    response = client.get(LIST, {"group": group})

    assert set(titles(response)) == expected
    assert 'role="alert"' not in response.text


def test_the_group_select_shows_the_chosen_branch_with_counts(client, tree):
    text = client.get(LIST, {"group": "43-3000"}).text
    other = client.get(LIST).text

    select = text[text.index('<select name="group"') :].split("</select>", 1)[0]
    assert '<option value="43-3000" selected>\u2003Financial Clerks (1)</option>' in select
    assert "\u2003\u2003Receptionists and Information Clerks (1)" in select
    assert '<option value="29">Healthcare Practitioners' in select
    assert "Financial Clerks" not in other  # the branches of a major group once it is chosen


def test_the_full_page_says_each_new_filter_with_its_count(client, roles):
    text = client.get(LIST).text

    assert "Some college, no degree (2)" in text
    assert "1,000 to 9,999 a year (1)" in text
    assert "Job zone 4: considerable preparation needed (1)" in text
    assert '<span id="bright-count">2</span>' in text


def test_full_page_has_the_form_and_the_results(client, roles):
    response = client.get(LIST, {"q": "nurse"})

    assert "<html" in response.text and 'value="nurse"' in response.text
    assert 'data-hx-push-url="true"' in response.text
    assert "hx-swap-oob" not in response.text


def test_no_results_says_so(client, roles):
    response = client.get(LIST, {"q": "zzzzqqqq"})

    assert response.status_code == 200
    assert "0 careers" in response.text and "No careers match" in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"industry": "no-such-industry"},
        {"group": "99"},
        {"education": "wizardry"},
        {"pay_min": "lots"},
        {"pay_min": "-5"},
        {"pay_min": "9" * 40},
        {"pay_min": "60000", "pay_max": "30000"},
        {"growth": "'; DROP TABLE guides_role; --"},
        {"sort": "{{ settings.SECRET_KEY }}"},
        {"guide": "\x00"},
        {"guide": "null"},
        {"openings": "lots"},
        {"openings": "1000-10000\x00"},
        {"job_zone": "9"},
        {"job_zone": "1" * 5000},
        {"job_zone": "\u202e3"},
        {"bright": "maybe"},
        {"group": "43-9999"},
        {"group": "43-9000" * 1000},
        {"group": "43\x07"},
        {"education": "High school diploma or equivalent"},
        {"cluster": "Health Science"},
        {"cluster": "health-science" * 500},
    ],
)
def test_bad_filters_get_a_message_and_the_rest_still_apply(client, roles, params):
    response = client.get(LIST, {**params, "q": "nurse"})

    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert titles(response) == ["Registered Nurse"]
    assert Role.objects.filter(title="Registered Nurse").exists()


@pytest.mark.parametrize(
    "query",
    ["x" * 5000, "nurse\x00", "' OR 1=1 --", "{% debug %}", "<script>alert(1)</script>",
     "\u202enurse", "ñandú 日本語", "a:* & !b", "(((", '"unterminated'],
)  # fmt: skip
def test_odd_queries_never_fail(client, roles, query):
    response = client.get(LIST, {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999", "1e9"])
def test_bad_page_numbers_show_a_real_page(client, roles, page):
    response = client.get(LIST, {"page": page})

    assert response.status_code == 200
    assert titles(response)


def test_form_whitelists_parameters():
    form = CareerFilterForm({"q": "nurse", "order_by": "password", "status": "draft"})

    assert form.is_valid()
    assert set(form.cleaned_data) == {
        "q", "industry", "group", "education", "pay_min", "pay_max", "growth", "openings",
        "job_zone", "bright", "cluster", "guide", "sort",
    }  # fmt: skip


def test_results_link_into_the_comparison_being_built(client, roles):
    text = client.get(LIST, {"q": "nurse", "compare": "back-office-assistant,BAD SLUG!"}).text

    assert 'name="compare" value="back-office-assistant"' in text
    assert f"/compare/?careers=back-office-assistant,{roles['nurse'].slug}" in text


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text and trigram search run on PostgreSQL"
)


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("recepcionist", "Receptionists and Information Clerks"),
        ("bookeeper", "Bookkeeping, Accounting, and Auditing Clerks"),
        ("registred nurse", "Registered Nurse"),
    ],
)
def test_typos_still_find_the_role(client, roles, typo, expected):
    assert titles(client.get(LIST, {"q": typo}))[:1] == [expected]


def test_a_typo_is_read_as_the_closest_known_word_and_the_page_says_so(client, roles):
    response = client.get(LIST, {"q": "recepcionist"})

    assert titles(response) == ["Receptionists and Information Clerks"]
    assert response.context["correction"] == "receptionists"
    assert (
        '<p class="results__correction">No careers match “recepcionist”. Showing careers for '
        "“receptionists” instead.</p>"
    ) in response.text
    assert "1 career for “receptionists”" in response.text
    assert "<mark>Receptionists</mark>" in response.text  # the word searched for


def test_htmx_says_the_correction_in_the_results_and_to_screen_readers(client, roles):
    response = client.get(
        LIST, {"q": "recepcionist"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )

    assert "Showing careers for “receptionists” instead." in response.text
    assert (
        '<p id="results-status" data-hx-swap-oob="innerHTML">1 career for “receptionists” '
        "(no careers match “recepcionist”)</p>"
    ) in response.text


def test_two_real_words_that_no_role_has_together_find_nothing_and_correct_nothing(client, roles):
    response = client.get(LIST, {"q": "nurse bookkeeping"})

    assert titles(response) == []
    assert response.context["correction"] == ""
    assert "results__correction" not in response.text
    assert "No careers match “nurse bookkeeping”" in response.text


def test_a_typo_with_a_word_left_out(client, roles):
    response = client.get(LIST, {"q": "clerck -receptionists"})

    found = titles(response)
    assert "Bookkeeping, Accounting, and Auditing Clerks" in found
    assert "Receptionists and Information Clerks" not in found
    assert response.context["correction"].endswith(" -receptionists")


def correction_queries(words):
    """What correcting typos costs, once per catalogue version: on PostgreSQL a query for each
    word (O*NET's names and the occupations' titles most like it), elsewhere one for the words
    of every title."""
    return words if connection.vendor == "postgresql" else 1


def test_a_typo_search_costs_the_same_queries_however_many_roles(
    client, roles, committed, django_assert_num_queries
):
    catalogue.version()
    params = {"q": "registred nurse"}
    expected = list_queries("registred nurse", first=True, rebuild=True) + correction_queries(2)
    with django_assert_num_queries(expected):
        assert titles(client.get(LIST, params))[:1] == ["Registered Nurse"]
    with committed():
        for number in range(30):
            make_role(title=f"Registered Filler Role {number:02d}")
    with django_assert_num_queries(expected):
        response = client.get(LIST, params)
    assert response.context["correction"] == "registered nurse"
    with django_assert_num_queries(list_queries(cached=True)):
        client.get(LIST, params)


@postgresql_only
def test_exact_title_ranks_first(client, roles):
    make_role(title="Nurse Educator", introduction="Teaches registered nurse students.")

    assert titles(client.get(LIST, {"q": "registered nurse"}))[0] == "Registered Nurse"


@postgresql_only
def test_websearch_syntax(client, roles):
    assert titles(client.get(LIST, {"q": '"back office"'})) == ["Back Office Assistant"]
    assert "Registered Nurse" not in titles(client.get(LIST, {"q": "clerk -nurse"}))


@pytest.mark.parametrize(
    ("query", "first", "other"),
    [
        ("nurse", "Registered Nurse", "Farmworkers and Laborers, Crop, Nursery, and Greenhouse"),
        ("physical therapist", "Physical Therapists", "Physical Therapist Aides"),
    ],
)
def test_the_title_and_whole_words_rank_before_words_inside_others(
    client, roles, query, first, other
):
    make_occupation_role(
        "45-2092", "Farmworkers and Laborers, Crop, Nursery, and Greenhouse", 36000
    )
    make_occupation_role("31-2022", "Physical Therapist Aides", 36000)
    make_occupation_role("29-1123", "Physical Therapists", 101000)

    found = titles(client.get(LIST, {"q": query}))

    assert found.index(first) < found.index(other)
    assert found[0] == first


def test_a_word_with_a_minus_is_left_out(client, roles):
    found = titles(client.get(LIST, {"q": "clerks -receptionists"}))

    assert "Bookkeeping, Accounting, and Auditing Clerks" in found
    assert "Receptionists and Information Clerks" not in found


def test_only_words_to_leave_out_leave_them_out_of_everything(client, roles):
    found = titles(client.get(LIST, {"q": "-clerks"}))

    assert "Registered Nurse" in found
    assert not [title for title in found if "Clerks" in title]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("43-9061", ["Back Office Assistant"]),
        (" 43-4171 ", ["Receptionists and Information Clerks"]),
    ],
)
def test_a_soc_code_finds_the_roles_of_its_occupation(client, roles, code, expected):
    assert titles(client.get(LIST, {"q": code})) == expected


def test_words_left_out_are_not_highlighted(client, roles):
    text = client.get(LIST, {"q": "clerks -receptionists"}).text

    assert "<mark>Clerks</mark>" in text
    assert "<mark>Receptionists" not in text


@postgresql_only
def test_word_prefixes_match(client, roles):
    # "admin assist" is how job posts shorten "Administrative Assistants".
    make_role(title="Secretaries and Administrative Assistants", introduction="")

    assert titles(client.get(LIST, {"q": "admin assist"})) == [
        "Secretaries and Administrative Assistants"
    ]


def test_the_same_interface_without_postgresql(roles):
    from guides import search

    found = search.search(Role.objects.published(), "back office")

    assert [role.title for role in found.order_by("-rank", "title")][0] == "Back Office Assistant"
    assert all(hasattr(role, "rank") for role in found)


def test_htmx_pushes_a_short_url_of_the_filters_in_use(client, roles):
    response = client.get(
        LIST,
        {"q": "nurse", "industry": "", "group": "", "pay_min": " ", "page": "1", "sort": "title"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    assert response["HX-Push-Url"] == f"{LIST}?q=nurse&sort=title"


def test_the_filters_follow_a_new_import_of_official_data(client, roles):
    Projection.objects.filter(occupation_id="27-2011").update(
        entry_education="Bachelor's degree", openings=Decimal("60.0")
    )
    OnetOccupation.objects.filter(code="27-2011.00").update(bright_outlook="Rapid Growth")
    call_command("sync_careers", verbosity=0)

    found = titles(client.get(LIST, {"education": "bachelor", "bright": "on"}))
    assert found == ["Actors", "Registered Nurse"]
    assert "Actors" in titles(client.get(LIST, {"openings": "50000-plus"}))


def test_growth_is_compared_with_the_average_for_all_occupations(client, roles):
    # 3.0% is under the 3.1% BLS projects for all occupations (table 1.2's total row).
    make_projection(roles["actors"].occupation, change_percent=Decimal("3.0"))
    Role.objects.refresh_official_figures()

    assert "Actors" in titles(client.get(LIST, {"growth": "slower"}))
    assert "Actors" not in titles(client.get(LIST, {"growth": "average-or-faster"}))


def test_the_average_is_the_newest_projections_total_for_all_occupations(client, roles):
    """A new release's total row moves the bands: nothing repeats 3.1 but the imported row."""
    make_projection(roles["actors"].occupation, change_percent=Decimal("3.0"))
    Projection.objects.filter(occupation_id=Occupation.TOTAL_CODE).update(
        change_percent=Decimal("2.5")
    )
    Role.objects.refresh_official_figures()  # a change to the catalogue, as an import makes

    response = client.get(LIST, {"growth": "average-or-faster"})

    assert "Actors" in titles(response)
    assert "As fast as the average or faster (2.5% or more)" in response.text
    assert "Actors" not in titles(client.get(LIST, {"growth": "slower"}))


def test_without_projections_declining_is_the_one_growth_band(client):
    response = client.get(LIST, {"growth": "slower"})

    assert [value for value, *_ in response.context["facets"]["growth"]] == ["", "declining"]
    assert "Select a valid choice" in response.text


def test_a_career_in_two_clusters_counts_in_each(client, tree):
    response = client.get(LIST, {"cluster": "finance"})
    clusters = {value: count for value, _, count, _ in response.context["facets"]["cluster"]}

    assert titles(response) == ["Bookkeeping, Accounting, and Auditing Clerks"]
    assert clusters == {"": None, "arts-audiovideo-technology-communications": 1,
                        "business-management-administration": 3, "finance": 1,
                        "health-science": 1}  # fmt: skip
    assert "Career cluster (O*NET, legacy 2023)" in response.text


def result_card(text, title):
    """The rest of the result card of `title`, after its link."""
    start = text.index(f">{title}</a>")
    return text[start : text.index("</li>", start)]


def test_each_card_marks_its_entry_education_and_bright_outlook_with_o_nets_credit(client, roles):
    text = client.get(LIST).text

    nurse = result_card(text, "Registered Nurse")
    assert '<span class="badge badge--plain">Entry: Bachelor&#x27;s degree</span>' in nurse
    assert '<span class="badge">Bright Outlook</span>' in nurse
    clerk = result_card(text, "Back Office Assistant")
    assert "Entry: High school diploma or equivalent" in clerk
    assert "Bright Outlook</span>" not in clerk
    assert "this site incorporates information from the O*NET 30.1 Database" in text


@pytest.mark.parametrize(
    ("change", "badge", "band"),
    [
        ("-2.1", "Declining", "declining"),
        ("3.0", "Slower than average", "slower"),
        ("3.1", "Average or faster", "average-or-faster"),
    ],
)
def test_each_card_badges_its_outlook_as_the_growth_filter_files_it(client, roles, change,
                                                                     badge, band):  # fmt: skip
    make_projection(roles["actors"].occupation, change_percent=Decimal(change))
    Role.objects.refresh_official_figures()

    card = result_card(client.get(LIST).text, "Actors")

    assert f'<span class="badge badge--plain">Outlook: {badge}</span>' in card
    assert "Actors" in titles(client.get(LIST, {"growth": band}))


def test_without_projections_no_card_has_an_outlook_badge(client, roles):
    Projection.objects.all().delete()
    Role.objects.refresh_official_figures()

    assert 'badge--plain">Outlook: ' not in client.get(LIST).text


def test_without_o_net_no_card_is_marked_bright_outlook(client, roles):
    SourceRelease.objects.filter(kind=SourceRelease.Kind.ONET).delete()
    Role.objects.filter(title="Registered Nurse").update(official_bright_outlook=True)

    text = client.get(LIST).text

    assert '<span class="badge">Bright Outlook</span>' not in text
    assert "O*NET 30.1 Database" not in text
