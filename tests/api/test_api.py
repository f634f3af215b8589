"""The JSON API, version 1: every answer checked against the API's own OpenAPI document."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from careerguide import catalogue
from careers.forms import CareerFilterForm
from guides.loading import DOCUMENT_KEYS, export_document
from guides.models import EducationLevel, RelatedRole, Role, Section
from tests.builders import (
    make_area,
    make_career_level,
    make_catalogue,
    make_cluster,
    make_country_salary,
    make_definition,
    make_draft,
    make_estimate,
    make_faq,
    make_occupation,
    make_occupation_role,
    make_onet,
    make_projection,
    make_release,
    make_responsibility,
    make_role,
    make_section,
)

pytestmark = pytest.mark.django_db

LIST = reverse("api:careers")
OPENAPI = reverse("api:openapi")
SPEC = "urn:careerguide:openapi"
# The OpenAPI path of each endpoint, by URL name.
PATHS = {"api:careers": "/careers/", "api:career": "/careers/{slug}/"}

# The page of roles, the newest release, the newest projection of each role's occupation and
# the hourly medians of those without an annual one (for their headline pay); then, unless
# cached, the form's choices (groups, career clusters, the growth of all occupations,
# industries), whether RoleTally is
# current, the counts read from it (two queries) and the newest O*NET release; and after a
# change, the tally's rebuild (REBUILD_QUERIES of tests/careers/test_list.py).
LIST_QUERIES_CACHED = 4
LIST_QUERIES = LIST_QUERIES_CACHED + 8
REBUILD_QUERIES = 8
# The role (with its occupation's definition), the eleven parts of its guide document, its
# related careers, the official national estimate, the newest projection and the O*NET
# occupations describing the occupation; then, unless cached, the newest O*NET release (and the
# career clusters' names, for a role in any).
GUIDE_QUERIES = 17
# The role, the official national estimate, the newest projection and the O*NET occupations;
# the newest O*NET release unless cached.
OCCUPATION_QUERIES = 5
# When there are O*NET occupations: their titles, tasks and technologies, one query each.
ONET_QUERIES = 3
PROJECTIONS = {
    "name": "BLS Employment Projections",
    "release": "2024-34",
    "published_on": "2025-08-28",
    "credit": "Source: Employment Projections program, U.S. Bureau of Labor Statistics.",
    "license": None,
}


def detail_url(slug):
    return reverse("api:career", args=[slug])


# --- checking answers against the OpenAPI document --------------------------------------------


def openapi_document():
    response = Client().get(OPENAPI)
    assert response.status_code == 200
    return response.json()


def body_schema(document, path, status):
    """The schema of the JSON body the document promises for GET `path` answering `status`,
    as a validator resolving every $ref within the document."""
    resource = DRAFT202012.create_resource(document)
    registry = Registry().with_resource(SPEC, resource)
    responses = document["paths"][path]["get"]["responses"]
    response = responses.get(str(status), responses["default"])
    if "$ref" in response:
        response = registry.resolver(SPEC).lookup(SPEC + response["$ref"]).contents
    schema = response["content"]["application/json"]["schema"]
    return Draft202012Validator(
        {"$ref": SPEC + schema["$ref"]},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def checked(response, status=200):
    """The JSON of an API answer, after checking its status, its CORS header and that its body
    is what the OpenAPI document says for that path and status."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    match = response.resolver_match
    path = PATHS.get(match.view_name if match else "", "/careers/")  # other paths: the Error
    body_schema(openapi_document(), path, status).validate(data)
    return data


def get(client, url, params=None, status=200, **headers):
    return checked(client.get(url, params, headers=headers), status)


def titles(data):
    return [career["title"] for career in data["results"]]


# --- data -------------------------------------------------------------------------------------


@pytest.fixture
def roles():
    """The careers list's test catalogue, with a release and a guide due tomorrow."""
    make_release()
    roles = make_catalogue(
        # Markup and an ampersand: the API's summary is plain text.
        clerk_introduction="A Back Office Assistant keeps records & processes *invoices*."
    )
    roles["scheduled"] = make_role(
        title="Scheduled Clerk",
        slug="scheduled-clerk",
        published_at=timezone.now() + timedelta(days=1),
    )
    return roles


# --- the OpenAPI document ---------------------------------------------------------------------


def test_the_openapi_document_is_valid_openapi_3_1(client, roles):
    response = client.get(OPENAPI)

    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    validate_spec(document)
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "http://testserver/api/v1"}]
    assert set(document["paths"]) == {"/careers/", "/careers/{slug}/"}


