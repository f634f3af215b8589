"""
Read BLS OEWS files (the `all_data` column layout, CSV, plain or gzipped) and import them.

Reading checks every row before anything is written: a bad value stops the import with the
file, line and column. It keeps each checked row as one line of text ready for the database,
not as Python objects: the metro file's 198,287 rows take about 40 MB so, instead of most of
a gigabyte. Writing then runs in one transaction, in the order of the estimates' indexes: one
statement (executed for each line on SQLite; from a temporary table that COPY fills on
PostgreSQL) creates the estimates not stored yet and updates only those that differ, so a
second import changes nothing. The number of queries does not grow with the number of rows.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from operator import itemgetter

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery

from careerguide import catalogue
from careerguide.bulk import foreign_keys_checked_at_once
from occupations import datafiles
from occupations.datafiles import DataFileError, read_lists
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
ALL_OWNERSHIPS_OR_NONE = frozenset([ALL_OWNERSHIPS, ""])
SOC_CODE = re.compile(r"\d\d-\d{4}")
AREA_CODE = re.compile(r"\d{1,7}")
STATE_CODE = re.compile(r"[A-Z]{2}")
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"  # noqa: E501
RELEASE_IN_NAME = re.compile(rf"(?<![a-z]){_MONTH}[_-]?(\d{{4}})(?!\d)", re.IGNORECASE)
RELEASE_NAME = re.compile(rf"{_MONTH} (\d{{4}})", re.IGNORECASE)


class OEWSError(DataFileError):
    """A file that cannot be imported; the message names the file, line and column."""


# A row's figures in FIGURES order, tab-separated, as BLS writes them nearly always: a plain
# number that fits its field, a marker the column allows, or nothing. Such a row is checked by
# this one expression; any other (commas, spaces, too many decimal places, a bad value) by
# _figure(), column by column, which also names the column of a bad value.
def _usual(name, kind_of_number, markers):
    if kind_of_number is int:
        number = r"\d{1,9}+"  # below MAX_WHOLE_NUMBER
    else:
        places, limit = DECIMAL_LIMITS[name]
        number = rf"\d{{1,{len(str(limit)) - 1}}}+(?:\.\d{{1,{places}}}+)?+"
    # Possessive (+): a figure ends at its tab, so trying less of it again is wasted time.
    return "(?:" + "|".join([number, *map(re.escape, sorted(markers))]) + ")?+"


# ASCII: other scripts' digits are numbers to Python, not to the database.
USUAL_FIGURES = re.compile("\t".join(_usual(*f) for f in FIGURES.values()), re.ASCII)
MARKERS = frozenset().union(*(markers for _, _, markers in FIGURES.values()))
FIGURE_NAMES = [name for name, _, _ in FIGURES.values()]
AREA_COLUMNS = ["AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE"]
OCCUPATION_COLUMNS = ["OCC_CODE", "OCC_TITLE", "O_GROUP"]
FLAGS = {"": "0", "FALSE": "0", "TRUE": "1"}
PROGRESS_EVERY = 10_000


@dataclass
class Found:
    """The checked rows of the files. Each row is one line of text, its values tab-separated
    (nothing for NULL): the occupation's and the area's codes, then ESTIMATE_FIELDS. All were
    checked, so none holds a tab, a backslash or a line end."""

    areas: dict = field(default_factory=dict)  # code: (code, title, kind, state)
    occupations: dict = field(default_factory=dict)  # code: (code, title, group)
    lines: list = field(default_factory=list)

    def __len__(self):
        return len(self.lines)


@dataclass
class Summary(datafiles.Summary):
    areas_created: int = 0
    occupations_created: int = 0


class _BadValue(Exception):
    """A bad value in a column of the row being read; _read_file names the file and line."""

    def __init__(self, column, problem):
        super().__init__(column, problem)
        self.column, self.problem = column, problem


def _fail(column, problem):
    raise _BadValue(column, problem)


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


def read_files(paths, summary, progress=None):
    """Every row of `paths`, checked, refusing the same occupation and area twice."""
    found = Found()
    seen = {}  # "occupation\tarea": (path, line) of its row
    for path in paths:
        _read_file(path, found, seen, summary, progress)
    if not found.lines:
        raise OEWSError(
            f"Nothing to import: all {summary.rows_read:,} rows were skipped "
            f"({'; '.join(summary.skipped)})."
        )
    return found


def _read_file(path, found, seen, summary, progress):
    rows = read_lists(path, REQUIRED_COLUMNS, "a BLS OEWS file in the all_data layout", str.upper)
    names = next(rows)
    column = {name: names.index(name) for name in REQUIRED_COLUMNS}
    own_code = names.index("OWN_CODE") if "OWN_CODE" in names else None
    figures = itemgetter(*(column[name] for name in FIGURES))
    area_of = itemgetter(*(column[name] for name in AREA_COLUMNS))
    occupation_of = itemgetter(*(column[name] for name in OCCUPATION_COLUMNS))
    naics, annual, hourly = column["NAICS"], column["ANNUAL"], column["HOURLY"]
    areas, occupations = {}, {}  # as written: as checked, each checked once
    area_written = area = None
    read = 0
    for line, values in rows:
        read += 1
        if read % PROGRESS_EVERY == 0 and progress is not None:
            progress.update(PROGRESS_EVERY)
        ownership = values[own_code] if own_code is not None else ""
        if values[naics] != CROSS_INDUSTRY or ownership not in ALL_OWNERSHIPS_OR_NONE:
            reason = _skip_reason(values[naics], ownership)
            if reason:
                summary.skipped[reason] += 1
                continue
        try:
            written = area_of(values)
            if written != area_written:  # the rows of an area come one after the other
                area_written = written
                area = areas.get(written) or areas.setdefault(written, _area(*written))
            written = occupation_of(values)
            occupation = occupations.get(written) or occupations.setdefault(
                written, _occupation(*written)
            )
            text = "\t".join(figures(values))
            markers = "{}"
            if not USUAL_FIGURES.fullmatch(text):
                text, markers = _figures(values, column)
            elif "*" in text or "#" in text:
                text, markers = _markers(text)
            flags = FLAGS.get(values[annual]), FLAGS.get(values[hourly])
            if None in flags:
                flags = _flag(values[annual], "ANNUAL"), _flag(values[hourly], "HOURLY")
        except _BadValue as bad:
            value = dict(zip(names, values, strict=True))[bad.column]
            raise OEWSError(
                f"{path}, line {line}, column {bad.column}: {bad.problem} ({value!r})."
            ) from None

        key = f"{occupation[0]}\t{area[0]}"
        if key in seen:
            first = seen[key]
            raise OEWSError(
                f"{path}, line {line}: duplicate row: occupation {occupation[0]} in area "
                f"{area[0]} is also at {first[0]}, line {first[1]}."
            )
        seen[key] = (path, line)
        found.areas[area[0]] = area
        found.occupations[occupation[0]] = occupation
        found.lines.append(f"{key}\t{text}\t{flags[0]}\t{flags[1]}\t{markers}")
    summary.rows_read += read
    if progress is not None:
        progress.update(read % PROGRESS_EVERY)


def _skip_reason(naics, own_code):
    if naics.strip() != CROSS_INDUSTRY:
        return "industry-specific row (only cross-industry estimates are imported)"
    if own_code.strip() not in (ALL_OWNERSHIPS, ""):
        return "ownership subset (only all ownerships are imported)"
    return None


def _area(code, title, kind, state):
    code, title, kind, state = code.strip(), title.strip(), kind.strip(), state.strip()
    if not AREA_CODE.fullmatch(code):
        _fail("AREA", "an area code is 1 to 7 digits")
    if kind not in AREA_KINDS:
        _fail("AREA_TYPE", f"an area type is one of {', '.join(Area.Kind.values)}")
    if not STATE_CODE.fullmatch(state):
        _fail("PRIM_STATE", "a state is two capital letters")
    if not title:
        _fail("AREA_TITLE", "a title cannot be empty")
    return code, title, kind, state


def _occupation(code, title, group):
    code, title, group = code.strip(), title.strip(), group.strip().lower()
    if not SOC_CODE.fullmatch(code):
        _fail("OCC_CODE", "an SOC code looks like 43-9061")
    if group not in OCCUPATION_GROUPS:
        _fail("O_GROUP", f"an occupation group is one of {', '.join(Occupation.Group.values)}")
    if not title:
        _fail("OCC_TITLE", "a title cannot be empty")
    return code, title, group


def _markers(text):
    """The usual figures' `text` with its markers taken out, and the markers as JSON."""
    values = text.split("\t")
    markers = {}
    for position, value in enumerate(values):
        if value in MARKERS:
            markers[FIGURE_NAMES[position]] = value
            values[position] = ""
    return "\t".join(values), json.dumps(markers)


