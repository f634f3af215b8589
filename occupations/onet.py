"""
Read O*NET 30.1's files (tab-separated text, plain or gzipped, under the names O*NET's files
have in fixtures/onet/) and import, for each occupation the wage data knows, the O*NET
occupations that describe it, their tasks, the titles they are also called by and the
technologies used in them.

Which O*NET occupations describe an occupation is the crosswalk's to say
(oews_to_onet_crosswalk.csv.gz), and of those the importer takes the SOC-level ones
(XX-XXXX.00), not O*NET's specialties: 43-9061 takes 43-9061.00; an occupation the wage data
combines takes its parts (31-1120 takes 31-1121.00 and 31-1122.00); 11-1011.03 Chief
Sustainability Officers is not shown as Chief Executives' content. The
titles it is also called by are the reported titles O*NET's My Next Move shows. Emerging tasks
are left out: most are new tasks that no task statement links to.

Reading checks every row of every file before anything is written; writing compares with what
is stored, so a second run changes nothing.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction

from careerguide import catalogue
from occupations.datafiles import DataFileError, Row, read_rows
from occupations.models import (
    AlternateTitle,
    Occupation,
    OnetOccupation,
    SourceRelease,
    Task,
    Technology,
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
TECHNOLOGY = "technology_skills.tsv.gz"
FILES = [CROSSWALK, OCCUPATIONS, TASKS, TITLES, TECHNOLOGY]
CODE = "o*net-soc code"
ONET_CODE = re.compile(r"\d\d-\d{4}\.\d\d")
MATCHES = {"direct", "oews_aggregate_components"}
YES_NO = {"Y": True, "N": False}
TASK_KINDS = {"Core": Task.Kind.CORE, "Supplemental": Task.Kind.SUPPLEMENTAL, "n/a": ""}
UNUSED = "O*NET occupations no occupation here takes (specialties, or not in the wage data)"


@dataclass
class Found:
    """What the files say, checked, for the O*NET occupations the wage data's ones take."""

    links: dict = field(default_factory=dict)  # O*NET code: {SOC codes}
    titles: dict = field(default_factory=dict)  # O*NET code: title
    tasks: dict = field(default_factory=dict)  # (O*NET code, task ID): (text, kind, position)
    names: dict = field(default_factory=dict)  # (O*NET code, title): (position,)
    technologies: dict = field(default_factory=dict)  # (O*NET code, example): (commodity, hot)


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
        if code in found.links:
            found.titles[code] = title
        else:
            summary.skipped[f"{OCCUPATIONS}: {UNUSED}"] += 1
    missing = sorted(set(found.links) - set(found.titles))
    if missing:
        raise DataFileError(f"{directory / OCCUPATIONS}: no row for {', '.join(missing[:5])}.")
    read_tasks(directory / TASKS, summary, found)
    read_titles(directory / TITLES, summary, found)
    read_technologies(directory / TECHNOLOGY, summary, found)
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
            position = sum(1 for other, _ in found.names if other == code)
            found.names[(code, title)] = (position,)


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
            "O*NET occupations", OnetOccupation.objects.all(), ("code",), ("title", "release_id"),
            {code: (title, release.pk) for code, title in found.titles.items()}, summary,
        ),
        sync_links(found.links, summary),
        sync(
            "tasks", Task.objects.all(), ("onet_occupation_id", "task_id"),
            ("text", "kind", "position"), found.tasks, summary,
        ),
        sync(
            "also called", AlternateTitle.objects.all(), ("onet_occupation_id", "title"),
            ("position",), found.names, summary,
        ),
        sync(
            "technologies", Technology.objects.all(), ("onet_occupation_id", "example"),
            ("commodity", "hot"), found.technologies, summary,
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
        key_fields = dict(zip(keys, key if len(keys) > 1 else (key,), strict=True))
        current = stored.pop(key, None)
        if current is None:
            new.append(model(**key_fields, **dict(zip(values, wanted, strict=True))))
        elif current[1] != tuple(wanted):
            changed.append(model(pk=current[0], **dict(zip(values, wanted, strict=True))))
    model.objects.filter(pk__in=[pk for pk, _ in stored.values()]).delete()
    model.objects.bulk_create(new, batch_size=2000)
    if changed:
        model.objects.bulk_update(changed, list(values), batch_size=2000)
    summary.created += len(new)
    summary.updated += len(changed) + len(stored)
    summary.unchanged += len(found) - len(new) - len(changed)
    return (
        f"  {what}: {len(found):,} ({len(new):,} new, {len(changed):,} changed, "
        f"{len(stored):,} deleted)"
    )


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
