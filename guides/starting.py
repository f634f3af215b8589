"""
Starting a guide from an occupation's official data: the occupation's page (its role) gets the
parts of a guide that the official data gives, and nothing else, each item marked with the
release and table it came from (`source`), so that editors see what they wrote and what came
from data.

Prefilled, when the official data has them:

- the key facts the role lacks: the national median pay (BLS OEWS), the projected growth,
  openings a year and typical entry education (BLS Employment Projections), each with its
  source and its year or period; an editor's own figures are kept;
- responsibilities: O*NET's core tasks;
- technical skills: O*NET's technology skills (a kind of software and its example), then the
  most important skills and knowledge areas (those whose importance O*NET publishes);
- soft skills: the work styles that help most in the work (a positive impact);
- education requirements: BLS's typical entry education, work experience and training, and
  O*NET's most common answer to its required level of education;
- related careers: the published pages of O*NET's most related occupations.

The introduction, the prose sections, steps, career levels, FAQs and pros and cons are left
for editors; the checks page lists them.

Why the occupation's public page stays up: the role is published, as the occupation's page,
so starting its guide is a save of a live page, kept as its draft (guides/drafts.py) like any
other: the public goes on seeing the occupation's profile while editors write the guide, and
sees the guide when an editor who may publish publishes the draft. A role the public does not
see is started directly. Taking the role to draft status instead would take the occupation's
page down until the guide is done.
"""

from dataclasses import dataclass

import reversion
from django.db.models import Prefetch
from reversion.models import Version

from guides.models import EducationLevel, RelatedRole, Responsibility, Role, Skill
from guides.parts import PARTS, with_parts
from occupations.models import (
    Descriptor,
    EducationCategory,
    EducationShare,
    OnetOccupation,
    Projection,
    RelatedOccupation,
    SkillRating,
    Task,
    WorkStyleRating,
)

COMMENT = "Started from official data."

# How many of each ranked list of O*NET's (skills, knowledge areas, work styles): the number
# the occupation's page shows.
TOP = 5

# BLS's headings in its projections table (1.2) for the education it gives.
BLS_EDUCATION = [
    ("entry_education", "Typical education needed for entry"),
    ("work_experience", "Work experience in a related occupation"),
    ("job_training", "Typical on-the-job training needed to attain competency in the occupation"),
]


@dataclass
class Prefill:
    """What starting a guide on `role` writes: the key facts (Role fields) and the items of each
    part, unsaved."""

    facts: dict
    items: dict  # a part's relation: its rows

    def __bool__(self):
        return bool(self.facts) or any(self.items.values())

    @property
    def counts(self):
        """(what editors call the part, how many items), for the parts that get any."""
        return [(part.required_as, len(self.items[part.relation]))
                for part in PARTS if self.items.get(part.relation)]  # fmt: skip


def refusal(role):
    """Why a guide cannot be started on `role`, with the HTTP status to say it with; ("", 200)
    when it can."""
    if role.is_demo:
        return "This is a demo role, generated for load tests: a demo role is never a guide.", 400
    if not role.occupation_id:
        return "This role names no occupation: there is no official data to start from.", 400
    if role.has_guide:
        return "This role has a written guide already: edit it instead.", 400
    if with_parts(Role.objects.filter(pk=role.pk)).exists():
        return "A guide was started already on this role, or editors gave it parts: edit it.", 409
    return "", 200


def prefill(role):
    """What the official data of the role's occupation gives its guide: a constant number of
    queries, however many rows."""
    code = role.occupation_id
    projection = Projection.objects.newest_for(code)
    onet = _onet_occupations(code)
    skills = [*_education(projection, onet), *_technical(onet), *_soft(onet)]
    return Prefill(
        facts=_key_facts(role, role.national_estimate(), projection),
        items={
            "responsibilities": _numbered(
                Responsibility(
                    role=role, text=task.text, source=_source(part.release, "core tasks")
                )
                for part in onet
                for task in part.tasks.all()
            ),  # fmt: skip
            "skills": _numbered(Skill(role=role, **skill) for skill in skills),
            "related_links": _numbered(_related(role, onet)),
        },
    )


def start(role, plan, user):
    """Write `plan` (prefill(role)) on `role` and record the revision, which it returns: in the
    caller's transaction, one INSERT per part however many items."""
    for relation, rows in plan.items.items():
        Role._meta.get_field(relation).related_model.objects.bulk_create(rows)
    for field, value in plan.facts.items():
        setattr(role, field, value)
    with reversion.create_revision():
        role.save()  # the revision follows the role to every part, the new items with it
        reversion.set_user(user)
        reversion.set_comment(COMMENT)
    role.refresh_search_body()
    return Version.objects.get_for_object(role).select_related("revision").first().revision


def _source(release, table):
    return f"{release}: {table}"


