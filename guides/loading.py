"""
Guide documents: one whole guide as nested JSON (fixtures/guides/<slug>.json, or a file that
`manage.py export_guide` wrote).

A guide document nests every part of the guide the way the page reads, with no database ids,
so it can be checked line by line against its source and moved from one database to another.
Loading is all or nothing, in one of two modes:

- add (`load_guides`): a role that exists only as a name (a related career, an occupation) is
  filled in; a role that already has its guide is left as it is. A related career that does
  not exist yet is created as a name.
- replace (`import_guide`): the document must be whole, as export_document() writes it. The
  role is created, or updated with every one of its parts replaced by the document's. Related
  careers must exist already.

In both, a related career that is only a name and names no occupation yet is given the one the
document names for it, if any.

export_document() and dump_document() write what both modes read; exporting, importing and
exporting again gives the same bytes.
"""

import datetime
import json
from decimal import Decimal

import reversion
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils.text import slugify

from guides.document import ROLE_FIELDS, check
from guides.models import Industry, Role
from guides.parts import PARTS, document_keys

DOCUMENT_KEYS = ["slug", *ROLE_FIELDS, *document_keys()]


class GuideDocumentError(Exception):
    """A guide document that cannot be loaded; the message says where and why."""


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


# --- reading and writing ----------------------------------------------------------------------


def read_document(path):
    """The guide document in the file at `path`, or GuideDocumentError saying what is wrong."""
    try:
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
    except FileNotFoundError as error:
        raise GuideDocumentError(f"{path}: no such file.") from error
    except OSError as error:
        raise GuideDocumentError(f"{path}: cannot be read ({error.strerror}).") from error
    except UnicodeDecodeError as error:
        raise GuideDocumentError(f"{path}: not UTF-8 text ({error.reason}).") from error
    except json.JSONDecodeError as error:
        raise GuideDocumentError(
            f"{path}, line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})."
        ) from error
    if not isinstance(document, dict) or not document.get("slug"):
        raise GuideDocumentError(f"{path}: a guide document is an object with a slug.")
    return document


def dump_document(document):
    """The document as the text of a file: two-space indents, characters written as they are
    (not \\u escapes), keys in the document's order, and a final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- exporting --------------------------------------------------------------------------------


def export_document(role):
    """The whole guide of `role` as a document: its own fields and every part, no ids and
    nothing that saving derives (HTML, search text). Lists keep the guide's order; sections and
    skills go in the order the page shows their kinds; the change log oldest entry first."""
    document = {"slug": role.slug}
    document.update(_values(role, ROLE_FIELDS))
    for part in PARTS:
        document.update(_export_part(role, part))
    return document


def _export_part(role, part):
    """The part's keys and their values in a document."""
    rows = getattr(role, part.relation).all()
    if part.joined:
        rows = rows.select_related(*part.joined)
    if part.document_order:
        rows = rows.order_by(*part.document_order)
    if part.by_kind:
        rows = _in_kind_order(rows, part.model.Kind)
    items = [(getattr(row, "kind", None), _export_item(row, part)) for row in rows]
    if part.by_kind == "one":
        return {part.keys[0]: dict(items)}
    if part.by_kind == "many":
        grouped = {}
        for kind, item in items:
            grouped.setdefault(kind, []).append(item)
        return {part.keys[0]: grouped}
    if len(part.keys) > 1:  # a key for each kind: pros, cons
        return {key: [item for kind, item in items if key == f"{kind}s"] for key in part.keys}
    return {part.keys[0]: [item for _, item in items]}


def _export_item(row, part):
    if not part.fields:
        return row.text
    item = _values(getattr(row, part.via) if part.via else row, part.fields)
    if part.owned:
        owned = getattr(row, part.owned.relation, None)
        item[part.owned.relation] = _values(owned, part.owned.fields) if owned else None
    return item


def _values(instance, keys):
    """The fields `keys` of `instance` as JSON holds them; a foreign key by its stored value."""
    fields = {key: instance._meta.get_field(key) for key in keys}
    return {key: _plain(field.value_from_object(instance)) for key, field in fields.items()}


def _plain(value):
    """Dates and times in ISO 8601, decimals as text (exactly as stored); the rest as it is."""
    if isinstance(value, datetime.date):  # also a datetime
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _in_kind_order(items, kinds):
    """`items` sorted by their kind, in the order of `kinds`; the sort keeps each kind's order."""
    order = list(kinds.values)
    return sorted(items, key=lambda item: order.index(item.kind))


# --- loading ----------------------------------------------------------------------------------


def record_revision(slug, comment):
    """Record the guide at `slug`, with all its parts, in its history (the admin's), so that
    editors can compare later versions with it and bring it back."""
    with reversion.create_revision():
        reversion.add_to_revision(Role.objects.get(slug=slug))
        reversion.set_comment(comment)


def load_document(document, source="guide document", replace=False):
    """Load the guide in `document` and return the outcome (created, updated or unchanged).

    By default a guide that has been written already is left unchanged; with `replace`, the
    document must be whole and the guide is created or replaced by it. Any problem raises
    GuideDocumentError naming `source` and the place in the document, and writes nothing."""
    try:
        with transaction.atomic():
            return _replace(document) if replace else _load(document)
    except ValidationError as error:
        raise GuideDocumentError(f"{source}: {_describe(error)}") from error
    except (KeyError, TypeError, ValueError) as error:
        raise GuideDocumentError(f"{source}: malformed guide document ({error!r}).") from error
    except (IntegrityError, DataError) as error:
        raise GuideDocumentError(f"{source}: the database refused the guide ({error}).") from error


