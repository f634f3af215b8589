"""
Read O*NET 30.1's files (tab-separated text, plain or gzipped, under the names O*NET's files
have in fixtures/onet/) and import, for each occupation the wage data knows, the O*NET
occupations that describe it, their tasks, the titles they are also called by, the
technologies and tools used in them, their job zone, the education, experience and training
their respondents report, whether O*NET gives them a Bright Outlook, and the occupations O*NET
finds related to them.

Which O*NET occupations describe an occupation is the crosswalk's to say
(oews_to_onet_crosswalk.csv.gz), and of those the importer takes the SOC-level ones
(XX-XXXX.00), not O*NET's specialties: 43-9061 takes 43-9061.00; an occupation the wage data
combines takes its parts (31-1120 takes 31-1121.00 and 31-1122.00); 11-1011.03 Chief
Sustainability Officers is not shown as Chief Executives' content. The
titles it is also called by are the reported titles O*NET's My Next Move shows (the page lists
them) and O*NET's alternate titles with their short forms (search finds the occupation by
them), a specialty's alternate titles being its occupation's: 39-9011.01 Nannies' "Nanny" is a
name of 39-9011 Childcare Workers.

Emerging tasks: only the "New" ones, each a task in its own words that no task statement has
yet. A "Revision" is a rewording of a task statement that the file still lists (by its Original
Task ID) and that the page shows already; shown as well, it would read as a second task.

Education, experience and training: the four questions with an answer per category (RL, RW,
PT, OJ), not the importance ratings of certification and apprenticeship (IM). When O*NET recommends
suppressing any answer of a question for an occupation (Recommend Suppress Y: too few
respondents or too imprecise), the whole question is left out for it, not shown in part.

Related occupations keep O*NET's title and, through the crosswalk, the wage data's occupation
the related one belongs to (11-3031.01 Treasurers and Controllers belongs to 11-3031), whose
career page, pay and outlook the page shows.

Reading checks every row of every file before anything is written; writing compares with what
is stored, so a second run changes nothing.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import batched

from django.db import connection, transaction

from careerguide import catalogue
from careerguide.bulk import foreign_keys_checked_at_once
from occupations.datafiles import DataFileError, Row, read_rows
from occupations.models import (
    AlternateTitle,
    EducationCategory,
    EducationShare,
    EmergingTask,
    JobZone,
    Occupation,
    OnetOccupation,
    RelatedOccupation,
    SourceRelease,
    Task,
    Technology,
    Tool,
)

RELEASE = "30.1"
CREDIT = (
    "Source: O*NET 30.1 Database (December 2025), U.S. Department of Labor, Employment and "
    "Training Administration."
)
CROSSWALK = "oews_to_onet_crosswalk.csv.gz"
OCCUPATIONS = "occupation_data.tsv.gz"
TASKS = "task_statements.tsv.gz"
TITLES = "sample_of_reported_titles.tsv.gz"
ALTERNATE = "alternate_titles.tsv.gz"
TECHNOLOGY = "technology_skills.tsv.gz"
EMERGING = "emerging_tasks.tsv.gz"
TOOLS = "tools_used.tsv.gz"
ZONES = "job_zones.tsv.gz"
ZONE_NAMES = "job_zone_reference.tsv.gz"
EDUCATION = "education_training_and_experience.tsv.gz"
CATEGORIES = "education_training_and_experience_categories.tsv.gz"
BRIGHT = "bright_outlook_occupations.csv.gz"
RELATED = "related_occupations.tsv.gz"
FILES = [
    CROSSWALK, OCCUPATIONS, TASKS, TITLES, ALTERNATE, TECHNOLOGY, EMERGING, TOOLS, ZONES,
    ZONE_NAMES, EDUCATION, CATEGORIES, BRIGHT, RELATED,
]  # fmt: skip
CODE = "o*net-soc code"
ONET_CODE = re.compile(r"\d\d-\d{4}\.\d\d")
MATCHES = {"direct", "oews_aggregate_components"}
YES_NO = {"Y": True, "N": False}
TASK_KINDS = {"Core": Task.Kind.CORE, "Supplemental": Task.Kind.SUPPLEMENTAL, "n/a": ""}
EMERGING_KINDS = {"New", "Revision"}
SCALES = set(EducationCategory.Scale.values)
IMPORTANCE = "IM"
YES_NO_NA = {"Y": True, "N": False, "n/a": False}
RESPONDENTS = set(EducationShare.Respondents.values)
BRIGHT_CATEGORIES = {"Rapid Growth", "Numerous Job Openings", "New and Emerging"}
TIERS = set(RelatedOccupation.Tier.values)
MONTH = re.compile(r"(\d\d)/(\d{4})")
UNUSED = "O*NET occupations no occupation here takes (specialties, or not in the wage data)"


@dataclass
class Found:
    """What the files say, checked, for the O*NET occupations the wage data's ones take."""

    links: dict = field(default_factory=dict)  # O*NET code: {SOC codes}
    titles: dict = field(default_factory=dict)  # O*NET code: title
    tasks: dict = field(default_factory=dict)  # (O*NET code, task ID): (text, kind, position)
    names: dict = field(default_factory=dict)  # (code, title): (position, short, reported)
    parents: dict = field(default_factory=dict)  # specialty's O*NET code: its occupation's
    technologies: dict = field(default_factory=dict)  # (O*NET code, example): (commodity, hot)
    emerging: dict = field(default_factory=dict)  # (O*NET code, text): (reported, position)
    tools: dict = field(default_factory=dict)  # (O*NET code, example): (commodity, position)
    zone_names: dict = field(default_factory=dict)  # zone: (name, experience, ...)
    zones: dict = field(default_factory=dict)  # O*NET code: zone
    categories: dict = field(default_factory=dict)  # (scale, number): (description,)
    education: dict = field(default_factory=dict)  # (code, scale, number): (percent, ...)
    bright: dict = field(default_factory=dict)  # O*NET code: categories
    related: dict = field(default_factory=dict)  # (code, related code): (title, SOC, tier, index)
    every_title: dict = field(default_factory=dict)  # every O*NET code in the files: title
    belongs_to: dict = field(default_factory=dict)  # every O*NET code crosswalked: SOC code