def _figures(values, column):
    """The figures of a row that USUAL_FIGURES does not match, column by column: their text
    and the markers as JSON; the first bad one raises _BadValue."""
    texts, markers = [], {}
    for name, figure in FIGURES.items():
        value = _figure(
            values[column[name]], *figure, lambda problem, name=name: _fail(name, problem)
        )
        if value in MARKERS:
            markers[figure[0]] = value
            value = ""
        texts.append(value)
    return "\t".join(texts), json.dumps(markers)


def _figure(text, name, kind_of_number, markers, fail):
    """One figure as text for the database: a number as its field stores it, a marker, or
    "" (nothing)."""
    text = text.strip().replace(",", "")
    if text in markers or text == "":
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        fail("not a number or a BLS marker")
    if not number.is_finite():
        fail("not a number or a BLS marker")
    if number < 0:
        fail("a figure cannot be negative")
    number = _fit(number, name, kind_of_number, fail)
    return str(number) if kind_of_number is int else f"{number:f}"


def _flag(text, column):
    flag = FLAGS.get(text.strip().upper())
    if flag is None:
        _fail(column, "expected TRUE or nothing")
    return flag


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


# PostgreSQL: the temporary table that COPY fills with Found's lines.
STAGED = "salaries_oews_staged"


@transaction.atomic
def import_rows(found, release_name, published_on, summary, progress=None):
    """Write the `found` rows as estimates of one release; only what differs is written."""
    release_name, reference_date = parse_release(release_name)
    release, created = Release.objects.get_or_create(
        name=release_name,
        defaults={"reference_date": reference_date, "published_on": published_on},
    )
    if not created and published_on and release.published_on != published_on:
        release.published_on = published_on
        release.save(update_fields=["published_on"])

    _upsert_areas(found.areas, summary)
    _upsert_occupations(found.occupations, summary)
    # In the order of the indexes that begin with the occupation: far faster to write.
    found.lines.sort()
    estimates = WageEstimate.objects.filter(release=release)
    stored = estimates.count()
    with foreign_keys_checked_at_once(WageEstimate):
        if connection.vendor == "postgresql":
            written = _write_postgresql(found.lines, release.pk, stored)
        else:
            written = _write_sqlite(found.lines, release.pk)
    new = estimates.count() - stored
    summary.created += new
    summary.updated += written - new
    summary.unchanged += len(found) - written
    if progress is not None:
        progress.update(len(found))

    refresh_national_medians()
    if summary.created or summary.updated or summary.areas_created or summary.occupations_created:
        catalogue.changed()
    return release