def test_every_parameter_is_described_with_the_forms_choices(roles):
    document = openapi_document()
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in document["paths"]["/careers/"]["get"]["parameters"]
    }
    notes = {
        parameter["name"]: parameter["description"]
        for parameter in document["paths"]["/careers/"]["get"]["parameters"]
    }

    assert set(parameters) == {*CareerFilterForm.base_fields, "page", "page_size"}
    assert parameters["education"]["enum"] == EducationLevel.values
    assert parameters["industry"]["enum"] == ["financial-services", "healthcare"]
    assert parameters["group"]["enum"] == ["27", "29", "43"]
    assert parameters["growth"]["enum"] == ["declining", "slower", "average-or-faster"]
    assert parameters["sort"]["enum"] == [
        "relevance", "title", "pay-high", "pay-low", "growth", "openings",
    ]  # fmt: skip
    assert parameters["openings"]["enum"] == [
        "under-1000", "1000-10000", "10000-50000", "50000-plus",
    ]  # fmt: skip
    assert parameters["job_zone"]["enum"] == ["1", "2", "3", "4", "5"]
    assert parameters["bright"] == {"type": "boolean"}
    assert parameters["cluster"]["enum"] == [
        "arts-audiovideo-technology-communications", "business-management-administration",
        "health-science",
    ]  # fmt: skip
    assert "legacy" in notes["cluster"] and "2023" in notes["cluster"]
    assert "Bright Outlook" in notes["bright"] and "43-9000" in notes["group"]
    assert document["info"]["version"] == "1.5"
    assert "version 1.5 added" in document["info"]["description"]
    assert parameters["q"]["maxLength"] == 200
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 100,
                                       "default": 24}  # fmt: skip
    guide = document["components"]["schemas"]["Guide"]
    assert list(guide["properties"]) == guide["required"] == DOCUMENT_KEYS


# --- the list ---------------------------------------------------------------------------------


def test_lists_published_roles_only(client, roles):
    data = get(client, LIST)

    assert data["count"] == 5 and data["page"] == 1 and data["pages"] == 1
    assert data["next"] is None and data["previous"] is None
    assert titles(data) == sorted(titles(data))
    assert not {"Secret Clerk", "Scheduled Clerk"} & set(titles(data))
    for query in ("secret clerk", "scheduled clerk"):
        found = titles(get(client, LIST, {"q": query}))
        assert not {"Secret Clerk", "Scheduled Clerk"} & set(found)


def test_each_career_has_its_addresses_pay_and_sources(client, roles):
    make_projection(roles["clerk"].occupation)
    clerk = get(client, LIST, {"q": "back office"})["results"][0]

    assert clerk == {
        "title": "Back Office Assistant",
        "slug": "back-office-assistant",
        "url": "http://testserver/careers/back-office-assistant/",
        "api_url": "http://testserver/api/v1/careers/back-office-assistant/",
        "summary": "A Back Office Assistant keeps records & processes invoices.",
        "has_guide": True,
        "official_median_pay": {
            "annual": 45010,
            "currency": "USD",
            "occupation": "43-9061",
            "release": "BLS OEWS May 2025",
            "source": "U.S. Bureau of Labor Statistics, Occupational Employment and Wage "
            "Statistics",
        },
        "headline_pay": {"annual": 45010, "hourly": None, "currency": "USD", "kind": "official",
                         "source": "BLS OEWS May 2025, U.S. national median", "year": 2025,
                         "release": "BLS OEWS May 2025", "older_guide_figure": None},
        "growth": {"percent": "5.0", "label": "", "period_start": None, "period_end": None,
                   "source": "BLS"},
        "education": {"level": "high_school", "name": "High school diploma or equivalent",
                      "typical": ""},
        "official_outlook": {"change_percent": "-6.7", "openings_a_year": 282400,
                             "entry_education": "High school diploma or equivalent",
                             "education_level": "high_school",
                             "period_start": 2024, "period_end": 2034, "source": PROJECTIONS},
        "official_onet": None,
        "official_clusters": {"items": [BUSINESS], "source": CLUSTERS},
    }  # fmt: skip
    actors = get(client, LIST, {"q": "actors"})["results"][0]
    assert actors["has_guide"] is False and actors["official_median_pay"] is None
    assert actors["official_outlook"]["change_percent"] == "0.3"  # projected, without a median
    bare = make_occupation_role("27-2099", "Entertainers and Performers, All Other", None)
    assert get(client, LIST, {"q": bare.title})["results"][0]["official_outlook"] is None


def html_titles(client, params):
    response = client.get(reverse("careers:list"), params)
    return [role.title for role in response.context["page"].object_list]