def onet_code(row, column):
    """The O*NET-SOC code in `column`, checked: 43-9061.00."""
    value = row.record[column].strip()
    if not ONET_CODE.fullmatch(value):
        row.fail(column, "an O*NET-SOC code looks like 43-9061.00")
    return value


def choice(row, column, choices):
    value = row.record[column].strip()
    if value not in choices:
        row.fail(column, f"expected one of {', '.join(sorted(choices))}")
    return choices[value] if isinstance(choices, dict) else value


def month(row, column):
    """O*NET's MM/YYYY date, as the first day of that month."""
    match = MONTH.fullmatch(row.record[column].strip())
    if not match or not 1 <= int(match[1]) <= 12:
        row.fail(column, "a date looks like 08/2025")
    return date(int(match[2]), int(match[1]), 1)


def whole_number(row, column, lowest=0, highest=32767):
    value = row.record[column].strip()
    if not value.isdigit() or not lowest <= int(value) <= highest:
        row.fail(column, f"expected a whole number from {lowest} to {highest}")
    return int(value)


def read_all(directory, summary, known):
    """Everything to import from the files in `directory`, every row checked; `known` is the
    set of SOC codes the wage data has."""
    found = Found()
    read_crosswalk(directory / CROSSWALK, summary, known, found)
    described = set()
    for where, row in rows(directory / OCCUPATIONS, [CODE, "title"], summary):
        code = onet_code(row, CODE)
        title = row.text("title", 200, required=True)
        if code in described:
            raise DataFileError(f"{where}: duplicate row: {code} is above.")
        described.add(code)
        found.every_title[code] = title
        if code in found.links:
            found.titles[code] = title
        else:
            summary.skipped[f"{OCCUPATIONS}: {UNUSED}"] += 1
    missing = sorted(set(found.links) - set(found.titles))
    if missing:
        raise DataFileError(f"{directory / OCCUPATIONS}: no row for {', '.join(missing[:5])}.")
    read_tasks(directory / TASKS, summary, found)
    read_titles(directory / TITLES, summary, found)
    read_alternate_titles(directory / ALTERNATE, summary, found)
    read_technologies(directory / TECHNOLOGY, summary, found)
    read_emerging(directory / EMERGING, summary, found)
    read_tools(directory / TOOLS, summary, found)
    read_zone_names(directory / ZONE_NAMES, summary, found)
    read_zones(directory / ZONES, summary, found)
    read_categories(directory / CATEGORIES, summary, found)
    read_education(directory / EDUCATION, summary, found)
    read_bright(directory / BRIGHT, summary, found)
    read_related(directory / RELATED, summary, found)
    return found


