"""
Read BLS Employment Projections files (the National Employment Matrix tables as CSV, plain or
gzipped) and import them.

Table 1.2 gives each occupation's employment in the base year and the year projected to, the
change, openings a year and what it takes to enter; table 1.12 gives BLS's sentences on why
employment changes, one for all industries together (industry code TE1000) and others for
single industries. The detailed occupations ("Line item") that the wage data knows are
imported, and the total of all occupations (00-0000), which every occupation's change is read
against; the other summary rows and unknown codes are counted and reported. Reading checks
every row before anything is written; writing compares with what is stored, so a second run
changes nothing.
"""

import re

from django.db import transaction

from careerguide import catalogue
from occupations.datafiles import DataFileError, Row, header, read_rows
from occupations.models import Occupation, Projection, SourceRelease

CREDIT = "Source: Employment Projections program, U.S. Bureau of Labor Statistics."
ALL_INDUSTRIES = "TE1000"
HANDBOOK = "https://www.bls.gov/ooh/"
KINDS = {"Line item", "Summary"}
PERIOD_COLUMN = re.compile(r"employment_change_(\d{4})_(\d{2})_thousands")
FIGURES = ["employment_start", "employment_end", "change", "change_percent", "openings"]
TEXTS = ["entry_education", "work_experience", "job_training", "reason", "handbook_url"]
FIELDS = FIGURES + TEXTS
REASON_COLUMNS = ["soc_code", "industry_code", "factor"]


def period(path):
    """(2024, 2034) for a table 1.2 file of the 2024-34 projections, from its header."""
    for column in header(path):
        match = PERIOD_COLUMN.fullmatch(column)
        if match:
            start = int(match[1])
            end = start // 100 * 100 + int(match[2])
            return start, end if end > start else end + 100
    raise DataFileError(
        f"{path}, line 1: no column employment_change_YYYY_YY_thousands. Is this table 1.2 "
        "of the BLS Employment Projections?"
    )


def columns(start, end):
    span = f"{start}_{end % 100:02d}"
    return {
        "employment_start": f"employment_{start}_thousands",
        "employment_end": f"employment_{end}_thousands",
        "change": f"employment_change_{span}_thousands",
        "change_percent": f"employment_change_pct_{span}",
        "openings": f"annual_openings_{span}_thousands",
        "entry_education": "typical_entry_education",
        "work_experience": "work_experience",
        "job_training": "typical_ojt",
        "handbook_url": "ooh_url",
    }


def read_projections(path, start, end, summary):
    """{SOC code: values} of the file's detailed occupations and of all occupations together,
    every row checked."""
    named = columns(start, end)
    found, seen = {}, {}
    what = "table 1.2 of the BLS Employment Projections"
    for where, record in read_rows(path, ["soc_code", "occupation_type", *named.values()], what):
        summary.rows_read += 1
        row = Row(where, record)
        code = row.soc_code("soc_code")
        kind = record["occupation_type"].strip()
        if kind not in KINDS:
            row.fail("occupation_type", "expected Line item or Summary")
        if code in seen:
            raise DataFileError(f"{where}: duplicate row: {code} is also at {seen[code]}.")
        seen[code] = where
        if kind == "Summary" and code != Occupation.TOTAL_CODE:
            summary.skipped["summary rows (groups of occupations)"] += 1
            continue
        found[code] = _values(row, named)
    return found


def _values(row, named):
    values = {}
    for name in FIGURES:
        model_field = Projection._meta.get_field(name)
        signed = name in ("change", "change_percent")
        values[name] = row.number(named[name], model_field, signed=signed)
    for name in ("entry_education", "work_experience", "job_training"):
        values[name] = row.text(named[name], Projection._meta.get_field(name).max_length)
    url = row.text(named["handbook_url"], Projection._meta.get_field("handbook_url").max_length)
    if url and not url.startswith(HANDBOOK):
        row.fail(named["handbook_url"], f"a Handbook link starts with {HANDBOOK}")
    values["handbook_url"] = url
    values["reason"] = ""
    return values


def read_reasons(path, summary):
    """{SOC code: BLS's sentence on why its employment changes, all industries together}."""
    reasons, seen = {}, {}
    what = "table 1.12 of the BLS Employment Projections"
    for where, record in read_rows(path, REASON_COLUMNS, what):
        summary.rows_read += 1
        row = Row(where, record)
        code = row.soc_code("soc_code")
        industry = row.text("industry_code", 20, required=True)
        sentence = row.text("factor", 1000, required=True)
        if industry != ALL_INDUSTRIES:
            summary.skipped["reasons for one industry (only all industries' are shown)"] += 1
            continue
        if code in seen:
            raise DataFileError(
                f"{where}: duplicate row: {code}'s reason for all industries is also at "
                f"{seen[code]}."
            )
        seen[code] = where
        reasons[code] = sentence
    return reasons


@transaction.atomic
def import_projections(found, reasons, start, end, published_on, summary):
    """Write the projections of release `start`-`end`; only what differs is written."""
    release = _release(start, end, published_on)
    for code, sentence in reasons.items():
        if code in found:
            found[code]["reason"] = sentence
        else:
            summary.skipped["reasons for occupations not in table 1.2"] += 1
    known = set(Occupation.objects.filter(code__in=found).values_list("code", flat=True))
    stored = {
        values[0]: values[1:]
        for values in Projection.objects.filter(release=release).values_list(
            "occupation_id", "pk", *FIELDS
        )
    }
    new, changed = [], []
    for code, values in found.items():
        if code not in known:
            summary.skipped["occupations the wage data does not have (import_oews first)"] += 1
            continue
        current = stored.get(code)
        if current is None:
            new.append(Projection(release=release, occupation_id=code, **values))
        elif list(current[1:]) != [values[name] for name in FIELDS]:
            changed.append(Projection(pk=current[0], **values))
        else:
            summary.unchanged += 1
    Projection.objects.bulk_create(new)
    Projection.objects.bulk_update(changed, FIELDS)
    summary.created += len(new)
    summary.updated += len(changed)
    if new or changed:
        catalogue.changed()
    return release


def _release(start, end, published_on):
    release, created = SourceRelease.objects.get_or_create(
        kind=SourceRelease.Kind.PROJECTIONS,
        name=f"{start}-{end % 100:02d}",
        defaults={"first_year": start, "last_year": end, "published_on": published_on,
                  "credit": CREDIT},
    )  # fmt: skip
    if not created and published_on and release.published_on != published_on:
        release.published_on = published_on
        release.save(update_fields=["published_on"])
        catalogue.changed()
    return release