@pytest.mark.parametrize(
    "params",
    [
        {"industry": "healthcare"},
        {"group": "43"},
        {"education": "bachelor"},
        {"growth": "declining"},
        {"guide": "on"},
        {"guide": "true"},
        {"pay_min": "40000", "pay_max": "50000"},
        {"industry": "healthcare", "education": "high_school"},
        {"q": "clerk"},
        {"q": "clerk", "sort": "pay-high"},
        {"sort": "growth"},
        {"q": "recepcionist"},  # a typo
        {"education": "some_college"},  # occupations without a guide too
        {"openings": "50000-plus", "sort": "openings"},
        {"job_zone": "4"},
        {"bright": "true"},
        {"bright": "on", "growth": "declining"},
        {"group": "43", "openings": "50000-plus", "education": "high_school"},
    ],
)
def test_filters_search_and_sorting_work_as_on_the_careers_page(client, roles, params):
    found = titles(get(client, LIST, params))

    assert found and found == html_titles(client, params)


def test_a_search_of_words_no_career_has_says_what_it_searched_for_instead(client, roles):
    corrected = get(client, LIST, {"q": "recepcionist"})
    as_typed = get(client, LIST, {"q": "receptionist"})

    assert corrected["correction"] == "receptionists"
    assert titles(corrected) == titles(as_typed)
    assert as_typed["correction"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"education": "some_college"},
         ["Actors", "Bookkeeping, Accounting, and Auditing Clerks"]),
        ({"openings": "1000-10000"}, ["Actors"]),
        ({"job_zone": "4"}, ["Registered Nurse"]),
        ({"cluster": "health-science"}, ["Registered Nurse"]),
        ({"bright": "true", "sort": "openings"},
         ["Registered Nurse", "Bookkeeping, Accounting, and Auditing Clerks"]),
    ],
)  # fmt: skip
def test_the_official_data_filters_apply_to_every_occupation(client, roles, params, expected):
    assert titles(get(client, LIST, params)) == expected


def test_pages(client, roles):
    for number in range(30):
        make_role(title=f"Filler Role {number:02d}")

    first = get(client, LIST)
    assert (first["count"], first["pages"], len(first["results"])) == (35, 2, 24)
    assert first["next"] == "http://testserver/api/v1/careers/?page=2"
    second = get(client, first["next"])
    assert len(second["results"]) == 11 and second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/careers/?page=1"

    small = get(client, LIST, {"q": "filler", "page_size": "10", "page": "2"})
    assert (small["pages"], titles(small)[0]) == (3, "Filler Role 10")
    assert small["next"] == "http://testserver/api/v1/careers/?q=filler&page_size=10&page=3"
    assert len(get(client, LIST, {"page_size": "100"})["results"]) == 35


def test_a_page_past_the_end_is_not_found(client, roles):
    error = get(client, LIST, {"page": "2"}, status=404)["error"]

    assert error["status"] == 404 and "no page 2" in error["message"]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"industry": "no-such-industry"}, ["industry"]),
        ({"group": "99"}, ["group"]),
        ({"education": "wizardry"}, ["education"]),
        ({"pay_min": "lots"}, ["pay_min"]),
        ({"pay_min": "-5"}, ["pay_min"]),
        ({"pay_min": "9" * 40}, ["pay_min"]),
        ({"pay_min": "60000", "pay_max": "30000"}, ["pay_max"]),
        ({"growth": "'; DROP TABLE guides_role; --"}, ["growth"]),
        ({"sort": "{{ settings.SECRET_KEY }}"}, ["sort"]),
        ({"page": "0"}, ["page"]),
        ({"page": "abc"}, ["page"]),
        ({"page_size": "101"}, ["page_size"]),
        ({"education": "wizardry", "page": "-1"}, ["education", "page"]),
        ({"openings": "lots"}, ["openings"]),
        ({"openings": "50000-plus\x00"}, ["openings"]),
        ({"job_zone": "9"}, ["job_zone"]),
        ({"job_zone": "4" * 5000}, ["job_zone"]),
        ({"bright": "maybe"}, ["bright"]),
        ({"cluster": "Health Science"}, ["cluster"]),
        ({"cluster": "x\x00" * 3000}, ["cluster"]),
        ({"group": "43-9999"}, ["group"]),
        ({"group": "\u202e43"}, ["group"]),
        ({"group": "43-9000" * 1000, "job_zone": "0"}, ["group", "job_zone"]),
    ],
)
def test_bad_parameters_are_refused_by_name(client, roles, params, named):
    error = get(client, LIST, params, status=400)["error"]

    assert error["status"] == 400
    assert sorted(error["parameters"]) == sorted(named)
    assert all(name in error["message"] for name in named)
    assert Role.objects.filter(title="Registered Nurse").exists()


