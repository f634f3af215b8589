"""
Read what O*NET rates occupations on, and import it for the O*NET occupations import_onet
stored: skills and knowledge from O*NET 29 (one release older: O*NET 30.1's are not available
here; fixtures/onet_skills_29/), interests and work styles from O*NET 30.1 (fixtures/onet/),
with the names and descriptions of O*NET 30.1's content model reference. Every value is
checked against its scale in O*NET's scales reference.

- Skills and knowledge: importance (IM, 1 to 5) and level (LV, 0 to 7), one row each, with
  O*NET's flags kept as they are: "Recommend Suppress" (a figure of low precision) and "Not
  Relevant" (a level most raters found not relevant); the page shows neither such figure.
- Interests: the six RIASEC areas' scores (OI, 1 to 7) and the high-point code (IH: the first,
  second and third areas, each a number 1 to 6 in RIASEC order, 0 for none).
- Work styles: O*NET 30.0 replaced the old model (importance of 16 styles) with 21 styles,
  each rated by its impact on performance (WI, -3 to +3) and ranked by distinctiveness (DR).
  The impact is imported; the ranks are read, checked and skipped (counted), not shown.

Reading checks every row of every file before anything is written; writing compares with what
is stored (occupations.onet.sync), so a second run changes nothing.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import models, transaction

from careerguide import catalogue
from occupations import onet
from occupations.datafiles import DataFileError
from occupations.models import (
    Descriptor,
    InterestScore,
    OnetOccupation,
    SkillRating,
    SourceRelease,
    WorkStyleRating,
)

SKILLS_RELEASE = "29"
SKILLS_CREDIT = (
    "Source: O*NET 29 Database (2024; its newest ratings are of August 2024), U.S. Department "
    "of Labor, Employment and Training Administration."
)
CONTENT_MODEL = "content_model_reference.tsv.gz"
SCALES = "scales_reference.tsv.gz"
INTERESTS = "interests.tsv.gz"
WORK_STYLES = "work_styles.tsv.gz"
ONET_FILES = [CONTENT_MODEL, SCALES, INTERESTS, WORK_STYLES]
SKILLS = "skills.tsv.gz"
KNOWLEDGE = "knowledge.tsv.gz"
SKILLS_FILES = [SKILLS, KNOWLEDGE]
# The scales the page names ("4.12 of 5"), as the scales reference must give them.
SHOWN_SCALES = {"IM": (1, 5), "LV": (0, 7), "OI": (1, 7), "WI": (-3, 3)}
DOMAINS = {
    SKILLS: (Descriptor.Domain.SKILL, ("2.A.", "2.B."), {"IM", "LV"}),
    KNOWLEDGE: (Descriptor.Domain.KNOWLEDGE, ("2.C.",), {"IM", "LV"}),
    INTERESTS: (Descriptor.Domain.INTEREST, ("1.B.1.",), {"OI", "IH"}),
    WORK_STYLES: (Descriptor.Domain.WORK_STYLE, ("1.D.",), {"WI", "DR"}),
}
RIASEC = ["1.B.1.a", "1.B.1.b", "1.B.1.c", "1.B.1.d", "1.B.1.e", "1.B.1.f"]
HIGH_POINTS = {"1.B.1.g": 1, "1.B.1.h": 2, "1.B.1.i": 3}
FLAGS = {"Y": True, "N": False, "n/a": False}
MONTH = re.compile(r"(\d\d)/(\d{4})")
ELEMENT = "element id"
VALUE = models.DecimalField(max_digits=4, decimal_places=2)  # a rating as O*NET writes it
UNUSED = "O*NET occupations not stored (specialties, or not in the wage data)"


@dataclass
class Found:
    """What the files say, checked, for the stored O*NET occupations."""

    elements: dict = field(default_factory=dict)  # element ID: (name, description)
    scales: dict = field(default_factory=dict)  # scale ID: (minimum, maximum)
    descriptors: dict = field(default_factory=dict)  # element ID: (domain, name, description)
    skills: dict = field(default_factory=dict)  # (O*NET code, element ID): {scale ID: ...}
    interests: dict = field(default_factory=dict)  # (code, element): [score, high point, month]
    work_styles: dict = field(default_factory=dict)  # (O*NET code, element ID): (impact, month)


def read_all(onet_directory, skills_directory, summary, stored, progress=print):
    """Everything to import, every row checked; `stored` is the set of O*NET codes import_onet
    stored, and `progress` is told of each file as it is read."""
    found = Found()
    progress(f"Reading {onet_directory / CONTENT_MODEL}...")
    read_content_model(onet_directory / CONTENT_MODEL, summary, found)
    progress(f"Reading {onet_directory / SCALES}...")
    read_scales(onet_directory / SCALES, summary, found)
    for name in SKILLS_FILES:
        progress(f"Reading {skills_directory / name}...")
        read_skills(skills_directory / name, summary, stored, found)
    progress(f"Reading {onet_directory / INTERESTS}...")
    read_interests(onet_directory / INTERESTS, summary, stored, found)
    progress(f"Reading {onet_directory / WORK_STYLES}...")
    read_work_styles(onet_directory / WORK_STYLES, summary, stored, found)
    return found


def read_content_model(path, summary, found):
    for where, row in onet.rows(path, [ELEMENT, "element name", "description"], summary):
        element = row.text(ELEMENT, 20, required=True)
        name = row.text("element name", 150, required=True)
        description = row.text("description", 2000, required=True)
        if element in found.elements:
            raise DataFileError(f"{where}: duplicate row: {element} is above.")
        found.elements[element] = (name, description)


def read_scales(path, summary, found):
    """The scales' bounds; those the page names must be as it names them."""
    for where, row in onet.rows(path, ["scale id", "minimum", "maximum"], summary):
        scale = row.text("scale id", 10, required=True)
        bounds = (whole(row, "minimum"), whole(row, "maximum"))
        if scale in found.scales:
            raise DataFileError(f"{where}: duplicate row: scale {scale} is above.")
        if scale in SHOWN_SCALES and bounds != SHOWN_SCALES[scale]:
            row.fail("minimum", f"the page shows scale {scale} as {SHOWN_SCALES[scale]}")
        found.scales[scale] = bounds
    missing = sorted(set(SHOWN_SCALES) - set(found.scales))
    if missing:
        raise DataFileError(f"{path}: no row for scale {', '.join(missing)}.")