def rows(path, columns, summary):
    for where, record in read_rows(path, columns, "an O*NET file", tabs=".tsv" in path.suffixes):
        summary.rows_read += 1
        yield where, Row(where, record)


def read_crosswalk(path, summary, known, found):
    """The crosswalk's links, by the rule the module's docstring gives."""
    columns = ["oews_occ_code", "match_type", "onet_soc_code", "onet_is_soc_level_code"]
    by_soc, seen = {}, set()
    for where, row in rows(path, columns, summary):
        soc = row.soc_code("oews_occ_code")
        choice(row, "match_type", MATCHES)
        code = onet_code(row, "onet_soc_code")
        soc_level = choice(row, "onet_is_soc_level_code", YES_NO)
        if (soc, code) in seen:
            raise DataFileError(f"{where}: duplicate row: {soc} and {code} are linked above.")
        seen.add((soc, code))
        by_soc.setdefault(soc, []).append((code, soc_level))
        if soc in known:
            found.belongs_to[code] = soc
    for soc, parts in by_soc.items():
        if soc not in known:
            summary.skipped[f"{CROSSWALK}: occupations the wage data does not have"] += len(parts)
            continue
        chosen = [code for code, soc_level in parts if soc_level]
        if len(chosen) < len(parts):
            summary.skipped[f"{CROSSWALK}: O*NET specialties of an occupation"] += len(
                parts
            ) - len(chosen)
        for code in chosen:
            found.links.setdefault(code, set()).add(soc)
        for code, soc_level in parts:  # a specialty's names are its own occupation's
            if not soc_level and chosen:
                same = [other for other in chosen if other[:7] == code[:7]]
                found.parents[code] = (same or chosen)[0]


def read_tasks(path, summary, found):
    """Tasks, core ones first, then supplemental, then unrated, each in O*NET's order."""
    columns = [CODE, "task id", "task", "task type"]
    order = {Task.Kind.CORE: 0, Task.Kind.SUPPLEMENTAL: 1, "": 2}
    listed = {}
    for where, row in rows(path, columns, summary):
        code = onet_code(row, CODE)
        task_id = row.text("task id", 10, required=True)
        if not task_id.isdigit():
            row.fail("task id", "not a whole number")
        text = row.text("task", 1000, required=True)
        kind = choice(row, "task type", TASK_KINDS)
        if code not in found.links:
            summary.skipped[f"{TASKS}: {UNUSED}"] += 1
            continue
        key = (code, int(task_id))
        if key in found.tasks:
            raise DataFileError(f"{where}: duplicate row: task {task_id} of {code} is above.")
        found.tasks[key] = None
        listed.setdefault(code, []).append(
            (order[kind], len(listed.get(code, [])), key, text, kind)
        )
    for tasks in listed.values():
        for position, (_, _, key, text, kind) in enumerate(sorted(tasks)):
            found.tasks[key] = (text, kind, position)


def read_titles(path, summary, found):
    """The reported titles O*NET's My Next Move shows ("Shown in My Next Move" Y)."""
    columns = [CODE, "reported job title", "shown in my next move"]
    shown_of = Counter()  # titles kept so far, by O*NET code: the next one's position
    for where, row in rows(path, columns, summary):
        code = onet_code(row, CODE)
        title = row.text("reported job title", 200, required=True)
        shown = choice(row, "shown in my next move", YES_NO)
        if code not in found.links:
            summary.skipped[f"{TITLES}: {UNUSED}"] += 1
        elif not shown:
            summary.skipped[f"{TITLES}: titles My Next Move does not show"] += 1
        elif (code, title) in found.names:
            raise DataFileError(f"{where}: duplicate row: {title!r} of {code} is above.")
        else:
            found.names[(code, title)] = (shown_of[code], "", True)
            shown_of[code] += 1