def test_list_queries_do_not_grow_with_the_page(
    client, roles, committed, django_assert_num_queries
):
    catalogue.version()  # a running site has its catalogue version already
    with django_assert_num_queries(LIST_QUERIES + REBUILD_QUERIES):
        response = client.get(LIST)
    assert len(checked(response)["results"]) == 5
    with committed():
        for number in range(60):
            occupation = make_occupation(f"11-{number:04d}", f"Occupation {number}")
            make_projection(occupation)
            make_role(title=f"Filler Role {number:02d}", occupation=occupation)
    with django_assert_num_queries(LIST_QUERIES + REBUILD_QUERIES):
        response = client.get(LIST, {"page_size": "100"})
    results = checked(response)["results"]
    assert len(results) == 65
    assert sum(career["official_outlook"] is not None for career in results) == 65
    with django_assert_num_queries(LIST_QUERIES_CACHED):
        response = client.get(LIST, {"page_size": "10", "page": "3"})
    assert len(checked(response)["results"]) == 10


# --- one career -------------------------------------------------------------------------------


@pytest.fixture
def shipped():
    """The shipped Back Office Assistant guide, with its occupation's official figures."""
    occupation = make_occupation("43-9061", "Office Clerks, General", national_annual_median=45010)
    make_estimate(occupation, make_area(), markers={"annual_p90": "#"}, annual_p90=None)
    call_command("load_guides", verbosity=0)
    return Role.objects.get(slug="back-office-assistant")


def test_the_back_office_assistant_guide_whole(client, shipped):
    data = get(client, detail_url("back-office-assistant"))

    assert data["has_guide"] is True and data["title"] == "Back Office Assistant"
    assert data["url"] == "http://testserver/careers/back-office-assistant/"
    assert data["salary_url"] == "http://testserver/careers/back-office-assistant/salaries/"
    assert data["occupation"] == {"code": "43-9061", "title": "Office Clerks, General"}
    guide = data["guide"]
    assert guide["sections"]["overview"]["heading"] == "What is a Back Office Assistant?"
    assert len(guide["sections"]) == len(Section.Kind) and guide["responsibilities"]
    assert guide["faqs"]
    junior = guide["career_levels"][0]
    assert junior["title"] == "Junior Back Office Assistant"
    assert junior["salary"] == {
        "median": 42000, "average": 45000, "currency": "USD",
        "source": "Guide estimate (salary by experience level)", "year": 2025,
    }  # fmt: skip
    assert all(level["salary"]["source"] for level in guide["career_levels"])
    assert all(figure["source"] for figure in guide["country_salaries"])
    assert guide["median_pay_source"].startswith("U.S. national median for General Office")
    # Everything but the related careers is the document an editor exports.
    exported = export_document(shipped)
    assert {**guide, "related": None} == {**exported, "related": None}
    # The related careers are names only so far: shown as text, without addresses.
    assert guide["related"][0] == {"slug": "administrative-assistant",
                                   "title": "Administrative Assistant", "occupation": "43-6014",
                                   "url": None, "api_url": None}  # fmt: skip


def test_official_wages_with_their_source(client, shipped):
    wages = get(client, detail_url("back-office-assistant"))["official_wages"]

    assert wages["source"] == (
        "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"
    )
    assert wages["release"] == {"name": "BLS OEWS May 2025", "reference_date": "2025-05-01",
                                "published_on": "2026-05-15"}  # fmt: skip
    assert wages["area"] == "U.S." and wages["employment"] == 1000
    assert wages["annual"] == {"mean": 46420, "p10": 30310, "p25": 36350, "median": 45010,
                               "p75": 54300, "p90": None}  # fmt: skip
    assert wages["hourly"]["median"] == "21.64"
    assert wages["markers"] == {"annual_p90": "#"}  # top-coded, so not a number


def test_an_occupation_without_a_guide_has_its_facts_and_figures(client, roles):
    occupation = roles["receptionist"].occupation
    make_estimate(occupation, make_area())

    data = get(client, detail_url(roles["receptionist"].slug))

    assert data["has_guide"] is False and data["guide"] is None
    assert data["official_median_pay"]["annual"] == 37230
    assert data["official_wages"]["occupation"]["code"] == "43-4171"
    assert get(client, detail_url(roles["actors"].slug))["official_wages"] is None


ONET = {
    "name": "O*NET Database",
    "release": "30.1",
    "published_on": None,
    "credit": "Source: O*NET 30.1 Database (December 2025), U.S. Department of Labor, "
    "Employment and Training Administration.",
    "license": "CC BY 4.0",
}