def _onet_occupations(code):
    """The O*NET occupations of occupation `code` with what a guide is started with: one query,
    then one for each list when there are any."""
    ratings = SkillRating.objects.filter(importance_suppressed=False)
    return list(
        OnetOccupation.objects.filter(occupations__code=code)
        .select_related("release")
        .order_by("code")
        .prefetch_related(
            Prefetch("tasks", Task.objects.filter(kind=Task.Kind.CORE)),
            "technologies",
            Prefetch("skill_ratings", ratings.select_related("descriptor", "release")),
            Prefetch(
                "work_styles",
                WorkStyleRating.objects.filter(impact__gt=0).select_related("descriptor"),
            ),
            Prefetch(
                "education",
                EducationShare.objects.filter(
                    category__scale=EducationCategory.Scale.EDUCATION
                ).select_related("category"),
            ),
            Prefetch(
                "related",
                RelatedOccupation.objects.filter(
                    tier=RelatedOccupation.Tier.PRIMARY_SHORT, occupation__isnull=False
                ),
            ),
        )
    )


def _key_facts(role, estimate, projection):
    """The official figures for the key facts the role has not got, with their source."""
    facts = {}
    if role.median_pay is None and estimate is not None and estimate.annual_median is not None:
        if estimate.markers.get("annual_median") != "#":  # "#": at least that much
            release = estimate.release
            facts |= {
                "median_pay": estimate.annual_median,
                "median_pay_currency": "USD",
                "median_pay_source": f"{release.source} {release.name}",
                "median_pay_year": release.reference_date.year,
            }
    if projection is None:
        return facts
    release, source = projection.release, str(projection.release)
    if role.growth_percent is None:
        facts |= {
            "growth_percent": projection.change_percent,
            "growth_period_start": release.first_year,
            "growth_period_end": release.last_year,
            "growth_source": source,
        }
    if role.annual_openings is None:
        facts |= {"annual_openings": projection.openings_a_year, "annual_openings_source": source}
    if not role.typical_education and projection.entry_education:
        facts["typical_education"] = projection.entry_education
    levels = {label: value for value, label in EducationLevel.choices}
    if not role.education_level and projection.entry_education in levels:
        facts["education_level"] = levels[projection.entry_education]
    return facts


def _education(projection, onet):
    """BLS's education, experience and training to enter; O*NET's most common required level
    of education."""
    if projection is not None:
        for field, heading in BLS_EDUCATION:
            if text := getattr(projection, field):
                yield _skill(Skill.Kind.EDUCATION, heading, text, str(projection.release))
    for part in onet:
        shares = list(part.education.all())  # in category order: the lower level on a tie
        if shares:
            share = max(shares, key=lambda share: share.percent)
            source = _source(part.release, "education, training and experience")
            heading = EducationCategory.Scale.EDUCATION.label
            yield _skill(Skill.Kind.EDUCATION, heading, share.category.description, source)


def _technical(onet):
    """The technology skills, then the most important skills and knowledge areas."""
    for part in onet:
        for technology in part.technologies.all():
            source = _source(part.release, "technology skills")
            yield _skill(Skill.Kind.TECHNICAL, technology.commodity, technology.example, source)
    for domain, table in [(Descriptor.Domain.SKILL, "skills"),
                          (Descriptor.Domain.KNOWLEDGE, "knowledge")]:  # fmt: skip
        for part in onet:
            rated = [r for r in part.skill_ratings.all() if r.descriptor.domain == domain]
            for rating in rated[:TOP]:  # the most important first
                yield _described(Skill.Kind.TECHNICAL, rating, _source(rating.release, table))


def _soft(onet):
    """The work styles that help most in the work."""
    for part in onet:
        for rating in list(part.work_styles.all())[:TOP]:  # the greatest impact first
            yield _described(Skill.Kind.SOFT, rating, _source(part.release, "work styles"))


def _described(kind, rating, source):
    descriptor = rating.descriptor
    return _skill(kind, descriptor.name, descriptor.description, source)


def _skill(kind, name, text, source):
    return {"kind": kind, "name": name, "text": text, "source": source}


def _related(role, onet):
    """A link to the published page of each of O*NET's most related occupations, in O*NET's
    order: the written guide when the occupation has one, else its occupation page."""
    related = sorted(
        ((link, part.release) for part in onet for link in part.related.all()),
        key=lambda pair: pair[0].index,
    )
    codes = [link.occupation_id for link, _ in related if link.occupation_id != role.occupation_id]
    if not codes:
        return
    pages = {}
    for page in (
        Role.objects.published()
        .filter(occupation_id__in=codes, is_demo=False)
        .exclude(pk=role.pk)
        .order_by("-guide_written", "title")
        .only("pk", "occupation_id")
    ):
        pages.setdefault(page.occupation_id, page)
    for link, release in related:
        if link.occupation_id in pages:
            page = pages.pop(link.occupation_id)  # once, however many parts name it
            source = _source(release, "related occupations")
            yield RelatedRole(role=role, related=page, source=source)


def _numbered(rows):
    """Each row once (the parts of a combined occupation repeat some), numbered from 1 within
    its kind."""
    seen, numbered, counts = set(), [], {}
    for row in rows:
        key = (getattr(row, "kind", ""), getattr(row, "name", ""), _text(row))
        if key in seen:
            continue
        seen.add(key)
        counts[key[0]] = row.order = counts.get(key[0], 0) + 1
        numbered.append(row)
    return numbered


def _text(row):
    return row.related_id if isinstance(row, RelatedRole) else row.text