def whole(row, column):
    value = row.record[column].strip()
    if not re.fullmatch(r"-?\d+", value):
        row.fail(column, "not a whole number")
    return int(value)


@dataclass
class RatingFile:
    """A rating file being read, and what its rows repeat, each checked once: most of 50,000
    rows share an element, a value and a month with rows above them."""

    name: str
    domain: str
    prefixes: tuple
    scales: set
    kinds: dict = field(default_factory=dict)  # (element, its name, scale) as written: checked
    values: dict = field(default_factory=dict)  # data value as written: Decimal
    months: dict = field(default_factory=dict)  # date as written: the month's first day

    @classmethod
    def of(cls, path):
        return cls(path.name, *DOMAINS[path.name])


def rated(file, row, summary, stored, found):
    """The checked fields every rating row has: (O*NET code, element ID, scale ID, value,
    month); the code is None for an O*NET occupation not stored (the row is counted)."""
    record = row.record
    code = onet.onet_code(row, onet.CODE)
    kind = (record[ELEMENT], record["element name"], record["scale id"])
    if kind not in file.kinds:
        file.kinds[kind] = _kind(file, row, found)
    element, scale = file.kinds[kind]
    value = file.values.get(record["data value"])
    if value is None:
        value = row.number("data value", VALUE, signed=True)
        file.values[record["data value"]] = value
    low, high = found.scales.get(scale, (None, None))
    if low is None:
        row.fail("scale id", "not in the scales reference")
    if not low <= value <= high:
        row.fail("data value", f"outside scale {scale}, {low} to {high}")
    month = file.months.get(record["date"])
    if month is None:
        month = file.months[record["date"]] = _month(row)
    if code not in stored:
        summary.skipped[f"{file.name}: {UNUSED}"] += 1
        return None, element, scale, value, None
    if scale in SHOWN_SCALES:
        found.descriptors[element] = (file.domain, *found.elements[element])
    return code, element, scale, value, month


def _kind(file, row, found):
    """A row's element, checked with its name, and its scale ID."""
    element = row.text(ELEMENT, 20, required=True)
    if not element.startswith(file.prefixes) or element not in found.elements:
        row.fail(ELEMENT, f"not an element of the content model's {file.domain.label.lower()}")
    name = found.elements[element][0]
    if row.record["element name"].strip() != name:
        row.fail("element name", f"the content model reference names {element} {name!r}")
    return element, onet.choice(row, "scale id", file.scales)


def _month(row):
    month = MONTH.fullmatch(row.record["date"].strip())
    if not month or not 1 <= int(month[1]) <= 12:
        row.fail("date", "a month looks like 08/2024")
    return date(int(month[2]), int(month[1]), 1)


def rating_columns(*extra):
    return [onet.CODE, ELEMENT, "element name", "scale id", "data value", *extra, "date"]


