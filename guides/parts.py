"""
The parts of a guide, listed once: what the guide page fetches, what a revision holds, what a
guide document writes and replaces, what makes cached pages obsolete, what the editor checks
ask for and what the admin shows, all follow this list.
"""

from dataclasses import dataclass

import reversion
from django.db import models

from guides.models import (
    FAQ,
    CareerLevel,
    ChangeNote,
    CountrySalary,
    Industry,
    LevelSalary,
    ProCon,
    RelatedRole,
    Responsibility,
    Role,
    RoleIndustry,
    Section,
    Skill,
    Step,
)


@dataclass(frozen=True)
class Owned:
    """A row that each row of a part owns: a career level's salary band."""

    relation: str
    model: type[models.Model]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Part:
    """One part of a guide: the role's rows of `model`, reached by `relation`."""

    relation: str
    model: type[models.Model]
    # The keys a guide document writes it under (a part may be split by kind: pros, cons).
    keys: tuple[str, ...]
    # What editors call it, for the checks of a complete guide; empty: not required there.
    required_as: str = ""
    # An item's keys in a guide document, fields of `item_model` (the part's model, unless an
    # item is the row that the part's row links to by its field `via`); none: an item is its
    # text.
    fields: tuple[str, ...] = ()
    item_model: type[models.Model] | None = None
    via: str = ""
    # The name of an item's schema in the API's description.
    schema_name: str = ""
    # Items grouped by their kind in a document: "one" item or "many" items of each kind.
    by_kind: str = ""
    # Rows the part's rows point to, fetched with them for the page (select_related).
    joined: tuple[str, ...] = ()
    owned: Owned | None = None
    # The order of the items in a document, when it is not the rows' own.
    document_order: tuple[str, ...] = ()
    # An item's keys that a document may leave out (written before the guide had them).
    optional: tuple[str, ...] = ()
    # The queryset method that fetches the rows for the page, when `joined` is not enough.
    page_queryset: str = ""

    @property
    def item(self):
        return self.item_model or self.model

    @property
    def item_schema(self):
        return self.schema_name or self.item.__name__


PARTS = [
    Part("role_industries", RoleIndustry, ("industries",), fields=("slug", "name"),
         item_model=Industry, via="industry", joined=("industry",)),
    Part("sections", Section, ("sections",), fields=("heading", "body"), by_kind="one"),
    Part("responsibilities", Responsibility, ("responsibilities",), "responsibilities"),
    Part("skills", Skill, ("skills",), "skills", fields=("name", "text"), by_kind="many"),
    Part("steps", Step, ("steps",), "steps to become one"),
    Part("career_levels", CareerLevel, ("career_levels",), "career levels",
         fields=("title", "years_from", "years_to", "description", "focus_areas"),
         joined=("salary",),
         owned=Owned("salary", LevelSalary, ("median", "average", "currency", "source", "year"))),
    Part("country_salaries", CountrySalary, ("country_salaries",), "salaries by country",
         fields=("country", "currency", "low", "high", "usd_low", "usd_high", "source", "year")),
    Part("pros_cons", ProCon, ("pros", "cons")),
    Part("faqs", FAQ, ("faqs",), "FAQs", fields=("question", "answer")),
    Part("related_links", RelatedRole, ("related",), "related roles",
         fields=("slug", "title", "occupation"), optional=("occupation",), item_model=Role,
         via="related", schema_name="RelatedCareer", joined=("related",),
         page_queryset="for_guide_page"),
    Part("change_notes", ChangeNote, ("change_log",), fields=("date", "text"),
         document_order=("date", "id")),  # oldest first, as the log was written
]  # fmt: skip

# Every model whose rows belong to one guide.
PART_MODELS = [part.model for part in PARTS] + [part.owned.model for part in PARTS if part.owned]


def page_prefetches():
    """The parts of a guide that its page shows, one query each."""
    return [_page_prefetch(part) for part in PARTS]


def _page_prefetch(part):
    if part.page_queryset:
        rows = getattr(part.model.objects, part.page_queryset)()
    elif part.joined:
        rows = part.model.objects.select_related(*part.joined)
    else:
        return part.relation
    return models.Prefetch(part.relation, queryset=rows)


def untouched(roles):
    """Those of `roles` as sync_careers made them: the occupation's title, no text, no part of
    a guide, and no guide links to them as related. Anything else is an editor's work."""
    roles = roles.filter(introduction="", title=models.F("occupation__title"))
    for part in PARTS:
        roles = roles.exclude(pk__in=part.model.objects.values("role"))
    return roles.exclude(pk__in=RelatedRole.objects.values("related"))


def with_parts(roles):
    """Those of `roles` with a row of any part of a guide: an editor's work, or a guide started
    from official data (guides/starting.py)."""
    rows = [models.Exists(part.model.objects.filter(role=models.OuterRef("pk"))) for part in PARTS]
    return roles.filter(models.Q(*rows, _connector=models.Q.OR))


def document_keys():
    """The parts' keys in a guide document, in the order it writes them."""
    return [key for part in PARTS for key in part.keys]


# History: every save through the admin records a revision of the whole guide, the role with
# all its parts (django-reversion).
reversion.register(Role, follow=[part.relation for part in PARTS])
for _part in PARTS:
    reversion.register(_part.model, follow=[_part.owned.relation] if _part.owned else [])
    if _part.owned:
        reversion.register(_part.owned.model)