def test_the_official_profile_of_the_occupation_with_its_sources(client, roles):
    occupation = roles["clerk"].occupation
    make_projection(occupation)
    make_definition(occupation)
    make_onet(
        occupation, "43-9061.00", "Office Clerks, General",
        tasks=[("Operate office machines.", "core"), ("Count materials.", "supplemental")],
        titles=["Office Assistant"],
        technologies=[("Adobe Acrobat", "Document management software", True),
                      ("Bookkeeping software", "Accounting software", False)],
    )  # fmt: skip

    profile = get(client, detail_url(roles["clerk"].slug))["official_profile"]

    soc = {"name": "Standard Occupational Classification", "release": "2018",
           "published_on": None, "license": None,
           "credit": "Source: 2018 Standard Occupational Classification, U.S. Bureau of Labor "
           "Statistics."}  # fmt: skip
    clerks = "43-9061.00"
    assert profile == {
        "definition": {"text": "Perform duties too varied and diverse.", "source": soc},
        "onet_occupations": {"items": [{"onet_code": clerks, "title": "Office Clerks, General"}],
                             "source": ONET},
        "also_called": {"items": [{"onet_code": clerks, "title": "Office Assistant"}],
                        "source": ONET},
        "tasks": {"items": [
            {"onet_code": clerks, "text": "Operate office machines.", "kind": "core"},
            {"onet_code": clerks, "text": "Count materials.", "kind": "supplemental"},
        ], "source": ONET},
        "technologies": {"items": [
            {"onet_code": clerks, "name": "Bookkeeping software", "kind": "Accounting software",
             "hot": False},
            {"onet_code": clerks, "name": "Adobe Acrobat", "kind": "Document management software",
             "hot": True},
        ], "source": ONET},
        "outlook": {
            "period_start": 2024, "period_end": 2034, "employment_start": 2646000,
            "employment_end": 2468200, "change": -177800, "change_percent": "-6.7",
            "openings_a_year": 282400, "reason": "Productivity change - share decreases.",
            "handbook_url": "https://www.bls.gov/ooh/office-and-administrative-support/"
            "general-office-clerks.htm",
            "source": PROJECTIONS,
        },
        "entry_requirements": {
            "education": "High school diploma or equivalent", "work_experience": "None",
            "training": "Short-term on-the-job training", "source": PROJECTIONS,
        },
    }  # fmt: skip


def test_a_combined_occupation_names_the_onet_occupation_of_each_item(client, roles):
    occupation = roles["receptionist"].occupation
    make_onet(occupation, "43-4171.00", "Receptionists", [("Greet visitors.", "core")])
    make_onet(occupation, "43-4171.01", "Information Clerks", [("Answer questions.", "")])

    profile = get(client, detail_url(roles["receptionist"].slug))["official_profile"]

    assert [item["onet_code"] for item in profile["onet_occupations"]["items"]] == [
        "43-4171.00", "43-4171.01"
    ]  # fmt: skip
    assert profile["tasks"]["items"] == [
        {"onet_code": "43-4171.00", "text": "Greet visitors.", "kind": "core"},
        {"onet_code": "43-4171.01", "text": "Answer questions.", "kind": None},  # not rated
    ]
    assert profile["also_called"] is None and profile["technologies"] is None


CLUSTERS = {
    "name": "O*NET career clusters",
    "release": "legacy 2023",
    "published_on": None,
    "credit": "Source: O*NET OnLine career clusters (legacy 2023 framework), U.S. Department "
    "of Labor, Employment and Training Administration.",
    "license": "CC BY 4.0",
}
BUSINESS = {"name": "Business Management & Administration",
            "slug": "business-management-administration"}  # fmt: skip


