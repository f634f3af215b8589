"""
The OpenAPI 3.1 description of the JSON API (guides/api.py), served at /api/v1/openapi.json.

Built from what the API itself uses, so that it cannot drift from it: the query parameters
from the forms that read them (choices become enums, limits become minimum and maximum), and
the guide's schema from the guide document's keys (guides/loading.py) and the model fields
behind them.
"""

from django import forms
from django.db import models

from guides.loading import ITEM_KEYS, PARTS, ROLE_FIELDS
from guides.models import (
    FAQ,
    CareerLevel,
    ChangeNote,
    EducationLevel,
    Industry,
    Role,
    Section,
    Skill,
)
from salaries.models import CountrySalary, LevelSalary

DECIMAL = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}
TEXT = {"type": "string"}
TEXTS = {"type": "array", "items": TEXT}
URL = {"type": "string", "format": "uri"}
MONEY = {"type": "integer", "minimum": 0}

PARAMETER_NOTES = {
    "q": "Search words, as in a web search: a phrase in quotes, -word to leave a word out.",
    "industry": "An industry's slug.",
    "group": "An SOC major group: the first two digits of the occupation code.",
    "pay_min": "The official national median annual wage, in dollars, at least this.",
    "pay_max": "The official national median annual wage, in dollars, at most this.",
    "guide": "Only roles with a written guide.",
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
            "version": "1",
            "description": (
                "Read-only career guides with the official BLS wage data. Every answer is JSON, "
                "open to any site (CORS) and cacheable for five minutes, with an ETag. Decimals "
                "are strings, exactly as stored; money is whole dollars unless it says hourly."
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
                            "description": "An old slug: Location is the career's address now.",
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
                "Moved": _object(api_url=URL),
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
    return _object(
        error=_object(
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
        "official_median_pay": _nullable(_ref("MedianPay")),
        "growth": _nullable(_ref("Growth")),
        "education": _nullable(_ref("Education")),
    }
    return {
        "CareerList": _object(
            count={"type": "integer", "minimum": 0},
            page={"type": "integer", "minimum": 1},
            pages={"type": "integer", "minimum": 1},
            next=_nullable(URL),
            previous=_nullable(URL),
            results={"type": "array", "items": _ref("Career")},
        ),
        "Career": _object(**career),
        "MedianPay": _object(
            annual=MONEY,
            currency={"const": "USD"},
            occupation=_described(TEXT, "The SOC code of the occupation."),
            release=_described(TEXT, "The release of the estimates: BLS OEWS May 2025."),
            source=TEXT,
        ),
        "Growth": _object(
            percent=_described(DECIMAL, "Projected change in employment; negative: a decline."),
            label=TEXT,
            period_start=_nullable({"type": "integer"}),
            period_end=_nullable({"type": "integer"}),
            source=TEXT,
        ),
        "Education": _object(
            level=_nullable({"type": "string", "enum": EducationLevel.values}),
            name=_nullable(TEXT),
            typical=_described(TEXT, "The typical education, in the guide's words."),
        ),
        "CareerDetail": _object(
            **career,
            salary_url=URL,
            occupation=_nullable(_object(code=TEXT, title=TEXT)),
            official_wages=_nullable(_ref("OfficialWages")),
            guide=_described(
                _nullable(_ref("Guide")), "The whole guide; null when none is written."
            ),
        ),
        "OfficialWages": _object(
            occupation=_object(code=TEXT, title=TEXT),
            area=TEXT,
            release=_object(
                name=TEXT,
                reference_date={"type": "string", "format": "date"},
                published_on=_nullable({"type": "string", "format": "date"}),
            ),
            source=TEXT,
            employment=_nullable({"type": "integer", "minimum": 0}),
            annual=_percentiles(_nullable(MONEY)),
            hourly=_percentiles(_nullable(DECIMAL)),
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
    return _object(mean=figure, p10=figure, p25=figure, median=figure, p75=figure, p90=figure)


# --- the guide document -----------------------------------------------------------------------


def _guide_schemas():
    """The guide document of guides.loading.export_document(), key for key, with each related
    career's addresses added (null for a career that is only a name so far)."""
    parts = {
        "industries": _list("Industry"),
        "sections": _by_kind(Section.Kind, _ref("Section")),
        "responsibilities": TEXTS,
        "skills": _by_kind(Skill.Kind, _list("Skill")),
        "steps": TEXTS,
        "career_levels": _list("CareerLevel"),
        "country_salaries": _list("CountrySalary"),
        "pros": TEXTS,
        "cons": TEXTS,
        "faqs": _list("FAQ"),
        "related": _list("RelatedCareer"),
        "change_log": _list("ChangeNote"),
    }
    properties = {
        "slug": _model_field(Role, "slug"),
        **{key: _model_field(Role, key) for key in ROLE_FIELDS},
        **{key: parts[key] for key in PARTS},
    }
    level = _model_object(CareerLevel, ITEM_KEYS["career_levels"][:-1])
    level["properties"]["salary"] = _nullable(_ref("LevelSalary"))
    level["required"].append("salary")
    return {
        "Guide": _object(**properties),
        "Industry": _model_object(Industry, ITEM_KEYS["industries"]),
        "Section": _model_object(Section, ITEM_KEYS["sections"]),
        "Skill": _model_object(Skill, ITEM_KEYS["skills"]),
        "CareerLevel": level,
        "LevelSalary": _model_object(LevelSalary, ITEM_KEYS["salary"]),
        "CountrySalary": _model_object(CountrySalary, ITEM_KEYS["country_salaries"]),
        "FAQ": _model_object(FAQ, ITEM_KEYS["faqs"]),
        "RelatedCareer": _object(
            slug=TEXT, title=TEXT, url=_nullable(URL), api_url=_nullable(URL)
        ),
        "ChangeNote": _model_object(ChangeNote, ITEM_KEYS["change_log"]),
    }


def _model_object(model, keys):
    return _object(**{key: _model_field(model, key) for key in keys})


def _model_field(model, name):
    """The JSON a guide document holds for one model field (guides.loading._plain)."""
    field = model._meta.get_field(name)
    target = field.target_field if field.is_relation else field  # a foreign key by its value
    if isinstance(target, models.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(target, models.IntegerField):
        schema = {"type": "integer"}
    elif isinstance(target, models.DecimalField):
        schema = dict(DECIMAL)
    elif isinstance(target, models.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(target, models.DateField):
        schema = {"type": "string", "format": "date"}
    else:
        schema = {"type": "string"}
        if target.max_length:
            schema["maxLength"] = target.max_length
        if field.choices:
            schema["enum"] = [value for value, _ in field.flatchoices]
            if field.blank:
                schema["enum"].append("")
    return _nullable(schema) if field.null else schema


# --- building blocks --------------------------------------------------------------------------


def _object(optional=(), **properties):
    """An object with these properties and no others, every one required unless `optional`."""
    return {
        "type": "object",
        "required": [name for name in properties if name not in optional],
        "properties": properties,
        "additionalProperties": False,
    }


def _nullable(schema):
    if "type" not in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    nullable = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        nullable["enum"] = [*schema["enum"], None]
    return nullable


def _described(schema, description):
    return {**schema, "description": description}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _list(name):
    return {"type": "array", "items": _ref(name)}


def _by_kind(kinds, value):
    """An object keyed by the values of the TextChoices `kinds`, such as Section.Kind."""
    return {
        "type": "object",
        "propertyNames": {"enum": kinds.values},
        "additionalProperties": value,
    }
