"""
The OpenAPI 3.1 description of the JSON API (api/views.py), served at /api/v1/openapi.json.

Built from what the API itself uses, so that it cannot drift from it: the query parameters
from the forms that read them (choices become enums, limits become minimum and maximum), and
the guide's schema from the guide document's, which imports are checked against
(guides/document.py).
"""

from django import forms

from api import official
from guides.document import DECIMAL, TEXT, TEXTS, list_of, nullable, schemas, strict_object
from guides.models import EducationLevel

URL = {"type": "string", "format": "uri"}
MONEY = {"type": "integer", "minimum": 0}
COUNT = {"type": "integer", "minimum": 0}

PARAMETER_NOTES = {
    "q": (
        "Search words, as in a web search: a phrase in quotes, -word to leave a word out; a "
        "SOC code alone (43-9061) finds that occupation's roles."
    ),
    "industry": "An industry's slug.",
    "group": (
        "A group of the SOC occupation tree: a major group by the first two digits of the "
        "occupation code (43), a minor group (43-9000) or a broad occupation (43-3030) by "
        "its code."
    ),
    "education": "The typical education to enter the occupation, in BLS's categories "
    "(Employment Projections 2024-34), for every career, guides included.",
    "growth": "The occupation's projected change in employment 2024-34 (BLS): declining, "
    "growing slower than the 3.1% of all occupations, or as fast or faster.",
    "openings": "The occupation's openings a year, 2024-34 (BLS), in ranges.",
    "job_zone": "O*NET's job zone, 1 (little or no preparation needed) to 5 (extensive).",
    "bright": "Only occupations on O*NET's Bright Outlook list: true (or on, yes, 1).",
    "cluster": "A career cluster of O*NET's legacy framework (the 16 clusters O*NET OnLine "
    "showed in 2023, not the 2024 framework), by its name as a slug.",
    "pay_min": "The official national median annual wage, in dollars, at least this.",
    "pay_max": "The official national median annual wage, in dollars, at most this; below "
    "pay_min it is a 400.",
    "guide": "Only roles with a written guide: true (or on, yes, 1); false (off, no, 0) for all.",
    "sort": "Relevance when searching, else title, unless chosen.",
    "page": "The page of results, from 1.",
    "page_size": "Careers a page.",
}