def read_alternate_titles(path, summary, found):
    """O*NET's alternate titles, with their short forms ("n/a" when none), after the reported
    ones; a specialty's are its occupation's (see AlternateTitle), and a title the occupation
    has already is kept once, with the short form this file gives it."""
    columns = [CODE, "alternate title", "short title", "source(s)"]
    listed = set()
    position = Counter(code for code, _ in found.names)
    for where, row in rows(path, columns, summary):
        code = onet_code(row, CODE)
        title = row.text("alternate title", 200, required=True)
        short = row.text("short title", 100, required=True)
        short = "" if short == "n/a" else short
        owner = code if code in found.links else found.parents.get(code)
        if (code, title) in listed:
            raise DataFileError(f"{where}: duplicate row: {title!r} of {code} is above.")
        listed.add((code, title))
        if owner is None:
            summary.skipped[f"{ALTERNATE}: {UNUSED}"] += 1
        elif (owner, title) in found.names:
            first, _, reported = found.names[(owner, title)]
            found.names[(owner, title)] = (first, short, reported)
            summary.skipped[f"{ALTERNATE}: titles the occupation has already"] += 1
        else:
            found.names[(owner, title)] = (position[owner], short, False)
            position[owner] += 1


def read_technologies(path, summary, found):
    columns = [CODE, "example", "commodity title", "hot technology"]
    for where, row in rows(path, columns, summary):
        code = onet_code(row, CODE)
        example = row.text("example", 200, required=True)
        commodity = row.text("commodity title", 200, required=True)
        hot = choice(row, "hot technology", YES_NO)
        if code not in found.links:
            summary.skipped[f"{TECHNOLOGY}: {UNUSED}"] += 1
        elif (code, example) in found.technologies:
            raise DataFileError(f"{where}: duplicate row: {example!r} of {code} is above.")
        else:
            found.technologies[(code, example)] = (commodity, hot)


def read_emerging(path, summary, found):
    """The new emerging tasks (see the module's docstring for why not the revisions)."""
    columns = [CODE, "task", "category", "date"]
    for where, row in rows(path, columns, summary):
        code = onet_code(row, CODE)
        text = row.text("task", 1000, required=True)
        kind = choice(row, "category", EMERGING_KINDS)
        reported = month(row, "date")
        if code not in found.links:
            summary.skipped[f"{EMERGING}: {UNUSED}"] += 1
        elif kind == "Revision":
            summary.skipped[f"{EMERGING}: rewordings of a task shown in its current words"] += 1
        elif (code, text) in found.emerging:
            raise DataFileError(f"{where}: duplicate row: {text!r} of {code} is above.")
        else:
            position = sum(1 for other, _ in found.emerging if other == code)
            found.emerging[(code, text)] = (reported, position)


def read_tools(path, summary, found):
    columns = [CODE, "example", "commodity title"]
    positions = {}
    for where, row in rows(path, columns, summary):
        code = onet_code(row, CODE)
        example = row.text("example", 200, required=True)
        commodity = row.text("commodity title", 200, required=True)
        if code not in found.links:
            summary.skipped[f"{TOOLS}: {UNUSED}"] += 1
        elif (code, example) in found.tools:
            raise DataFileError(f"{where}: duplicate row: {example!r} of {code} is above.")
        else:
            positions[code] = positions.get(code, -1) + 1
            found.tools[(code, example)] = (commodity, positions[code])


def read_zone_names(path, summary, found):
    """O*NET's five job zones, each described in its own words."""
    columns = ["job zone", "name", "experience", "education", "job training", "examples"]
    for where, row in rows(path, columns, summary):
        zone = whole_number(row, "job zone", 1, 5)
        if zone in found.zone_names:
            raise DataFileError(f"{where}: duplicate row: job zone {zone} is above.")
        found.zone_names[zone] = tuple(
            row.text(column, 200 if column == "name" else 2000, required=True)
            for column in columns[1:]
        )


def read_zones(path, summary, found):
    columns = [CODE, "job zone"]
    for where, row in rows(path, columns, summary):
        code = onet_code(row, CODE)
        zone = whole_number(row, "job zone", 1, 5)
        if zone not in found.zone_names:
            row.fail("job zone", f"not a job zone of {ZONE_NAMES}")
        if code not in found.links:
            summary.skipped[f"{ZONES}: {UNUSED}"] += 1
        elif code in found.zones:
            raise DataFileError(f"{where}: duplicate row: the job zone of {code} is above.")
        else:
            found.zones[code] = zone


def read_categories(path, summary, found):
    """The answers of the four questions shown, in O*NET's words."""
    columns = ["scale id", "category", "category description"]
    for where, row in rows(path, columns, summary):
        scale = choice(row, "scale id", SCALES)
        number = whole_number(row, "category", 1, 99)
        description = row.text("category description", 1000, required=True)
        if (scale, number) in found.categories:
            raise DataFileError(f"{where}: duplicate row: {scale} category {number} is above.")
        else:
            found.categories[(scale, number)] = (description,)


