"""
Read BLS OEWS files (the `all_data` column layout, CSV, plain or gzipped) and import them.

Reading checks every row before anything is written: a bad value stops the import with the
file, line and column. Writing then runs in one transaction, compares each estimate with what
is stored and only creates or updates what differs, so a second import changes nothing.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from careerguide import catalogue
from occupations import datafiles
from occupations.datafiles import DataFileError, read_rows
from occupations.models import Occupation
from salaries.models import Area, Release, WageEstimate

# The columns a file must have; others (NAICS_TITLE, I_GROUP, OWN_CODE, ...) may be present.
REQUIRED_COLUMNS = [
    "AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "OCC_CODE", "OCC_TITLE",
    "O_GROUP", "TOT_EMP", "EMP_PRSE", "JOBS_1000", "LOC_QUOTIENT", "H_MEAN", "A_MEAN",
    "MEAN_PRSE", "H_PCT10", "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90", "A_PCT10", "A_PCT25",
    "A_MEDIAN", "A_PCT75", "A_PCT90", "ANNUAL", "HOURLY",
]  # fmt: skip

# Column -> (WageEstimate field, kind of number, the markers BLS may put instead).
FIGURES = {
    "TOT_EMP": ("employment", int, {"**"}),
    "EMP_PRSE": ("employment_rse", Decimal, {"**"}),
    "JOBS_1000": ("jobs_per_1000", Decimal, {"**"}),
    "LOC_QUOTIENT": ("location_quotient", Decimal, {"**"}),
    "H_MEAN": ("hourly_mean", Decimal, {"*", "#"}),
    "A_MEAN": ("annual_mean", int, {"*", "#"}),
    "MEAN_PRSE": ("mean_rse", Decimal, {"*"}),
    "H_PCT10": ("hourly_p10", Decimal, {"*", "#"}),
    "H_PCT25": ("hourly_p25", Decimal, {"*", "#"}),
    "H_MEDIAN": ("hourly_median", Decimal, {"*", "#"}),
    "H_PCT75": ("hourly_p75", Decimal, {"*", "#"}),
    "H_PCT90": ("hourly_p90", Decimal, {"*", "#"}),
    "A_PCT10": ("annual_p10", int, {"*", "#"}),
    "A_PCT25": ("annual_p25", int, {"*", "#"}),
    "A_MEDIAN": ("annual_median", int, {"*", "#"}),
    "A_PCT75": ("annual_p75", int, {"*", "#"}),
    "A_PCT90": ("annual_p90", int, {"*", "#"}),
}
# Decimal figure -> (decimal places, first value too large), from the WageEstimate fields.
DECIMAL_LIMITS = {
    name: (field.decimal_places, Decimal(10) ** (field.max_digits - field.decimal_places))
    for name, kind, _ in FIGURES.values()
    if kind is Decimal
    for field in [WageEstimate._meta.get_field(name)]
}
AREA_KINDS = frozenset(Area.Kind.values)
OCCUPATION_GROUPS = frozenset(Occupation.Group.values)
ESTIMATE_FIELDS = [name for name, _, _ in FIGURES.values()] + [
    "annual_only", "hourly_only", "markers",
]  # fmt: skip

MAX_WHOLE_NUMBER = 2_147_483_647  # the largest value of a PositiveIntegerField everywhere
CROSS_INDUSTRY = "000000"
ALL_OWNERSHIPS = "1235"
SOC_CODE = re.compile(r"\d\d-\d{4}")
AREA_CODE = re.compile(r"\d{1,7}")
STATE_CODE = re.compile(r"[A-Z]{2}")
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"  # noqa: E501
RELEASE_IN_NAME = re.compile(rf"(?<![a-z]){_MONTH}[_-]?(\d{{4}})(?!\d)", re.IGNORECASE)
RELEASE_NAME = re.compile(rf"{_MONTH} (\d{{4}})", re.IGNORECASE)


class OEWSError(DataFileError):
    """A file that cannot be imported; the message names the file, line and column."""


@dataclass
class Row:
    where: str
    area: tuple  # (code, title, kind, state)
    occupation: tuple  # (code, title, group)
    values: dict


@dataclass
class Summary(datafiles.Summary):
    areas_created: int = 0
    occupations_created: int = 0


def _release(match):
    month = MONTHS.index(match[1][:3].lower()) + 1
    reference = date(int(match[2]), month, 1)
    return f"{reference:%B %Y}", reference


def release_from_filename(name):
    """ "oews_may2025_state.csv.gz" -> ("May 2025", date(2025, 5, 1)); None if it does not say."""
    match = RELEASE_IN_NAME.search(name)
    return _release(match) if match else None


def parse_release(name):
    """ "May 2025" -> ("May 2025", date(2025, 5, 1)); anything else is refused."""
    match = RELEASE_NAME.fullmatch(name.strip())
    if not match:
        raise OEWSError(f"Release {name!r} is not a month and year such as 'May 2025'.")
    return _release(match)


def read_file(path, summary, progress=None):
    """Yield the Rows of one file, checking each; skipped rows are counted in `summary`."""
    what = "a BLS OEWS file in the all_data layout"
    for where, record in read_rows(path, REQUIRED_COLUMNS, what, case=str.upper):
        summary.rows_read += 1
        if progress is not None:
            progress.update(1)
        reason = _skip_reason(record)
        if reason:
            summary.skipped[reason] += 1
            continue
        yield _parse(record, where)


def _skip_reason(record):
    if record["NAICS"].strip() != CROSS_INDUSTRY:
        return "industry-specific row (only cross-industry estimates are imported)"
    if record.get("OWN_CODE", ALL_OWNERSHIPS).strip() not in (ALL_OWNERSHIPS, ""):
        return "ownership subset (only all ownerships are imported)"
    return None


def _parse(record, where):
    def fail(column, problem):
        raise OEWSError(f"{where}, column {column}: {problem} ({record[column]!r}).")

    area_code = record["AREA"].strip()
    if not AREA_CODE.fullmatch(area_code):
        fail("AREA", "an area code is 1 to 7 digits")
    kind = record["AREA_TYPE"].strip()
    if kind not in AREA_KINDS:
        fail("AREA_TYPE", f"an area type is one of {', '.join(Area.Kind.values)}")
    state = record["PRIM_STATE"].strip()
    if not STATE_CODE.fullmatch(state):
        fail("PRIM_STATE", "a state is two capital letters")
    occupation_code = record["OCC_CODE"].strip()
    if not SOC_CODE.fullmatch(occupation_code):
        fail("OCC_CODE", "an SOC code looks like 43-9061")
    group = record["O_GROUP"].strip().lower()
    if group not in OCCUPATION_GROUPS:
        fail("O_GROUP", f"an occupation group is one of {', '.join(Occupation.Group.values)}")
    for column in ("AREA_TITLE", "OCC_TITLE"):
        if not record[column].strip():
            fail(column, "a title cannot be empty")

    values = {"markers": {}}
    for column, (name, kind_of_number, markers) in FIGURES.items():
        text = record[column].strip().replace(",", "")
        if text in markers:
            values[name] = None
            values["markers"][name] = text
            continue
        if text == "":
            values[name] = None
            continue
        try:
            number = Decimal(text)
        except InvalidOperation:
            fail(column, "not a number or a BLS marker")
        if not number.is_finite():
            fail(column, "not a number or a BLS marker")
        if number < 0:
            fail(column, "a figure cannot be negative")
        values[name] = _fit(
            number, name, kind_of_number, lambda problem, column=column: fail(column, problem)
        )
    for column, name in (("ANNUAL", "annual_only"), ("HOURLY", "hourly_only")):
        flag = record[column].strip().upper()
        if flag not in ("", "TRUE", "FALSE"):
            fail(column, "expected TRUE or nothing")
        values[name] = flag == "TRUE"

    return Row(
        where=where,
        area=(area_code, record["AREA_TITLE"].strip(), kind, state),
        occupation=(occupation_code, record["OCC_TITLE"].strip(), group),
        values=values,
    )


def _fit(number, name, kind_of_number, fail):
    """`number` as its WageEstimate field stores it exactly, or fail() saying why it cannot."""
    if kind_of_number is int:
        if number != number.to_integral_value():
            fail("expected a whole number")
        if number > MAX_WHOLE_NUMBER:
            fail("too large for an official figure")
        return int(number)
    places, limit = DECIMAL_LIMITS[name]
    if number.as_tuple().exponent < -places and number != round(number, places):
        fail(f"more than {places} decimal places")
    if number >= limit:
        fail("too large for an official figure")
    return number


def read_files(paths, summary, progress=None):
    """Every Row of `paths`, refusing the same occupation and area twice."""
    rows = []
    seen = {}
    for path in paths:
        for row in read_file(path, summary, progress):
            key = (row.area[0], row.occupation[0])
            if key in seen:
                raise OEWSError(
                    f"{row.where}: duplicate row: occupation {key[1]} in area {key[0]} "
                    f"is also at {seen[key]}."
                )
            seen[key] = row.where
            rows.append(row)
    if not rows:
        raise OEWSError(
            f"Nothing to import: all {summary.rows_read:,} rows were skipped "
            f"({'; '.join(summary.skipped)})."
        )
    return rows


@transaction.atomic
def import_rows(rows, release_name, published_on, summary, progress=None):
    """Write `rows` as estimates of one release; only what differs is written."""
    release_name, reference_date = parse_release(release_name)
    release, created = Release.objects.get_or_create(
        name=release_name,
        defaults={"reference_date": reference_date, "published_on": published_on},
    )
    if not created and published_on and release.published_on != published_on:
        release.published_on = published_on
        release.save(update_fields=["published_on"])

    areas = _upsert_areas({row.area[0]: row.area for row in rows}, summary)
    occupations = _upsert_occupations({row.occupation[0]: row.occupation for row in rows}, summary)

    by_area = defaultdict(list)
    for row in rows:
        by_area[row.area[0]].append(row)
    for area_code, area_rows in by_area.items():
        _import_area(release, areas[area_code], area_rows, occupations, summary)
        if progress is not None:
            progress.update(len(area_rows))

    refresh_national_medians()
    if summary.created or summary.updated or summary.areas_created or summary.occupations_created:
        catalogue.changed()
    return release


def refresh_national_medians():
    """Copy each occupation's national annual median of the newest release onto it (the
    careers list filters and sorts by it)."""
    newest = Release.objects.order_by("-reference_date").first()
    medians = dict(
        WageEstimate.objects.filter(release=newest, area__kind=Area.Kind.NATIONAL).values_list(
            "occupation_id", "annual_median"
        )
    )
    changed = []
    for occupation in Occupation.objects.only("pk", "national_annual_median"):
        median = medians.get(occupation.pk)
        if occupation.national_annual_median != median:
            occupation.national_annual_median = median
            changed.append(occupation)
    Occupation.objects.bulk_update(changed, ["national_annual_median"], batch_size=500)


def _upsert_areas(found, summary):
    existing = {area.code: area for area in Area.objects.filter(code__in=found)}
    new, changed = [], []
    for code, (_, title, kind, state) in found.items():
        area = existing.get(code)
        if area is None:
            new.append(Area(code=code, title=title, kind=kind, state=state))
        elif (area.title, area.kind, area.state) != (title, kind, state):
            area.title, area.kind, area.state = title, kind, state
            changed.append(area)
    Area.objects.bulk_create(new)
    Area.objects.bulk_update(changed, ["title", "kind", "state"])
    summary.areas_created += len(new)
    return {area.code: area for area in Area.objects.filter(code__in=found)}


def _upsert_occupations(found, summary):
    existing = {occupation.code: occupation for occupation in Occupation.objects.all()}
    new, changed = [], []
    for code, (_, title, group) in found.items():
        occupation = existing.get(code)
        if occupation is None:
            new.append(Occupation(code=code, title=title, group=group))
        elif (occupation.title, occupation.group) != (title, group):
            occupation.title, occupation.group = title, group
            changed.append(occupation)
    Occupation.objects.bulk_create(new)
    Occupation.objects.bulk_update(changed, ["title", "group"])
    summary.occupations_created += len(new)

    everything = {occupation.code: occupation for occupation in Occupation.objects.all()}
    reparented = []
    for occupation in everything.values():
        parent = _nearest_ancestor(occupation.code, everything)
        if occupation.parent_id != (parent.pk if parent else None):
            occupation.parent = parent
            reparented.append(occupation)
    Occupation.objects.bulk_update(reparented, ["parent"])
    return {code: everything[code] for code in found}


def _nearest_ancestor(code, occupations):
    """43-9061 -> 43-9060 (broad), else the minor group, 43-0000 (major), 00-0000 (total)."""
    if code == "00-0000":
        return None
    # Minor groups end in 000 or, for some (15-1200, 31-1100), in 00.
    candidates = [code[:6] + "0", code[:5] + "00", code[:4] + "000", code[:3] + "0000", "00-0000"]
    for candidate in candidates:
        if candidate != code and candidate in occupations:
            return occupations[candidate]
    return None


def _import_area(release, area, rows, occupations, summary):
    stored = {
        values[0]: values[1:]
        for values in WageEstimate.objects.filter(release=release, area=area).values_list(
            "occupation_id", "pk", *ESTIMATE_FIELDS
        )
    }
    new, changed = [], []
    for row in rows:
        occupation = occupations[row.occupation[0]]
        incoming = tuple(row.values[name] for name in ESTIMATE_FIELDS)
        current = stored.get(occupation.pk)
        if current is None:
            new.append(
                WageEstimate(release=release, area=area, occupation=occupation, **row.values)
            )
        elif _differs(current[1:], incoming):
            changed.append(WageEstimate(pk=current[0], **row.values))
        else:
            summary.unchanged += 1
    WageEstimate.objects.bulk_create(new, batch_size=1000)
    WageEstimate.objects.bulk_update(changed, ESTIMATE_FIELDS, batch_size=500)
    summary.created += len(new)
    summary.updated += len(changed)


def _differs(current, incoming):
    # Decimals read back from the database may differ in exponent only (1.0 vs 1.00).
    return any(
        (a is None) != (b is None) or (a is not None and a != b)
        for a, b in zip(current, incoming, strict=True)
    )