def _write_sqlite(lines, release_id):
    """One statement, executed for each line, straight on the database's own connection:
    Django's executemany would keep every row of a generator in memory. Returns the number of
    estimates created or updated."""
    figures = set(FIGURE_NAMES)
    values = ", ".join("NULLIF(?, '')" if name in figures else "?" for name in ESTIMATE_FIELDS)
    rows = (
        "SELECT ?, "
        f"(SELECT id FROM {Occupation._meta.db_table} WHERE code = ?), "
        f"(SELECT id FROM {Area._meta.db_table} WHERE code = ?), {values} WHERE true"
    )  # "WHERE true": how SQLite tells a SELECT's end from ON CONFLICT
    connection.ensure_connection()
    cursor = connection.connection.executemany(
        _upsert_sql(rows, differs="IS NOT"),
        ((release_id, *line.split("\t")) for line in lines),
    )
    return cursor.rowcount


def _write_postgresql(lines, release_id, stored):
    """COPY the lines into a temporary table, then one statement writes them; or, when nothing
    of the release is `stored`, straight into the estimates' table: every line is a new
    estimate then, and the upsert cost more than COPY itself. Returns the number of estimates
    created or updated."""
    fields = ", ".join(ESTIMATE_FIELDS)
    with connection.cursor() as cursor:
        if not stored:
            occupations = dict(Occupation.objects.values_list("code", "pk"))
            areas = dict(Area.objects.values_list("code", "pk"))
            _copy(
                cursor,
                f"{WageEstimate._meta.db_table} (release_id, occupation_id, area_id, {fields})",
                lines,
                lambda occupation, area, rest: (
                    f"{release_id}\t{occupations[occupation]}\t{areas[area]}\t{rest}\n"
                ),
            )
            return len(lines)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGED} (occupation_code varchar(7), area_code varchar(7), "
            + ", ".join(
                f"{name} {WageEstimate._meta.get_field(name).db_type(connection)}"
                for name in ESTIMATE_FIELDS
            )
            + ")"
        )
        _copy(cursor, STAGED, lines, lambda *parts: "\t".join(parts) + "\n")
        rows = (
            f"SELECT %s, o.id, a.id, {', '.join(f's.{name}' for name in ESTIMATE_FIELDS)} "
            f"FROM {STAGED} s JOIN {Area._meta.db_table} a ON a.code = s.area_code "
            f"JOIN {Occupation._meta.db_table} o ON o.code = s.occupation_code"
        )
        cursor.execute(_upsert_sql(rows, differs="IS DISTINCT FROM"), [release_id])
        written = cursor.rowcount
        cursor.execute(f"DROP TABLE {STAGED}")
    return written