def read_education(path, summary, found):
    """Each answer's share of respondents; a question with a share O*NET recommends
    suppressing is left out whole for its occupation, and the importance ratings (IM) are
    not shown."""
    columns = [CODE, "scale id", "category", "data value", "recommend suppress", "date",
               "domain source"]  # fmt: skip
    suppressed = set()
    for where, row in rows(path, columns, summary):
        code = onet_code(row, CODE)
        if choice(row, "scale id", [*SCALES, IMPORTANCE]) == IMPORTANCE:
            summary.skipped[
                f"{EDUCATION}: importance ratings of certification and apprenticeship"
            ] += 1
            continue
        scale = row.record["scale id"].strip()
        number = whole_number(row, "category", 1, 99)
        if (scale, number) not in found.categories:
            row.fail("category", f"no such {scale} category in {CATEGORIES}")
        percent = row.number("data value", EducationShare._meta.get_field("percent"))
        if percent > 100:
            row.fail("data value", "a percentage cannot be over 100")
        suppress = choice(row, "recommend suppress", YES_NO_NA)
        surveyed = month(row, "date")
        respondents = choice(row, "domain source", RESPONDENTS)
        key = (code, scale, number)
        if code not in found.links:
            summary.skipped[f"{EDUCATION}: {UNUSED}"] += 1
        elif key in found.education:
            raise DataFileError(f"{where}: duplicate row: {scale} {number} of {code} is above.")
        else:
            found.education[key] = (percent, respondents, surveyed)
            if suppress:
                suppressed.add((code, scale))
    for key in [key for key in found.education if key[:2] in suppressed]:
        del found.education[key]
        summary.skipped[f"{EDUCATION}: questions O*NET recommends suppressing"] += 1


def read_bright(path, summary, found):
    """O*NET's Bright Outlook occupations, with their categories as O*NET writes them."""
    for where, row in rows(path, ["code", "categories"], summary):
        code = onet_code(row, "code")
        categories = row.text("categories", 100, required=True)
        if not set(categories.split("; ")) <= BRIGHT_CATEGORIES:
            row.fail("categories", f"expected some of {'; '.join(sorted(BRIGHT_CATEGORIES))}")
        if code not in found.links:
            summary.skipped[f"{BRIGHT}: {UNUSED}"] += 1
        elif code in found.bright:
            raise DataFileError(f"{where}: duplicate row: {code} is above.")
        else:
            found.bright[code] = categories


def read_related(path, summary, found):
    """Related occupations, with O*NET's title and the wage data's occupation of each."""
    columns = [CODE, "related o*net-soc code", "relatedness tier", "index"]
    for where, row in rows(path, columns, summary):
        code = onet_code(row, CODE)
        related = onet_code(row, "related o*net-soc code")
        tier = choice(row, "relatedness tier", TIERS)
        index = whole_number(row, "index", 1)
        if related not in found.every_title:
            row.fail("related o*net-soc code", f"no such occupation in {OCCUPATIONS}")
        if code not in found.links:
            summary.skipped[f"{RELATED}: {UNUSED}"] += 1
        elif (code, related) in found.related:
            raise DataFileError(f"{where}: duplicate row: {related} of {code} is above.")
        else:
            soc = found.belongs_to.get(related)
            found.related[(code, related)] = (found.every_title[related], soc, tier, index)