def openapi_document(server, parameter_forms):
    """The whole description: `server` is the API's absolute root, `parameter_forms` the
    unbound forms whose fields are the careers list's query parameters."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "careerguide API",
            "version": "1.5",
            "description": (
                "Read-only career guides with the official BLS wage data and each occupation's "
                "official profile (SOC definition, O*NET titles, tasks and technologies, BLS "
                "outlook and entry requirements). Every answer is JSON, "
                "open to any site (CORS) and cacheable for five minutes, with an ETag. Decimals "
                "are strings, exactly as stored; money is whole dollars unless it says hourly. "
                "Version 1.1 added official_outlook and official_profile; version 1.2 added "
                "headline_pay, the median the pages lead with and which figure it is, and the "
                "group_url of a retired address's 301; version 1.3 added the list's filters "
                "openings, job_zone, bright and cluster, minor and broad groups in group, the "
                "openings sort, and education for every occupation (BLS's entry education; it "
                "was the guide's own); version 1.4 added to each career the official figures "
                "those filters read: official_onet (job zone and Bright Outlook), "
                "official_clusters and official_outlook's education_level; version 1.5 added "
                "the list's correction, the words searched for instead of a q that no career "
                "has; nothing was removed. "
                "O*NET content is under CC BY 4.0: credit it as its source's credit says."
            ),
        },
        "servers": [{"url": server}],
        "paths": {
            "/careers/": {
                "get": {
                    "operationId": "listCareers",
                    "summary": "Published careers, searched, filtered and sorted; a page of them.",
                    "parameters": [
                        _query_parameter(name, field)
                        for form in parameter_forms
                        for name, field in form.fields.items()
                    ],
                    "responses": {
                        "200": _ok("A page of careers.", "CareerList"),
                        "304": {"$ref": "#/components/responses/NotModified"},
                        "400": {"$ref": "#/components/responses/BadRequest"},
                        "404": {"$ref": "#/components/responses/NotFound"},
                        "default": {"$ref": "#/components/responses/Error"},
                    },
                },
                "options": _preflight(),
            },
            "/careers/{slug}/": {
                "parameters": [
                    {
                        "name": "slug",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
                    },
                ],
                "get": {
                    "operationId": "getCareer",
                    "summary": "One published career: its whole guide and official wages.",
                    "responses": {
                        "200": _ok("The career.", "CareerDetail"),
                        "301": {
                            "description": (
                                "An old slug: Location is the career's address now. Or an "
                                "address retired when groups of occupations stopped being "
                                "careers: Location is the group's page in the occupation tree "
                                "(a web page, not an API address)."
                            ),
                            "headers": {"Location": {"schema": URL}},
                            "content": {
                                "application/json": {"schema": _ref("Moved")},
                            },
                        },
                        "304": {"$ref": "#/components/responses/NotModified"},
                        "404": {"$ref": "#/components/responses/NotFound"},
                        "default": {"$ref": "#/components/responses/Error"},
                    },
                },
                "options": _preflight(),
            },
        },
        "components": {
            "schemas": {
                **_career_schemas(),
                **_guide_schemas(),
                "Moved": {
                    "oneOf": [strict_object(api_url=URL), strict_object(group_url=URL)],
                },
                "Error": _error(),
            },
            "responses": _error_responses(),
            "headers": {
                "ETag": {"schema": TEXT, "description": "Send it as If-None-Match for a 304."},
                "Cache-Control": {"schema": TEXT, "description": "public, max-age=300."},
                "Access-Control-Allow-Origin": {"schema": {"const": "*"}},
            },
        },
    }


def _query_parameter(name, field):
    if isinstance(field, forms.ChoiceField):
        schema = {"type": "string"}
        values = [str(value) for value, _ in field.choices if value != ""]
        if values:
            schema["enum"] = values
    elif isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
    elif isinstance(field, forms.BooleanField):
        schema = {"type": "boolean"}
    else:
        schema = {"type": "string", "maxLength": field.max_length}
    if field.initial is not None:
        schema["default"] = field.initial
    description = PARAMETER_NOTES.get(name, str(field.label or name))
    return {"name": name, "in": "query", "description": description, "schema": schema}


def _ok(description, schema):
    return {
        "description": description,
        "headers": {
            name: {"$ref": f"#/components/headers/{name}"}
            for name in ("ETag", "Cache-Control", "Access-Control-Allow-Origin")
        },
        "content": {"application/json": {"schema": _ref(schema)}},
    }


def _preflight():
    return {
        "summary": "CORS preflight: GET, HEAD and OPTIONS are allowed.",
        "responses": {
            "204": {
                "description": "No content; Allow and Access-Control-Allow-Methods list them.",
                "headers": {"Allow": {"schema": TEXT}},
            }
        },
    }


def _error_responses():
    def error(description):
        return {
            "description": description,
            "content": {"application/json": {"schema": _ref("Error")}},
        }

    return {
        "NotModified": {"description": "Not modified: the ETag sent as If-None-Match matches."},
        "BadRequest": error("A parameter has a value it cannot take; each such one is named."),
        "NotFound": error("No published career, or no such page of results."),
        "Error": error("Any other error, such as 405 for a method other than GET or HEAD."),
    }


def _error():
    return strict_object(
        error=strict_object(
            status={"type": "integer", "minimum": 400, "maximum": 599},
            message=TEXT,
            parameters={
                "type": "object",
                "description": "For a 400: the messages of each invalid parameter.",
                "additionalProperties": TEXTS,
            },
            optional=["parameters"],
        )
    )


# --- careers ----------------------------------------------------------------------------------


def _career_schemas():
    # What the list says of each career; the detail says the same and more.
    career = {
        "title": TEXT,
        "slug": TEXT,
        "url": URL,
        "api_url": URL,
        "summary": _described(TEXT, "The introduction as plain text, shortened."),
        "has_guide": _described({"type": "boolean"}, "False for an occupation's data alone."),
        "official_median_pay": nullable(_ref("MedianPay")),
        "headline_pay": _described(
            nullable(_ref("HeadlinePay")),
            "The median the site's cards, previews, embed and compare lead with; null when "
            "there is none.",
        ),
        "growth": nullable(_ref("Growth")),
        "education": nullable(_ref("Education")),
        "official_outlook": _described(
            nullable(_ref("OutlookSummary")),
            "The newest official projection of the occupation, in short; null without one.",
        ),
        "official_onet": _described(
            nullable(_ref("OnetSummary")),
            "O*NET's job zone and Bright Outlook flag of the occupation, which the job_zone "
            "and bright filters read; null when O*NET gives it neither.",
        ),
        "official_clusters": _described(
            nullable(_ref("CareerClusters")),
            "The occupation's career clusters, which the cluster filter reads; null when it "
            "is in none.",
        ),
    }
    return {
        "CareerList": strict_object(
            count={"type": "integer", "minimum": 0},
            page={"type": "integer", "minimum": 1},
            pages={"type": "integer", "minimum": 1},
            next=nullable(URL),
            previous=nullable(URL),
            correction=_described(
                nullable(TEXT),
                "When no career has the words of q: the closest known words, which the results "
                "are for instead (as the careers page says); otherwise null.",
            ),
            results={"type": "array", "items": _ref("Career")},
        ),
        "Career": strict_object(**career),
        "MedianPay": strict_object(
            annual=MONEY,
            currency={"const": "USD"},
            occupation=_described(TEXT, "The SOC code of the occupation."),
            release=_described(TEXT, "The release of the estimates: BLS OEWS May 2025."),
            source=TEXT,
        ),
        "HeadlinePay": _described(
            strict_object(
                annual=nullable(MONEY),
                hourly=_described(
                    nullable(DECIMAL), "Where BLS publishes only hourly wages; annual is null."
                ),
                currency=_described(TEXT, "ISO 4217."),
                kind={"enum": ["official", "guide"]},
                source=_described(
                    TEXT,
                    "Which release and area (BLS OEWS May 2025, U.S. national median), or the "
                    "guide's source as its editors wrote it, with its year.",
                ),
                year=_described(nullable({"type": "integer"}), "The year the figure is for."),
                release=_described(nullable(TEXT), "The official release; null for a guide's."),
                older_guide_figure=_described(
                    nullable(_ref("HeadlinePay")),
                    "The guide's own median, when it is older than the official one shown.",
                ),
            ),
            "The official national median of the newest release, hourly where BLS publishes "
            "no annual one; else the guide's own.",
        ),
        "Growth": strict_object(
            percent=_described(DECIMAL, "Projected change in employment; negative: a decline."),
            label=TEXT,
            period_start=nullable({"type": "integer"}),
            period_end=nullable({"type": "integer"}),
            source=TEXT,
        ),
        "Education": strict_object(
            level=nullable({"type": "string", "enum": EducationLevel.values}),
            name=nullable(TEXT),
            typical=_described(TEXT, "The typical education, in the guide's words."),
        ),
        "OutlookSummary": strict_object(
            change_percent=_described(DECIMAL, "Projected change in employment, percent."),
            openings_a_year=_described(COUNT, "Openings a year, on average, in jobs."),
            entry_education=_described(nullable(TEXT), "BLS's typical education to enter."),
            education_level=_described(
                nullable({"enum": EducationLevel.values}),
                "The same as the education filter's value; null when BLS's words are none of "
                "its categories.",
            ),
            period_start={"type": "integer"},
            period_end={"type": "integer"},
            source=_ref("OfficialSource"),
        ),
        "OnetSummary": strict_object(
            job_zone=_described(
                nullable({"type": "integer", "minimum": 1, "maximum": 5}),
                "1 (little or no preparation needed) to 5 (extensive); the first O*NET "
                "occupation's where the wage data combines several; null without one.",
            ),
            bright_outlook=_described(
                {"type": "boolean"}, "On O*NET's Bright Outlook list (any of its occupations)."
            ),
            source=_ref("OfficialSource"),
        ),
        "CareerClusters": strict_object(
            items=list_of(
                strict_object(
                    name=TEXT, slug=_described(TEXT, "The cluster filter's value for it.")
                )
            ),
            source=_ref("OfficialSource"),
        ),
        "CareerDetail": strict_object(
            **career,
            salary_url=URL,
            occupation=nullable(strict_object(code=TEXT, title=TEXT)),
            official_wages=nullable(_ref("OfficialWages")),
            official_profile=_ref("OfficialProfile"),
            guide=_described(
                nullable(_ref("Guide")), "The whole guide; null when none is written."
            ),
        ),
        "OfficialProfile": _described(
            strict_object(**{name: schema for name, (_, schema) in official.GROUPS.items()}),
            "The official data of the occupation, by group; a group is null when the "
            "official data has nothing for it (every group, for a career without one).",
        ),
        "OfficialSource": _described(
            official.SOURCE_SCHEMA,
            "Where a group comes from: the data set, its release and publication date, the "
            "credit line its publisher asks for and, for O*NET, its license.",
        ),
        "OfficialWages": strict_object(
            occupation=strict_object(code=TEXT, title=TEXT),
            area=TEXT,
            release=strict_object(
                name=TEXT,
                reference_date={"type": "string", "format": "date"},
                published_on=nullable({"type": "string", "format": "date"}),
            ),
            source=TEXT,
            employment=nullable({"type": "integer", "minimum": 0}),
            annual=_percentiles(nullable(MONEY)),
            hourly=_percentiles(nullable(DECIMAL)),
            annual_only={"type": "boolean"},
            hourly_only={"type": "boolean"},
            markers={
                "type": "object",
                "description": 'BLS\'s marker of a figure left null: "*" wage not available, '
                '"**" employment not available, "#" at or above the top-coding threshold.',
                "additionalProperties": {"enum": ["*", "**", "#"]},
            },
        ),
    }


def _percentiles(figure):
    return strict_object(
        mean=figure, p10=figure, p25=figure, median=figure, p75=figure, p90=figure
    )


# --- the guide document -----------------------------------------------------------------------


def _guide_schemas():
    """The guide document's schema (guides/document.py), the one imports are checked against,
    with each related career's addresses added (null for a career that is only a name)."""
    found = schemas(_ref)
    related = found["RelatedCareer"]
    related["properties"].update(url=nullable(URL), api_url=nullable(URL))
    related["required"] += ["url", "api_url"]
    return found


# --- building blocks --------------------------------------------------------------------------


def _described(schema, description):
    return {**schema, "description": description}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}
