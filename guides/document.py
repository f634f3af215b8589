"""
The guide document's schema: one JSON Schema, built from the parts of a guide (guides/parts.py)
and the model fields behind them, that both checks a document before it is imported and
describes a guide in the API's OpenAPI document (api/openapi.py).

The schema checks the document's shape: every key there and no other, lists, objects and the
kind of each value. What a value may be (a choice, a length, a date) is the models' to say,
when the guide is saved (guides/loading.py), so that every message names the field as the
admin would.
"""

from django.core.exceptions import ValidationError
from django.db import models
from jsonschema import Draft202012Validator

from guides.models import Role
from guides.parts import PARTS

# The role's own fields, in the order a document writes them after its slug.
ROLE_FIELDS = [
    "title", "status", "published_at", "occupation", "introduction", "alternative_titles",
    "median_pay", "median_pay_currency", "median_pay_source", "median_pay_year",
    "pay_range_low", "pay_range_high", "pay_range_open_ended", "growth_percent", "growth_label",
    "growth_period_start", "growth_period_end", "growth_source", "annual_openings",
    "annual_openings_approximate", "annual_openings_source", "typical_education",
    "education_level", "last_reviewed",
]  # fmt: skip

DECIMAL = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}
TEXT = {"type": "string"}
TEXTS = {"type": "array", "items": TEXT}


def schemas(ref):
    """The schema of a guide document ("Guide") and of each kind of item in it, by name;
    `ref(name)` is how one refers to another ("#/components/schemas/Section")."""
    found = {}
    properties = {"slug": model_field(Role, "slug")}
    properties.update((key, model_field(Role, key)) for key in ROLE_FIELDS)
    for part in PARTS:
        item = TEXT
        if part.fields:
            found[part.item_schema] = model_object(part.item, part.fields, part.optional)
            item = ref(part.item_schema)
        if part.owned:
            owned = part.owned
            found[owned.model.__name__] = model_object(owned.model, owned.fields)
            found[part.item_schema]["properties"][owned.relation] = nullable(
                ref(owned.model.__name__)
            )
            found[part.item_schema]["required"].append(owned.relation)
        for key in part.keys:
            properties[key] = _part_schema(part, item)
    return {"Guide": strict_object(**properties), **found}


def _part_schema(part, item):
    if part.by_kind == "one":
        return by_kind(part.model.Kind, item)
    if part.by_kind == "many":
        return by_kind(part.model.Kind, list_of(item))
    return list_of(item)


def check(document):
    """Refuse a document that is not whole or not of the guide's shape, naming where:
    `career_levels[2]: missing key(s): years_to.` Raises ValidationError."""
    errors = [_shape_error(error) for error in _validator().iter_errors(document)]
    errors = sorted(filter(None, errors), key=lambda error: (len(error[0]), error[0]))
    if errors:
        path, message = errors[0]
        raise ValidationError(f"{_where(path)}: {message}")


def _validator():
    document_schema = {
        "$defs": schemas(lambda name: {"$ref": f"#/$defs/{name}"}),
        "$ref": "#/$defs/Guide",
    }
    return Draft202012Validator(document_schema)


def _shape_error(error):
    """(path, message) for an error of the document's shape; None for one of a value."""
    path, schema, found = list(error.absolute_path), error.schema, error.instance
    if error.validator == "anyOf":  # null or an object: say what the object lacks
        for suberror in error.context:
            if suberror.validator != "type" or "null" not in suberror.validator_value:
                return _shape_error(suberror)
    if error.validator == "required":
        missing = [key for key in schema["required"] if key not in found]
        return path, f"missing key(s): {', '.join(missing)}."
    if error.validator == "additionalProperties" and "properties" in schema:
        unknown = sorted(set(found) - set(schema["properties"]))
        expected = ", ".join(schema["properties"])
        return path, f"unknown key(s): {', '.join(unknown)} (expected {expected})."
    if error.validator == "type":
        return path, _expected(schema, found, path)
    return None


def _expected(schema, found, path):
    expected = schema["type"]
    if expected == "array":
        return "expected a list."
    if expected == "object" and "properties" in schema:
        return f"expected an object with the keys {', '.join(schema['properties'])}."
    if expected == "object":
        return "expected an object."
    if isinstance(found, (list, dict)):
        if path and isinstance(path[-1], int):
            return "expected text."
        return "expected a single value, found a list or object."
    names = {"string": "text", "integer": "a whole number", "boolean": "true or false",
             "number": "a number", "null": "null"}  # fmt: skip
    kinds = expected if isinstance(expected, list) else [expected]
    return f"expected {' or '.join(names[kind] for kind in kinds)}."


def _where(path):
    """career_levels[2].salary, from the path ['career_levels', 1, 'salary']."""
    where = ""
    for step in path:
        where += f"[{step + 1}]" if isinstance(step, int) else f".{step}" if where else step
    return where or "the guide"


# --- building blocks, for this schema and the API's -------------------------------------------


def model_object(model, keys, optional=()):
    return strict_object(optional, **{key: model_field(model, key) for key in keys})


def model_field(model, name):
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
    return nullable(schema) if field.null else schema


def strict_object(optional=(), **properties):
    """An object with these properties and no others, every one required unless `optional`."""
    return {
        "type": "object",
        "required": [name for name in properties if name not in optional],
        "properties": properties,
        "additionalProperties": False,
    }


def nullable(schema):
    if "type" not in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    nullable = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        nullable["enum"] = [*schema["enum"], None]
    return nullable


def list_of(item):
    return {"type": "array", "items": item}


def by_kind(kinds, value):
    """An object keyed by the values of the TextChoices `kinds`, such as Section.Kind."""
    return {
        "type": "object",
        "propertyNames": {"enum": kinds.values},
        "additionalProperties": value,
    }