def test_each_career_has_the_official_figures_the_list_filters_by(client, roles):
    nurse = get(client, LIST, {"cluster": "health-science"})["results"][0]
    clerk = get(client, LIST, {"q": "back office"})["results"][0]

    assert nurse["official_onet"] == {"job_zone": 4, "bright_outlook": True, "source": ONET}
    assert nurse["official_clusters"] == {
        "items": [{"name": "Health Science", "slug": "health-science"}], "source": CLUSTERS
    }  # fmt: skip
    assert nurse["official_outlook"]["education_level"] == "bachelor"
    assert clerk["official_onet"] is None  # O*NET gives its occupation neither
    assert clerk["official_clusters"] == {"items": [BUSINESS], "source": CLUSTERS}
    actors = get(client, LIST, {"q": "actors"})["results"][0]
    assert actors["official_onet"] == {"job_zone": 2, "bright_outlook": False, "source": ONET}
    assert actors["official_outlook"]["education_level"] == "some_college"
    bare = make_occupation_role("27-2099", "Entertainers and Performers, All Other", None)
    found = get(client, LIST, {"q": bare.title})["results"][0]
    assert found["official_onet"] is found["official_clusters"] is None
    # The detail starts with the same.
    detail = get(client, detail_url(roles["nurse"].slug))
    for name in ("official_onet", "official_clusters", "official_outlook"):
        assert detail[name] == nurse[name]


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"job_zone": "3"}, lambda career: career["official_onet"]["job_zone"] == 3),
        ({"bright": "true"}, lambda career: career["official_onet"]["bright_outlook"]),
        ({"cluster": BUSINESS["slug"]},
         lambda career: BUSINESS in career["official_clusters"]["items"]),
        ({"education": "high_school"},
         lambda career: career["official_outlook"]["education_level"] == "high_school"),
    ],
)  # fmt: skip
def test_each_result_shows_the_value_it_was_filtered_by(client, roles, params, shown):
    results = get(client, LIST, params)["results"]

    assert results and all(shown(career) for career in results)


def test_without_official_data_every_group_is_null(client, roles):
    # An occupation with no official data, and a role that names none.
    bare = make_occupation_role("27-2099", "Entertainers and Performers, All Other", None)
    for role in [bare, make_role(title="No Occupation")]:
        profile = get(client, detail_url(role.slug))["official_profile"]
        assert profile and set(profile.values()) == {None}


def test_outlook_parts_left_empty_by_bls_are_null(client, roles):
    make_projection(roles["actors"].occupation, reason="", handbook_url="", entry_education="",
                    work_experience="", job_training="")  # fmt: skip

    profile = get(client, detail_url(roles["actors"].slug))["official_profile"]

    assert profile["outlook"]["reason"] is None and profile["outlook"]["handbook_url"] is None
    assert profile["entry_requirements"] is None


def test_related_guides_being_written_are_left_out(client, roles):
    clerk = roles["clerk"]
    for order, related in enumerate([roles["nurse"], roles["draft"], roles["scheduled"]], 1):
        RelatedRole.objects.create(role=clerk, related=related, order=order)
    name_only = make_draft(title="Office Runner", introduction="")
    RelatedRole.objects.create(role=clerk, related=name_only, order=4)

    related = get(client, detail_url(clerk.slug))["guide"]["related"]

    assert [career["title"] for career in related] == ["Registered Nurse", "Office Runner"]
    assert related[0]["api_url"] == f"http://testserver{detail_url(roles['nurse'].slug)}"
    assert related[1]["url"] is None


def test_a_related_name_gives_its_occupations_page_as_the_guide_page_does(client, roles):
    clerk = roles["clerk"]
    page = roles["receptionist"]  # the page of occupation 43-4171
    name = make_draft(title="Front Desk Assistant", introduction="", occupation_id="43-4171")
    RelatedRole.objects.create(role=clerk, related=name, order=1)

    related = get(client, detail_url(clerk.slug))["guide"]["related"]

    assert related == [{
        "slug": name.slug, "title": "Front Desk Assistant", "occupation": "43-4171",
        "url": f"http://testserver{page.get_absolute_url()}",
        "api_url": f"http://testserver{detail_url(page.slug)}",
    }]  # fmt: skip
    assert page.get_absolute_url() in client.get(clerk.get_absolute_url()).text


@pytest.mark.parametrize("role", ["draft", "scheduled"])
def test_unpublished_roles_are_not_found(client, roles, role):
    error = get(client, detail_url(roles[role].slug), status=404)["error"]

    assert error == {"status": 404, "message": f"No published career has the slug "
                                               f"'{roles[role].slug}'."}  # fmt: skip


@pytest.mark.parametrize(
    "url",
    ["/api/v1/careers/no-such-career/", "/api/v1/careers/%C3%BC%00/", "/api/v1/nothing/here/"],
)
def test_unknown_addresses_are_json_404s(client, url):
    assert get(client, url, status=404)["error"]["status"] == 404


def test_an_old_slug_redirects_to_the_new_one(client, roles):
    clerk = roles["clerk"]
    clerk.slug = "back-office-clerk"
    clerk.save()

    response = client.get(detail_url("back-office-assistant"))

    new = f"http://testserver{detail_url('back-office-clerk')}"
    assert checked(response, status=301) == {"api_url": new}
    assert response["Location"] == new


