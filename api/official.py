"""
The official profile of a career's occupation, as the API gives it: the SOC definition,
O*NET's titles, tasks and technologies, and BLS's outlook and entry requirements, each group
with its source, release and date.

Each group is one function of what was found for the occupation, registered with its JSON
schema by `@group`; the OpenAPI document (api/openapi.py) is built from the same registry, so
adding a group is adding one function here (naming the O*NET rows it reads in `prefetch`).
"""

from dataclasses import dataclass

from guides.document import DECIMAL, TEXT, list_of, nullable, strict_object
from occupations.models import OnetOccupation, SourceRelease, Task, reported_titles

# The role's query brings its occupation's definition along (select_related).
DEFINITION = "occupation__definition__release"
SOURCE = {"$ref": "#/components/schemas/OfficialSource"}
COUNT = {"type": "integer"}
# O*NET asks for its CC BY 4.0 credit wherever its content is shown; the others are public.
LICENSES = {SourceRelease.Kind.ONET: "CC BY 4.0"}
# O*NET's legacy career clusters come from O*NET OnLine's file of 2023, not from a release of
# the O*NET Database (occupations/clusters.py).
CLUSTERS_SOURCE = {
    "name": "O*NET career clusters",
    "release": "legacy 2023",
    "published_on": None,
    "credit": "Source: O*NET OnLine career clusters (legacy 2023 framework), U.S. Department of "
    "Labor, Employment and Training Administration.",
    "license": "CC BY 4.0",
}

GROUPS = {}  # name: (function, schema), in the order the profile gives them
_PREFETCH = []  # what the groups read of each O*NET occupation


def group(name, schema, prefetch=()):
    """Register a group of the profile: `schema` describes what the function returns (null
    when the official data has nothing for it), `prefetch` the O*NET relations it reads."""

    def register(function):
        GROUPS[name] = (function, nullable(schema))
        _PREFETCH.extend(relation for relation in prefetch if relation not in _PREFETCH)
        return function

    return register


@dataclass
class Found:
    """The official data found for one occupation."""

    definition: object
    projection: object
    onet: list


def profile(role, projection):
    """Every group of the profile of `role`'s occupation, fetched with DEFINITION; `projection`
    is its newest. Costs one query for the O*NET occupations and one per relation they prefetch
    when there are any, however many rows."""
    occupation = role.occupation if role.occupation_id else None
    onet = []
    if occupation is not None:
        onet = list(
            OnetOccupation.objects.filter(occupations=occupation)
            .select_related("release")
            .prefetch_related(*_PREFETCH)
        )
    found = Found(getattr(occupation, "definition", None), projection, onet)
    return {name: function(found) for name, (function, _) in GROUPS.items()}


def source(release):
    return {
        "name": release.get_kind_display(),
        "release": release.name,
        "published_on": release.published_on.isoformat() if release.published_on else None,
        "credit": release.credit,
        "license": LICENSES.get(release.kind),
    }


SOURCE_SCHEMA = strict_object(
    name=TEXT,
    release=TEXT,
    published_on=nullable({"type": "string", "format": "date"}),
    credit=TEXT,
    license=nullable(TEXT),
)


def _onet_items(found, items):
    """An O*NET group: its items with O*NET's source, or None when there are none."""
    return {"items": items, "source": source(found.onet[0].release)} if items else None


def _onet_group(**item):
    return strict_object(items=list_of(strict_object(onet_code=TEXT, **item)), source=SOURCE)


# --- the groups -------------------------------------------------------------------------------


@group("definition", strict_object(text=TEXT, source=SOURCE))
def _definition(found):
    if found.definition is None:
        return None
    return {"text": found.definition.text, "source": source(found.definition.release)}


@group("onet_occupations", _onet_group(title=TEXT))
def _onet_occupations(found):
    """The O*NET occupations describing it: several for an occupation the wage data combines."""
    items = [{"onet_code": part.code, "title": part.title} for part in found.onet]
    return _onet_items(found, items)


@group("also_called", _onet_group(title=TEXT), prefetch=[reported_titles()])
def _also_called(found):
    return _onet_items(
        found,
        [
            {"onet_code": part.code, "title": title.title}
            for part in found.onet
            for title in part.titles.all()
        ],
    )


@group(
    "tasks",
    _onet_group(text=TEXT, kind=nullable({"enum": [Task.Kind.CORE, Task.Kind.SUPPLEMENTAL]})),
    prefetch=["tasks"],
)
def _tasks(found):
    """Core tasks first, then supplemental ones, as the page shows them; kind null: not rated."""
    return _onet_items(
        found,
        [
            {"onet_code": part.code, "text": task.text, "kind": task.kind or None}
            for part in found.onet
            for task in part.tasks.all()
        ],
    )


@group(
    "technologies",
    _onet_group(name=TEXT, kind=TEXT, hot={"type": "boolean"}),
    prefetch=["technologies"],
)
def _technologies(found):
    """By kind (O*NET's commodity); hot: often named in employers' job postings."""
    return _onet_items(
        found,
        [
            {"onet_code": part.code, "name": tech.example, "kind": tech.commodity, "hot": tech.hot}
            for part in found.onet
            for tech in part.technologies.all()
        ],
    )


@group(
    "outlook",
    strict_object(
        period_start=COUNT,
        period_end=COUNT,
        employment_start=COUNT,
        employment_end=COUNT,
        change=COUNT,
        change_percent=DECIMAL,
        openings_a_year=COUNT,
        reason=nullable(TEXT),
        handbook_url=nullable({"type": "string", "format": "uri"}),
        source=SOURCE,
    ),
)
def _outlook(found):
    """Jobs, not BLS's thousands, as the page shows them; the reason in BLS's words."""
    projection = found.projection
    if projection is None:
        return None
    return {
        "period_start": projection.release.first_year,
        "period_end": projection.release.last_year,
        "employment_start": projection.jobs_start,
        "employment_end": projection.jobs_end,
        "change": projection.jobs_change,
        "change_percent": str(projection.change_percent),
        "openings_a_year": projection.openings_a_year,
        "reason": projection.reason or None,
        "handbook_url": projection.handbook_url or None,
        "source": source(projection.release),
    }


@group(
    "entry_requirements",
    strict_object(
        education=nullable(TEXT),
        work_experience=nullable(TEXT),
        training=nullable(TEXT),
        source=SOURCE,
    ),
)
def _entry_requirements(found):
    """BLS's typical education to enter, work experience in a related occupation and
    on-the-job training."""
    projection = found.projection
    if projection is None:
        return None
    requirements = {
        "education": projection.entry_education or None,
        "work_experience": projection.work_experience or None,
        "training": projection.job_training or None,
    }
    if not any(requirements.values()):
        return None
    return {**requirements, "source": source(projection.release)}
