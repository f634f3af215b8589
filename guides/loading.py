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

export_document() and dump_document() write what both modes read; exporting, importing and
exporting again gives the same bytes.
"""

import datetime
import json
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils.text import slugify

from guides.models import (
    FAQ,
    CareerLevel,
    ChangeNote,
    Industry,
    ProCon,
    RelatedRole,
    Responsibility,
    Role,
    RoleIndustry,
    Section,
    Skill,
    Step,
)
from salaries.models import CountrySalary, LevelSalary

# The role's own fields, in the order a document writes them after its slug.
ROLE_FIELDS = [
    "title", "status", "published_at", "occupation", "introduction", "alternative_titles",
    "median_pay", "median_pay_currency", "median_pay_source", "median_pay_year",
    "pay_range_low", "pay_range_high", "pay_range_open_ended", "growth_percent", "growth_label",
    "growth_period_start", "growth_period_end", "growth_source", "annual_openings",
    "annual_openings_approximate", "annual_openings_source", "typical_education",
    "education_level", "last_reviewed",
]  # fmt: skip

# The parts of a guide, in the order a document writes them after the role's fields.
TEXT_LISTS = ["responsibilities", "steps", "pros", "cons"]
OBJECT_LISTS = ["industries", "career_levels", "country_salaries", "faqs", "related", "change_log"]
PARTS = [
    "industries", "sections", "responsibilities", "skills", "steps", "career_levels",
    "country_salaries", "pros", "cons", "faqs", "related", "change_log",
]  # fmt: skip
DOCUMENT_KEYS = ["slug", *ROLE_FIELDS, *PARTS]

# The keys of one item of each part, in the order a document writes them.
ITEM_KEYS = {
    "industries": ["slug", "name"],
    "sections": ["heading", "body"],
    "skills": ["name", "text"],
    "career_levels": ["title", "years_from", "years_to", "description", "focus_areas", "salary"],
    "salary": ["median", "average", "currency", "source", "year"],
    "country_salaries": ["country", "currency", "low", "high", "usd_low", "usd_high", "source",
                         "year"],
    "faqs": ["question", "answer"],
    "related": ["slug", "title"],
    "change_log": ["date", "text"],
}  # fmt: skip

# The role's relations that hold its parts: what replace mode deletes before loading.
PART_RELATIONS = [
    "role_industries", "sections", "responsibilities", "skills", "steps", "career_levels",
    "country_salaries", "pros_cons", "faqs", "related_links", "change_notes",
]  # fmt: skip


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
    pros_cons = list(role.pros_cons.all())
    document.update(
        {
            "industries": [
                _values(link.industry, ITEM_KEYS["industries"])
                for link in role.role_industries.select_related("industry")
            ],
            "sections": {
                section.kind: _values(section, ITEM_KEYS["sections"])
                for section in _in_kind_order(role.sections.all(), Section.Kind)
            },
            "responsibilities": [item.text for item in role.responsibilities.all()],
            "skills": _skills_by_kind(role),
            "steps": [step.text for step in role.steps.all()],
            "career_levels": [
                _career_level(level) for level in role.career_levels.select_related("salary")
            ],
            "country_salaries": [
                _values(figure, ITEM_KEYS["country_salaries"])
                for figure in role.country_salaries.all()
            ],
            "pros": [item.text for item in pros_cons if item.kind == ProCon.Kind.PRO],
            "cons": [item.text for item in pros_cons if item.kind == ProCon.Kind.CON],
            "faqs": [_values(faq, ITEM_KEYS["faqs"]) for faq in role.faqs.all()],
            "related": [
                {"slug": link.related.slug, "title": link.related.title}
                for link in role.related_links.select_related("related")
            ],
            "change_log": [
                _values(note, ITEM_KEYS["change_log"])
                for note in role.change_notes.order_by("date", "id")
            ],
        }
    )
    return document


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


def _skills_by_kind(role):
    skills = {}
    for skill in _in_kind_order(role.skills.all(), Skill.Kind):
        skills.setdefault(skill.kind, []).append(_values(skill, ITEM_KEYS["skills"]))
    return skills


def _career_level(level):
    document = _values(level, ITEM_KEYS["career_levels"][:-1])
    try:
        document["salary"] = _values(level.salary, ITEM_KEYS["salary"])
    except LevelSalary.DoesNotExist:
        document["salary"] = None
    return document


# --- loading ----------------------------------------------------------------------------------


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
    check_whole(document)
    role = Role.objects.filter(slug=document["slug"]).first()
    outcome = Outcome.CREATED if role is None else Outcome.UPDATED
    role = role or Role(slug=document["slug"])
    _save_role(role, document)
    for relation in PART_RELATIONS:
        getattr(role, relation).all().delete()
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
    for order, entry in enumerate(document.get("industries", []), start=1):
        where = f"industries[{order}]"
        _save(RoleIndustry(role=role, industry=_industry(entry, where), order=order), where)
    for kind, section in document.get("sections", {}).items():
        _save(Section(role=role, kind=kind, **section), f"sections.{kind}")
    for order, text in _texts(document, "responsibilities"):
        _save(Responsibility(role=role, order=order, text=text), f"responsibilities[{order}]")
    for kind, skills in document.get("skills", {}).items():
        for order, skill in enumerate(skills, start=1):
            _save(Skill(role=role, kind=kind, order=order, **skill), f"skills.{kind}[{order}]")
    for order, text in _texts(document, "steps"):
        _save(Step(role=role, order=order, text=text), f"steps[{order}]")
    for order, level in enumerate(document.get("career_levels", []), start=1):
        _add_career_level(role, order, level)
    for order, figure in enumerate(document.get("country_salaries", []), start=1):
        _save(CountrySalary(role=role, order=order, **figure), f"country_salaries[{order}]")
    for kind in ProCon.Kind:
        for order, text in _texts(document, f"{kind.value}s"):
            _save(ProCon(role=role, kind=kind, order=order, text=text), f"{kind}s[{order}]")
    for order, faq in enumerate(document.get("faqs", []), start=1):
        _save(FAQ(role=role, order=order, **faq), f"faqs[{order}]")
    for order, related in enumerate(document.get("related", []), start=1):
        where = f"related[{order}]"
        _save(RelatedRole(role=role, related=related_role(related, where), order=order), where)
    for number, note in enumerate(document.get("change_log", []), start=1):
        _save(ChangeNote(role=role, **note), f"change_log[{number}]")


def _texts(document, key):
    """The numbered items of a list of plain texts, refusing anything that is not text."""
    for order, text in enumerate(document.get(key, []), start=1):
        if not isinstance(text, str):
            raise ValidationError(f"{key}[{order}]: expected text, found {type(text).__name__}.")
        yield order, text


def _add_career_level(role, order, level):
    level = dict(level)
    salary = level.pop("salary", None)
    where = f"career_levels[{order}]"
    career_level = _save(CareerLevel(role=role, order=order, **level), where)
    if salary:
        _save(LevelSalary(career_level=career_level, **salary), f"{where}.salary")


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
    return role


def _related_existing(related, where):
    """The related role by slug; it must exist (its title in the document is for readers)."""
    role = Role.objects.filter(slug=related["slug"]).first()
    if role is None:
        raise ValidationError(
            f"{where}.slug: no role has the slug {related['slug']!r}; create or import that "
            "role first."
        )
    return role


# --- checking a whole document ----------------------------------------------------------------


def check_whole(document):
    """Refuse a document that is not whole, before anything is written: replacing a guide
    removes whatever the document leaves out, so every key must be there, and no other."""
    _check_keys(document, DOCUMENT_KEYS, "the guide")
    _check_values(document, ["slug", *ROLE_FIELDS], "")
    for key in TEXT_LISTS:
        for number, text in enumerate(_list(document[key], key), start=1):
            if not isinstance(text, str):
                raise ValidationError(f"{key}[{number}]: expected text.")
    for key in OBJECT_LISTS:
        for number, item in enumerate(_list(document[key], key), start=1):
            _check_item(item, key, f"{key}[{number}]")
    for kind, section in _object(document["sections"], "sections").items():
        _check_item(section, "sections", f"sections.{kind}")
    for kind, skills in _object(document["skills"], "skills").items():
        for number, skill in enumerate(_list(skills, f"skills.{kind}"), start=1):
            _check_item(skill, "skills", f"skills.{kind}[{number}]")


def _check_item(item, part, where):
    keys = ITEM_KEYS[part]
    _object(item, where, keys)
    _check_keys(item, keys, where)
    if part == "career_levels":  # its salary is an object of its own, or null
        if item["salary"] is not None:
            _check_item(item["salary"], "salary", f"{where}.salary")
        keys = [key for key in keys if key != "salary"]
    _check_values(item, keys, where)


def _check_keys(item, keys, where):
    missing = [key for key in keys if key not in item]
    unknown = sorted(set(item) - set(keys))
    if missing:
        raise ValidationError(f"{where}: missing key(s): {', '.join(missing)}.")
    if unknown:
        raise ValidationError(
            f"{where}: unknown key(s): {', '.join(unknown)} (expected {', '.join(keys)})."
        )


def _check_values(item, keys, where):
    """Each field's value is text, a number, true, false or null; not a list or object."""
    for key in keys:
        if isinstance(item[key], (list, dict)):
            path = f"{where}.{key}" if where else key
            raise ValidationError(f"{path}: expected a single value, found a list or object.")


def _list(value, where):
    if not isinstance(value, list):
        raise ValidationError(f"{where}: expected a list.")
    return value


def _object(value, where, keys=None):
    if not isinstance(value, dict):
        expected = f"an object with the keys {', '.join(keys)}" if keys else "an object"
        raise ValidationError(f"{where}: expected {expected}.")
    return value