def test_a_retired_address_redirects_to_its_groups_page(client):
    make_occupation("43-0000", "Office and Administrative Support Occupations", group="major")
    make_occupation("43-9000", "Other Office and Administrative Support Workers", group="minor")
    make_role(title="Other office workers", slug="other-office-workers", introduction="",
              occupation_id="43-9000")  # fmt: skip
    Role.objects.of_summary_rows().retire()

    response = client.get(detail_url("other-office-workers"))

    group = "http://testserver/occupations/43-9000/"
    assert checked(response, status=301) == {"group_url": group}
    assert response["Location"] == group
    assert client.get(group).status_code == 200


def make_guide(parts):
    role = make_role(occupation=make_occupation(f"11-{parts:04d}", f"Occupation {parts}"))
    make_estimate(role.occupation, make_area())
    make_section(role)
    for _ in range(parts):
        make_responsibility(role)
        make_career_level(role)
        make_country_salary(role)
        make_faq(role)
        RelatedRole.objects.create(role=role, related=make_role(), order=_ + 1)
    return role


def test_detail_queries_do_not_grow_with_the_guide(client, django_assert_num_queries):
    small, large = make_guide(1), make_guide(6)
    occupation = make_occupation_role("43-4171", "Receptionists", 37230)

    for role, parts in [(small, 1), (large, 6)]:
        catalogue.new_version()  # as after a change: nothing cached
        with django_assert_num_queries(GUIDE_QUERIES):
            response = client.get(detail_url(role.slug))
        guide = checked(response)["guide"]
        assert len(guide["faqs"]) == len(guide["related"]) == parts
    catalogue.new_version()
    with django_assert_num_queries(OCCUPATION_QUERIES):
        response = client.get(detail_url(occupation.slug))
    assert checked(response)["has_guide"] is False
    make_cluster("Business Management & Administration", 2, "43-4171")
    Role.objects.refresh_official_figures()
    catalogue.new_version()
    with django_assert_num_queries(OCCUPATION_QUERIES + 1):  # and the clusters' names
        response = client.get(detail_url(occupation.slug))
    assert checked(response)["official_clusters"]["items"] == [BUSINESS]


def make_profile(occupation, parts):
    """Official data for `occupation`, with `parts` O*NET occupations of `parts` rows each."""
    make_projection(occupation)
    make_definition(occupation)
    for number in range(parts):
        make_onet(
            occupation, f"{occupation.code}.{number:02d}", f"Part {number}",
            tasks=[(f"Task {n}", "core") for n in range(parts)],
            titles=[f"Title {n}" for n in range(parts)],
            technologies=[(f"Tool {n}", "Software", n % 2 == 0) for n in range(parts)],
        )  # fmt: skip


def test_the_official_profile_costs_the_same_queries_however_many_rows(
    client, django_assert_num_queries
):
    small, large = make_guide(1), make_guide(3)
    make_profile(small.occupation, 1)
    make_profile(large.occupation, 3)
    for role, parts in [(small, 1), (large, 3)]:
        catalogue.new_version()
        with django_assert_num_queries(GUIDE_QUERIES + ONET_QUERIES):
            response = client.get(detail_url(role.slug))
        profile = checked(response)["official_profile"]
        assert len(profile["tasks"]["items"]) == parts * parts and profile["definition"]

    occupation = make_occupation_role("43-4171", "Receptionists", 37230)
    make_profile(occupation.occupation, 4)
    catalogue.new_version()
    with django_assert_num_queries(OCCUPATION_QUERIES + ONET_QUERIES):
        response = client.get(detail_url(occupation.slug))
    assert len(checked(response)["official_profile"]["technologies"]["items"]) == 16


# --- HTTP: caching, CORS, methods ---------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST, detail_url("back-office-assistant"), OPENAPI])
def test_answers_are_cacheable_with_an_etag(client, roles, url):
    response = client.get(url)

    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=300", "s-maxage=300"}
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == response["ETag"]
    assert again["Access-Control-Allow-Origin"] == "*"
    changed = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200


def test_errors_are_not_kept_by_caches(client, roles):
    response = client.get(detail_url("secret-clerk"))

    assert response.status_code == 404 and response["Cache-Control"] == "no-cache"


def test_etag_changes_with_the_content(client, roles):
    url = detail_url("back-office-assistant")
    etag = client.get(url)["ETag"]
    roles["clerk"].title = "Back Office Associate"
    roles["clerk"].save()

    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 200 and response["ETag"] != etag


