"""
Load a whole guide from its shipped document (fixtures/guides/<slug>.json).

A guide document nests every part of the guide the way the page reads, with no database ids,
so it can be checked line by line against its source and loaded beside roles that exist
already. Loading is all or nothing and never overwrites a guide that has been written: a
role that exists only as a name (a related career, an occupation) is filled in; a role that
already has its guide is left as it is.
"""

import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from guides.models import (
    FAQ,
    CareerLevel,
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

ROLE_FIELDS = [
    "title", "status", "introduction", "median_pay", "median_pay_currency",
    "median_pay_source", "median_pay_year", "pay_range_low", "pay_range_high",
    "pay_range_open_ended", "growth_percent", "growth_label", "growth_period_start",
    "growth_period_end", "growth_source", "annual_openings", "annual_openings_approximate",
    "annual_openings_source", "typical_education", "education_level", "alternative_titles",
]  # fmt: skip


class GuideDocumentError(Exception):
    """A guide document that cannot be loaded; the message says where and why."""


class Outcome:
    CREATED = "created"
    UNCHANGED = "unchanged"


def read_document(path):
    try:
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
    except json.JSONDecodeError as error:
        raise GuideDocumentError(
            f"{path}, line {error.lineno}: not valid JSON ({error.msg})."
        ) from error
    if not isinstance(document, dict) or not document.get("slug"):
        raise GuideDocumentError(f"{path}: a guide document is an object with a slug.")
    return document


def load_document(document, source="guide document"):
    """Create the guide in `document` unless it has been written already; return the outcome."""
    try:
        with transaction.atomic():
            return _load(document)
    except ValidationError as error:
        raise GuideDocumentError(f"{source}: {_describe(error)}") from error
    except (KeyError, TypeError, ValueError) as error:
        raise GuideDocumentError(f"{source}: malformed guide document ({error!r}).") from error


def _describe(error):
    where = getattr(error, "guide_part", "")
    return f"{where}: {'; '.join(error.messages)}" if where else "; ".join(error.messages)


def _save(instance, part, exclude=None):
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        error.guide_part = part
        raise
    instance.save()
    return instance


def _texts(document, key):
    """The numbered items of a list of plain texts, refusing anything that is not text."""
    for order, text in enumerate(document.get(key, []), start=1):
        if not isinstance(text, str):
            raise ValidationError(f"{key}[{order}]: expected text, found {type(text).__name__}.")
        yield order, text


def _load(document):
    role = Role.objects.filter(slug=document["slug"]).first()
    if role is not None and role.introduction:
        return Outcome.UNCHANGED
    role = role or Role(slug=document["slug"])
    for field in ROLE_FIELDS:
        if field in document:
            setattr(role, field, document[field])
    if document.get("occupation"):
        role.occupation_id = document["occupation"]
    if role.growth_percent is not None:
        role.growth_percent = Decimal(str(role.growth_percent))
    # The occupation is named by its SOC code and may be imported later (import_oews).
    _save(role, "role", exclude=["occupation"])

    for order, name in enumerate(document.get("industries", []), start=1):
        industry, _ = Industry.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
        _save(RoleIndustry(role=role, industry=industry, order=order), f"industries[{order}]")
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
        level = dict(level)
        salary = level.pop("salary", None)
        career_level = _save(
            CareerLevel(role=role, order=order, **level), f"career_levels[{order}]"
        )
        if salary:
            _save(
                LevelSalary(career_level=career_level, **salary),
                f"career_levels[{order}].salary",
            )
    for order, figure in enumerate(document.get("country_salaries", []), start=1):
        _save(CountrySalary(role=role, order=order, **figure), f"country_salaries[{order}]")
    for kind in ProCon.Kind:
        for order, text in _texts(document, f"{kind.value}s"):
            _save(ProCon(role=role, kind=kind, order=order, text=text), f"{kind}s[{order}]")
    for order, faq in enumerate(document.get("faqs", []), start=1):
        _save(FAQ(role=role, order=order, **faq), f"faqs[{order}]")
    for order, related in enumerate(document.get("related", []), start=1):
        other, _ = Role.objects.get_or_create(
            slug=related["slug"], defaults={"title": related["title"]}
        )
        _save(RelatedRole(role=role, related=other, order=order), f"related[{order}]")
    role.refresh_search_body()
    return Outcome.CREATED