def _describe(error):
    """Every message of a validation error with where it applies: career_levels[2].years_to."""
    part = getattr(error, "guide_part", "")
    if not hasattr(error, "error_dict"):
        return "; ".join(f"{part}: {message}" if part else message for message in error.messages)
    described = []
    for field, messages in error.message_dict.items():
        where = part if field == NON_FIELD_ERRORS else ".".join(filter(None, [part, field]))
        described += [f"{where}: {message}" if where else message for message in messages]
    return "; ".join(described)


def _save(instance, part, exclude=None):
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        error.guide_part = part
        raise
    instance.save()
    return instance


def _load(document):
    role = Role.objects.filter(slug=document["slug"]).first()
    if role is not None and role.introduction:
        return Outcome.UNCHANGED
    role = role or Role(slug=document["slug"])
    _save_role(role, document)
    _add_parts(role, document, related_role=_related_or_new)
    role.refresh_search_body()
    return Outcome.CREATED


def _replace(document):
    # Replacing a guide removes whatever the document leaves out: it must be whole.
    check(document)
    role = Role.objects.filter(slug=document["slug"]).first()
    outcome = Outcome.CREATED if role is None else Outcome.UPDATED
    role = role or Role(slug=document["slug"])
    _save_role(role, document)
    for part in PARTS:
        getattr(role, part.relation).all().delete()
    _add_parts(role, document, related_role=_related_existing)
    role.refresh_search_body()
    return outcome


def _save_role(role, document):
    """Set the role's fields that the document gives, and save the role once they validate."""
    for key in ROLE_FIELDS:
        if key not in document:
            continue
        value = document[key]
        if isinstance(value, float):
            value = Decimal(str(value))  # a JSON number with a fraction, exactly as written
        if key == "occupation":
            value = value or None
        setattr(role, Role._meta.get_field(key).attname, value)
    # The occupation is named by its SOC code and may be imported later (import_oews).
    _save(role, "", exclude=["occupation"])


def _add_parts(role, document, related_role):
    """Create every part the document gives; `related_role` finds the role a link points to."""
    find = {"industry": _industry, "related": related_role}  # the rows that items name
    for part in PARTS:
        for key in part.keys:
            if part.by_kind:
                groups = [
                    (kind, f"{key}.{kind}", items) for kind, items in _by_kind(document, key)
                ]
            else:  # one list, or one for each kind: pros, cons
                kind = key.removesuffix("s") if len(part.keys) > 1 else None
                groups = [(kind, key, document.get(key, []))]
            for kind, where, items in groups:
                _add_items(role, part, kind, where, items, find.get(part.via))


def _add_items(role, part, kind, where, items, find):
    """Save the rows of `part` (of one kind) that `items` give, numbered in their order; `find`
    gives the row an item names (an industry, a related role), if the part's items name one."""
    if part.by_kind == "one":
        items = [items]
    numbered = any(field.name == "order" for field in part.model._meta.fields)
    for number, item in enumerate(items, start=1):
        here = where if part.by_kind == "one" else f"{where}[{number}]"
        fields = {"role": role}
        if kind:
            fields["kind"] = kind
        if numbered:
            fields["order"] = number
        owned = None
        if not part.fields:
            if not isinstance(item, str):
                raise ValidationError(f"{here}: expected text, found {type(item).__name__}.")
            fields["text"] = item
        elif find:
            fields[part.via] = find(item, here)
        else:
            item = dict(item)
            if part.owned:
                owned = item.pop(part.owned.relation, None)
            fields.update(item)
        row = _save(part.model(**fields), here)
        if owned:
            owner = part.model._meta.get_field(part.owned.relation).field.name
            _save(part.owned.model(**{owner: row}, **owned), f"{here}.{part.owned.relation}")


def _by_kind(document, key):
    """The kinds and items of a part grouped by kind."""
    return document.get(key, {}).items()


def _industry(entry, where):
    """The industry an entry names: by its name alone (the shipped guides), created when new;
    or by slug and name (exported guides), created when new and refused when the name differs."""
    if isinstance(entry, str):
        industry, _ = Industry.objects.get_or_create(name=entry, defaults={"slug": slugify(entry)})
        return industry
    industry = Industry.objects.filter(slug=entry["slug"]).first()
    if industry is None:
        return _save(Industry(slug=entry["slug"], name=entry["name"]), where)
    if industry.name != entry["name"]:
        raise ValidationError(
            f"{where}.name: the industry {industry.slug!r} is named {industry.name!r} in the "
            f"database, not {entry['name']!r}."
        )
    return industry


def _related_or_new(related, where):
    """The related role by slug, created as a name (a role without a guide) if it is new."""
    role, _ = Role.objects.get_or_create(
        slug=related["slug"], defaults={"title": related["title"]}
    )
    return _with_occupation(role, related)


def _related_existing(related, where):
    """The related role by slug; it must exist (its title in the document is for readers)."""
    role = Role.objects.filter(slug=related["slug"]).first()
    if role is None:
        raise ValidationError(
            f"{where}.slug: no role has the slug {related['slug']!r}; create or import that "
            "role first."
        )
    return _with_occupation(role, related)


def _with_occupation(role, related):
    """A related role that is only a name, and names no occupation yet, is given the one the
    document names (by SOC code: the guide links to that occupation's page). An editor's
    choice, or a role with its guide, is left as it is."""
    code = related.get("occupation")
    if code and not role.occupation_id and not role.has_guide:
        role.occupation_id = code
        role.save(update_fields=["occupation"])
    return role
