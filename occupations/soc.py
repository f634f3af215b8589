"""
Read the SOC's definitions file (BLS's soc_YYYY_definitions as CSV, plain or gzipped) and
import the definitions of the detailed occupations the wage data knows.

Groups (major, minor, broad) have no definition and are counted, as are detailed codes the wage
data does not have. Reading checks every row before anything is written; writing compares with
what is stored, so a second run changes nothing.
"""

import re

from django.db import transaction

from careerguide import catalogue
from occupations.datafiles import DataFileError, Row, read_rows
from occupations.models import Definition, Occupation, SourceRelease

CREDIT = "Source: {year} Standard Occupational Classification, U.S. Bureau of Labor Statistics."
COLUMNS = ["soc_group", "soc_code", "soc_title", "soc_definition"]
GROUPS = {"Major", "Minor", "Broad", "Detailed"}
YEAR_IN_NAME = re.compile(r"soc_?(\d{4})", re.IGNORECASE)
LONGEST = 2000


def year_from(name):
    """2018 for "soc_2018_definitions.csv.gz"; None if the name does not say."""
    match = YEAR_IN_NAME.search(name)
    return int(match[1]) if match else None


def read_definitions(path, summary):
    """{SOC code: definition} of the file's detailed occupations, every row checked."""
    found, seen = {}, {}
    for where, record in read_rows(path, COLUMNS, "a file of SOC definitions"):
        summary.rows_read += 1
        row = Row(where, record)
        code = row.soc_code("soc_code")
        group = record["soc_group"].strip()
        if group not in GROUPS:
            row.fail("soc_group", f"expected one of {', '.join(sorted(GROUPS))}")
        if code in seen:
            raise DataFileError(f"{where}: duplicate row: {code} is also at {seen[code]}.")
        seen[code] = where
        if group != "Detailed":
            summary.skipped["groups (major, minor and broad: no definition)"] += 1
            continue
        found[code] = row.text("soc_definition", LONGEST, required=True)
    return found


@transaction.atomic
def import_definitions(found, year, published_on, summary):
    """Write the definitions as the SOC `year`'s; only what differs is written."""
    release, created = SourceRelease.objects.get_or_create(
        kind=SourceRelease.Kind.SOC,
        name=str(year),
        defaults={
            "first_year": year,
            "published_on": published_on,
            "credit": CREDIT.format(year=year),
        },
    )
    if not created and published_on and release.published_on != published_on:
        release.published_on = published_on
        release.save(update_fields=["published_on"])
        catalogue.changed()
    known = set(Occupation.objects.filter(code__in=found).values_list("code", flat=True))
    stored = {
        code: (pk, release_id, text)
        for code, pk, release_id, text in Definition.objects.values_list(
            "occupation_id", "pk", "release_id", "text"
        )
    }
    new, changed = [], []
    for code, text in found.items():
        if code not in known:
            summary.skipped["occupations the wage data does not have (import_oews first)"] += 1
            continue
        current = stored.get(code)
        if current is None:
            new.append(Definition(occupation_id=code, release=release, text=text))
        elif current[1:] != (release.pk, text):
            changed.append(Definition(pk=current[0], release=release, text=text))
        else:
            summary.unchanged += 1
    Definition.objects.bulk_create(new)
    Definition.objects.bulk_update(changed, ["release", "text"])
    summary.created += len(new)
    summary.updated += len(changed)
    if new or changed:
        catalogue.changed()
    return release
