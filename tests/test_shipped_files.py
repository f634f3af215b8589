"""
The data files the product ships, read for real: the official wage estimates in fixtures/oews/
and the guides in fixtures/guides/.

`make run` and `make serve` import the national and state files (the Makefile says which, and
with which publication date; these tests read it there), then run `sync_careers` and
`load_guides`. The tests do the same, then check what was stored against the files themselves
(counted here with the csv module) and against the counts of a real run written below, so that
a broken, shortened or swapped file fails here and not on a user's first `make run`.

The metro-area file (198,287 rows) is imported by hand, as the README says; importing it takes
about a minute, so it is read whole by the importer's own reader instead (every row checked as
an import checks it) and checked against the national and state files: importing it would add
its areas, and create or rename no occupation.
"""

import csv
import gzip
import json
import re
from dataclasses import dataclass
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from guides.models import Role
from occupations.models import Occupation
from salaries.models import Area, Release, WageEstimate
from salaries.oews import Summary, read_files

ROOT = Path(settings.BASE_DIR)
OEWS = ROOT / "fixtures" / "oews"
GUIDES = ROOT / "fixtures" / "guides"
METRO = OEWS / "oews_may2025_metro.csv.gz"


@dataclass(frozen=True)
class Counts:
    estimates: int
    areas: int
    occupations: int


# Read off a real import of the shipped May 2025 files; the files' own rows must agree.
MAKE_RUN_COUNTS = Counts(estimates=38_512, areas=55, occupations=1_104)
METRO_COUNTS = Counts(estimates=198_287, areas=528, occupations=847)


def make_run():
    """The OEWS files `make run` imports, and the publication date it gives them."""
    makefile = (ROOT / "Makefile").read_text()
    files = re.search(r"^OEWS_FILES := (.+)$", makefile, re.MULTILINE)[1].split()
    published = re.search(r"import_oews --published (\S+) \$\(OEWS_FILES\)", makefile)[1]
    return [ROOT / name for name in files], published


def records(paths):
    """Every row of the files, as the csv module reads them."""
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as text:
            yield from csv.DictReader(text)


def file_counts(paths):
    rows, areas, occupations = 0, set(), set()
    for record in records(paths):
        rows += 1
        areas.add(record["AREA"])
        occupations.add(record["OCC_CODE"])
    return Counts(rows, len(areas), len(occupations))


def stored_counts():
    return Counts(WageEstimate.objects.count(), Area.objects.count(), Occupation.objects.count())


def command(name, *args):
    stdout = StringIO()
    call_command(name, *args, stdout=stdout, stderr=StringIO())
    return stdout.getvalue()


def snapshot():
    """Every stored row of the official data."""
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (Release, Area, Occupation, WageEstimate)
    ]


def shipped_guides():
    return [json.loads(path.read_text()) for path in sorted(GUIDES.glob("*.json"))]


def test_every_shipped_oews_file_is_checked_here():
    paths, _ = make_run()
    assert sorted(OEWS.iterdir()) == sorted([*paths, METRO])


@pytest.mark.django_db
def test_make_run_imports_the_shipped_files_and_loads_the_shipped_guides(client):
    paths, published = make_run()
    expected = file_counts(paths)
    assert expected == MAKE_RUN_COUNTS
    rows = f"{expected.estimates:,} rows read"

    first = command("import_oews", "--published", published, *paths)

    assert f"{rows}, {expected.estimates:,} created, 0 updated, 0 unchanged, 0 skipped" in first
    assert f"New: {expected.areas} areas, {expected.occupations:,} occupations." in first
    assert stored_counts() == expected
    release = Release.objects.get()
    assert (release.name, release.published_on) == ("May 2025", date.fromisoformat(published))
    assert_medians_as_in(paths)

    before = snapshot()
    second = command("import_oews", "--published", published, *paths)

    assert f"{rows}, 0 created, 0 updated, {expected.estimates:,} unchanged, 0 skipped" in second
    assert "Nothing changed: already up to date." in second
    assert snapshot() == before

    assert f"Careers: {expected.occupations:,} new occupation pages" in command("sync_careers")
    loaded = command("load_guides")

    guides = shipped_guides()
    assert guides
    assert f"Guides: {len(guides)} loaded, 0 unchanged" in loaded
    for document in guides:
        guide = Role.objects.get(slug=document["slug"])
        assert guide.guide_written and guide.is_published
        assert guide.title == document["title"]
        assert guide.occupation_id == document["occupation"]
        official = guide.occupation.national_annual_median
        assert official is not None
        page = client.get(guide.get_absolute_url())
        assert page.status_code == 200
        assert f"${official:,}" in page.text
    unnamed = Occupation.objects.exclude(code__in=Role.objects.published().values("occupation"))
    assert not unnamed.exists()

    assert "nothing changed" in command("sync_careers")
    assert f"Guides: 0 loaded, {len(guides)} unchanged" in command("load_guides")


def assert_medians_as_in(paths):
    """Every estimate's annual median is the file's: the figure, or None and BLS's marker."""
    stored = {
        (area, occupation): (median, markers.get("annual_median"))
        for area, occupation, median, markers in WageEstimate.objects.values_list(
            "area__code", "occupation__code", "annual_median", "markers"
        )
    }
    in_files = {}
    for record in records(paths):
        text = record["A_MEDIAN"].strip().replace(",", "")
        figure = (int(text), None) if text.isdigit() else (None, text)
        in_files[record["AREA"], record["OCC_CODE"]] = figure
    assert stored == in_files


def test_the_shipped_metro_file_reads_whole_and_agrees_with_the_other_files():
    summary = Summary()
    rows = read_files([METRO], summary)  # every row checked, as an import checks it
    expected = file_counts([METRO])
    assert expected == METRO_COUNTS
    assert summary.rows_read == len(rows) == expected.estimates
    assert not summary.skipped

    areas = {row.area for row in rows}  # (code, title, kind, state)
    assert len({code for code, *_ in areas}) == len(areas) == expected.areas
    assert {kind for _, _, kind, _ in areas} == {Area.Kind.METRO, Area.Kind.NONMETRO}
    longest = Area._meta.get_field("title").max_length
    assert all(len(title) <= longest for _, title, _, _ in areas)

    others = list(records(make_run()[0]))
    assert not {code for code, *_ in areas} & {record["AREA"] for record in others}
    assert {state for *_, state in areas} <= {record["PRIM_STATE"] for record in others}
    # Occupations it knows only by codes the other files name, and each code under one title
    # and group in all the files: importing it (or them) creates and renames none.
    occupations = {row.occupation for row in rows}  # (code, title, group)
    assert len(occupations) == expected.occupations
    assert {code for code, *_ in occupations} <= {record["OCC_CODE"] for record in others}
    named = occupations | {(r["OCC_CODE"], r["OCC_TITLE"], r["O_GROUP"]) for r in others}
    assert len({code for code, *_ in named}) == len(named)