@transaction.atomic
def import_all(found, summary):
    """Write what was found as O*NET 30.1's; only what differs is written, and what the files
    no longer have is deleted. Returns the release and a line per kind of content."""
    release = SourceRelease.objects.get_or_create(
        kind=SourceRelease.Kind.ONET,
        name=RELEASE,
        defaults={"first_year": 2025, "credit": CREDIT},
    )[0]
    lines = [
        sync(
            "job zones", JobZone.objects.all(), ("number",),
            ("name", "experience", "education", "training", "examples"), found.zone_names,
            summary,
        ),
        sync(
            "O*NET occupations", OnetOccupation.objects.all(), ("code",),
            ("title", "release_id", "job_zone_id", "bright_outlook"),
            {
                code: (title, release.pk, found.zones.get(code), found.bright.get(code, ""))
                for code, title in found.titles.items()
            },
            summary,
        ),
        sync_links(found.links, summary),
        sync(
            "tasks", Task.objects.all(), ("onet_occupation_id", "task_id"),
            ("text", "kind", "position"), found.tasks, summary,
        ),
        sync(
            "also called", AlternateTitle.objects.all(), ("onet_occupation_id", "title"),
            ("position", "short_title", "reported"), found.names, summary,
        ),
        sync(
            "technologies", Technology.objects.all(), ("onet_occupation_id", "example"),
            ("commodity", "hot"), found.technologies, summary,
        ),
        sync(
            "emerging tasks", EmergingTask.objects.all(), ("onet_occupation_id", "text"),
            ("reported", "position"), found.emerging, summary,
        ),
        sync(
            "tools", Tool.objects.all(), ("onet_occupation_id", "example"),
            ("commodity", "position"), found.tools, summary,
        ),
        sync(
            "education categories", EducationCategory.objects.all(), ("scale", "number"),
            ("description",), found.categories, summary,
        ),
        sync_education(found.education, summary),
        sync(
            "related occupations", RelatedOccupation.objects.all(),
            ("onet_occupation_id", "code"), ("title", "occupation_id", "tier", "index"),
            found.related, summary,
        ),
    ]  # fmt: skip
    if summary.created or summary.updated:
        catalogue.changed()
    return release, lines


def sync(what, queryset, keys, values, found, summary):
    """Make the rows of `queryset` those of `found` ({key: values}); counted in `summary`,
    a row deleted as updated. Returns a line saying what was done."""
    model = queryset.model
    stored = {}
    for pk, *fields in queryset.values_list("pk", *keys, *values):
        key = tuple(fields[: len(keys)])
        stored[key if len(keys) > 1 else key[0]] = (pk, tuple(fields[len(keys) :]))
    new, changed = [], []
    for key, wanted in found.items():
        current = stored.pop(key, None)
        if current is None:
            new.append((*(key if len(keys) > 1 else (key,)), *wanted))
        elif current[1] != tuple(wanted):
            changed.append(model(pk=current[0], **dict(zip(values, wanted, strict=True))))
    model.objects.filter(pk__in=[pk for pk, _ in stored.values()]).delete()
    with foreign_keys_checked_at_once(model):
        insert(model, [*keys, *values], new)
    if changed:
        model.objects.bulk_update(changed, list(values), batch_size=2000)
    summary.created += len(new)
    summary.updated += len(changed) + len(stored)
    summary.unchanged += len(found) - len(new) - len(changed)
    return (
        f"  {what}: {len(found):,} ({len(new):,} new, {len(changed):,} changed, "
        f"{len(stored):,} deleted)"
    )


def insert(model, names, rows):
    """Insert `rows`, the values of the fields `names` (attnames), as the readers checked them:
    by COPY on PostgreSQL, plain executemany on SQLite. Tens of thousands of rows are new on a
    first import, and a model instance for each (bulk_create) cost more than the database's own
    work. Decimals and dates go to the drivers as they are (psycopg takes them; Django registers
    sqlite3's adapters). The model's other fields take their defaults; no signals are sent
    (import_all says the catalogue changed)."""
    fields = [model._meta.get_field(name) for name in names]
    others = [f for f in model._meta.concrete_fields if f not in fields and not f.primary_key]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in others)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in [*fields, *others])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, *defaults))
            return
        placeholders = ", ".join(["%s"] * (len(fields) + len(others)))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
        for batch in batched(rows, 2000):
            cursor.executemany(sql, [(*row, *defaults) for row in batch])


def sync_links(links, summary):
    """The crosswalk: which O*NET occupations each of the wage data's occupations takes."""
    ids = dict(Occupation.objects.values_list("code", "pk"))
    onet_ids = dict(OnetOccupation.objects.values_list("code", "pk"))
    wanted = {(onet_ids[code], ids[soc]): () for code, socs in links.items() for soc in socs}
    through = OnetOccupation.occupations.through
    return sync(
        "crosswalk links",
        through.objects.all(),
        ("onetoccupation_id", "occupation_id"),
        (),
        wanted,
        summary,
    )


def sync_education(education, summary):
    """Each answer's share, its category found by scale and number."""
    ids = {
        (scale, number): pk
        for pk, scale, number in EducationCategory.objects.values_list("pk", "scale", "number")
    }
    wanted = {
        (code, ids[scale, number]): values for (code, scale, number), values in education.items()
    }
    return sync(
        "education, training and experience",
        EducationShare.objects.all(),
        ("onet_occupation_id", "category_id"),
        ("percent", "respondents", "surveyed"),
        wanted,
        summary,
    )