def read_skills(path, summary, stored, found):
    """Importance and level, one row each, joined; each needs the other."""
    columns = rating_columns("recommend suppress", "not relevant")
    file = RatingFile.of(path)
    for where, row in onet.rows(path, columns, summary):
        code, element, scale, value, month = rated(file, row, summary, stored, found)
        suppressed = onet.choice(row, "recommend suppress", FLAGS)
        not_relevant = onet.choice(row, "not relevant", FLAGS)
        if code is None:
            continue
        rating = found.skills.setdefault((code, element), {"where": where})
        if scale in rating:
            raise DataFileError(f"{where}: duplicate row: {scale} of {element} for {code}.")
        rating[scale] = (value, suppressed, not_relevant, month)
    for (code, element), rating in found.skills.items():
        missing = {"IM", "LV"} - set(rating)
        if missing:
            raise DataFileError(
                f"{rating['where']}: {element} of {code} has no "
                f"{'importance (IM)' if 'IM' in missing else 'level (LV)'} row."
            )


def read_interests(path, summary, stored, found):
    """The six areas' scores, then the high-point code marked on them."""
    seen, high_points = set(), []
    file = RatingFile.of(path)
    for where, row in onet.rows(path, rating_columns(), summary):
        code, element, scale, value, month = rated(file, row, summary, stored, found)
        if scale == "IH" and (element not in HIGH_POINTS or value != int(value)):
            row.fail("data value", "a high point is a whole number 0 to 6 on an IH element")
        if scale == "OI" and element not in RIASEC:
            row.fail("scale id", f"{element} is not one of the six interest areas")
        if code is None:
            continue
        if (code, element) in seen:
            raise DataFileError(f"{where}: duplicate row: {element} of {code} is above.")
        seen.add((code, element))
        if scale == "IH":
            high_points.append((where, code, element, int(value)))
        else:
            found.interests[(code, element)] = [value, None, month]
    for where, code, element, area in high_points:
        if area == 0:
            continue
        score = found.interests.get((code, RIASEC[area - 1]))
        if score is None:
            raise DataFileError(f"{where}: {code} has no score for high point {area}.")
        score[1] = HIGH_POINTS[element]


def read_work_styles(path, summary, stored, found):
    """The impact of each work style; the distinctiveness ranks are checked and skipped."""
    file = RatingFile.of(path)
    for where, row in onet.rows(path, rating_columns(), summary):
        code, element, scale, value, month = rated(file, row, summary, stored, found)
        if code is None:
            continue
        if scale == "DR":
            summary.skipped[f"{WORK_STYLES}: distinctiveness ranks (not shown)"] += 1
        elif (code, element) in found.work_styles:
            raise DataFileError(f"{where}: duplicate row: {element} of {code} is above.")
        else:
            found.work_styles[(code, element)] = (value, month)


@transaction.atomic
def import_all(found, summary):
    """Write what was found: skills and knowledge as O*NET 29's, the rest as O*NET 30.1's.
    Only what differs is written, and what the files no longer have is deleted. Returns the
    releases and a line per kind of content."""
    current = SourceRelease.objects.get_or_create(
        kind=SourceRelease.Kind.ONET,
        name=onet.RELEASE,
        defaults={"first_year": 2025, "credit": onet.CREDIT},
    )[0]
    older = SourceRelease.objects.get_or_create(
        kind=SourceRelease.Kind.ONET,
        name=SKILLS_RELEASE,
        defaults={"first_year": 2024, "credit": SKILLS_CREDIT},
    )[0]
    skills = {
        key: (
            older.pk, rating["IM"][0], rating["IM"][1], rating["LV"][0], rating["LV"][1],
            rating["LV"][2], rating["IM"][3],
        )
        for key, rating in found.skills.items()
    }  # fmt: skip
    lines = [
        onet.sync(
            "content model elements", Descriptor.objects.all(), ("element_id",),
            ("domain", "name", "description", "release_id"),
            {element: (*values, current.pk) for element, values in found.descriptors.items()},
            summary,
        ),
        onet.sync(
            "skills and knowledge (O*NET 29)", SkillRating.objects.all(),
            ("onet_occupation_id", "descriptor_id"),
            ("release_id", "importance", "importance_suppressed", "level", "level_suppressed",
             "level_not_relevant", "rated_in"),
            skills, summary,
        ),
        onet.sync(
            "interests", InterestScore.objects.all(), ("onet_occupation_id", "descriptor_id"),
            ("release_id", "score", "high_point", "rated_in"),
            {key: (current.pk, *values) for key, values in found.interests.items()}, summary,
        ),
        onet.sync(
            "work styles", WorkStyleRating.objects.all(),
            ("onet_occupation_id", "descriptor_id"), ("release_id", "impact", "rated_in"),
            {key: (current.pk, *values) for key, values in found.work_styles.items()}, summary,
        ),
    ]  # fmt: skip
    if summary.created or summary.updated:
        catalogue.changed()
    return f"O*NET {onet.RELEASE} and {SKILLS_RELEASE}", lines


def stored_codes():
    return set(OnetOccupation.objects.values_list("code", flat=True))