@pytest.mark.parametrize("url", [LIST, detail_url("back-office-assistant"), OPENAPI])
def test_cors_preflight(client, roles, url):
    response = client.options(
        url,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )

    assert response.status_code == 204 and not response.content
    assert "Content-Type" not in response
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"].split(", ")
    assert "GET" in response["Allow"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("url", [detail_url("no-such-career"), "/api/v1/no-such-endpoint/"])
def test_no_preflight_for_what_is_not_there(client, roles, url):
    response = client.options(url, headers={"Access-Control-Request-Method": "GET"})

    assert checked(response, status=404)["error"]["status"] == 404
    assert response["Access-Control-Allow-Origin"] == "*"


def test_head_is_answered_like_get(client, roles):
    response = client.head(LIST)

    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", [LIST, detail_url("back-office-assistant")])
def test_other_methods_are_not_allowed(roles, method, url):
    client = Client(enforce_csrf_checks=True)  # as a browser would meet it

    response = getattr(client, method)(url, {"title": "Changed"})

    error = checked(response, status=405)["error"]
    assert error["status"] == 405 and method.upper() in error["message"]
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert Role.objects.filter(title="Back Office Assistant").exists()


# --- hostile input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "nurse\x00"},
        {"q": "' OR 1=1 --"},
        {"q": "nurse'; DROP TABLE guides_role; --"},
        {"q": "a:* & !b | ((("},
        {"q": '"unterminated'},
        {"q": "\u202enurse ñandú 日本語"},
        {"industry": "\x00"},
        {"guide": "\x00"},
        {"page": "\x00"},
        {"page": "99999999999999999999"},
        {"page_size": "1e9"},
        {"sort": "title; DELETE FROM guides_role"},
        {"pay_max": "1' OR '1'='1"},
    ],
)
def test_hostile_input_never_fails(client, roles, params):
    response = client.get(LIST, params)

    assert response.status_code in (200, 400, 404)
    checked(response, response.status_code)
    assert Role.objects.filter(title="Registered Nurse").exists()


@pytest.mark.parametrize("word", ["null", "maybe", "2", "\x00"])
def test_a_yes_or_no_parameter_takes_only_yes_or_no(client, roles, word):
    assert get(client, LIST, {"guide": word}, status=400)["error"]["parameters"] == {
        "guide": ["Choose yes (on, true) or no (off, false)."]
    }


@pytest.mark.parametrize("word", ["false", "0", "off", "no", ""])
def test_a_no_is_no_filter(client, roles, word):
    assert get(client, LIST, {"guide": word})["count"] == get(client, LIST)["count"]


def test_a_long_query_is_refused_by_name_and_sql_is_only_words(client, roles):
    assert "q" in get(client, LIST, {"q": "x" * 5000}, status=400)["error"]["parameters"]
    assert get(client, LIST, {"q": "' OR 1=1 --"})["count"] == 0


@pytest.mark.parametrize("slug", ["x" * 5000, "back-office-assistant' OR '1'='1", "%00"])
def test_hostile_slugs_are_not_found(client, roles, slug):
    response = client.get(f"/api/v1/careers/{slug}/")

    checked(response, status=404)


def test_an_unexpected_failure_is_a_logged_json_error(client, roles, monkeypatch, caplog):
    def broken(role):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("api.views.export_document", broken)

    response = client.get(detail_url("back-office-assistant"))

    assert checked(response, status=500)["error"]["message"] == "Server error."
    assert "the database went away" not in response.text
    assert "Internal Server Error: /api/v1/careers/back-office-assistant/" in caplog.text


def test_an_industry_of_drafts_alone_is_named_nowhere_and_refused(client, roles):
    from guides.models import Industry, RoleIndustry
    from tests.builders import make_draft

    secret = Industry.objects.create(name="Secret Projects", slug="secret-projects")
    RoleIndustry.objects.create(role=make_draft(title="Hidden Guide"), industry=secret, order=1)

    spec = client.get(OPENAPI).json()
    [industry] = [
        p for p in spec["paths"]["/careers/"]["get"]["parameters"] if p["name"] == "industry"
    ]
    assert "secret-projects" not in industry["schema"]["enum"]
    assert "healthcare" in industry["schema"]["enum"]
    assert "Secret Projects" not in client.get("/careers/").text
    assert client.get(LIST, {"industry": "secret-projects"}).status_code == 400


def test_a_pay_range_upside_down_is_the_400_the_document_describes(client, roles):
    response = client.get(LIST, {"pay_min": "50000", "pay_max": "40000"})
    assert response.status_code == 400
    assert "pay_max" in response.json()["error"]["parameters"]
    spec = client.get(OPENAPI).json()
    [pay_max] = [
        p for p in spec["paths"]["/careers/"]["get"]["parameters"] if p["name"] == "pay_max"
    ]
    assert "pay_min" in pay_max["description"] and "400" in pay_max["description"]