def _copy(cursor, table, lines, line_of):
    """COPY into `table` each line as `line_of(occupation code, area code, the rest)` gives it,
    in COPY's text format with nothing for NULL: the lines are written in it already."""
    with cursor.copy(f"COPY {table} FROM STDIN (FORMAT text, NULL '')") as copy:
        for start in range(0, len(lines), PROGRESS_EVERY):
            batch = lines[start : start + PROGRESS_EVERY]
            copy.write("".join(line_of(*line.split("\t", 2)) for line in batch))


def _upsert_sql(rows, differs):
    """Write `rows` (a SELECT of release, occupation and area ids, then ESTIMATE_FIELDS): those
    not stored are created, those that differ updated, the others left alone."""
    return (
        f"INSERT INTO {WageEstimate._meta.db_table} AS e "
        f"(release_id, occupation_id, area_id, {', '.join(ESTIMATE_FIELDS)}) {rows} "
        "ON CONFLICT (release_id, occupation_id, area_id) DO UPDATE SET "
        + ", ".join(f"{name} = excluded.{name}" for name in ESTIMATE_FIELDS)
        + " WHERE "
        + " OR ".join(f"e.{name} {differs} excluded.{name}" for name in ESTIMATE_FIELDS)
    )


def refresh_national_medians():
    """Copy each occupation's national annual median of the newest release onto it (the
    careers list filters and sorts by it)."""
    newest = Release.objects.order_by("-reference_date").first()
    national = WageEstimate.objects.filter(release=newest, area__kind=Area.Kind.NATIONAL)
    medians = dict(national.values_list("occupation_id", "annual_median"))
    changed = [
        pk
        for pk, median in Occupation.objects.values_list("pk", "national_annual_median")
        if median != medians.get(pk)
    ]
    # One UPDATE from the estimates: bulk_update's CASE of a value for each occupation took
    # 0.3 s to build when all changed (a first import).
    if changed:
        Occupation.objects.filter(pk__in=changed).update(
            national_annual_median=Subquery(
                national.filter(occupation=OuterRef("pk")).values("annual_median")[:1]
            )
        )


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


def _upsert_occupations(found, summary):
    existing = {occupation.code: occupation for occupation in Occupation.objects.all()}
    new, changed = {}, []
    for code, (_, title, group) in found.items():
        occupation = existing.get(code)
        if occupation is None:
            new[code] = Occupation(code=code, title=title, group=group)
        elif (occupation.title, occupation.group) != (title, group):
            occupation.title, occupation.group = title, group
            changed.append(occupation)
    # Created ancestors first (an ancestor's code ends in more zeros), each with its parent:
    # setting the parents of all 1,104 occupations of a first import afterwards took 0.3 s.
    everything = {**existing}
    for zeros in sorted({_trailing_zeros(code) for code in new}, reverse=True):
        level = [occupation for code, occupation in new.items() if _trailing_zeros(code) == zeros]
        for occupation in level:
            occupation.parent = _nearest_ancestor(occupation.code, everything)
        Occupation.objects.bulk_create(level)
        everything.update((occupation.code, occupation) for occupation in level)
    Occupation.objects.bulk_update(changed, ["title", "group"])
    summary.occupations_created += len(new)

    reparented = []
    for occupation in everything.values():
        parent = _nearest_ancestor(occupation.code, everything)
        if occupation.parent_id != (parent.pk if parent else None):
            occupation.parent = parent
            reparented.append(occupation)
    Occupation.objects.bulk_update(reparented, ["parent"])


def _trailing_zeros(code):
    """43-9061 -> 0, 43-9000 -> 3, 00-0000 -> 6: an ancestor's code ends in more."""
    digits = code.replace("-", "")
    return len(digits) - len(digits.rstrip("0"))


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
