"""
The data files the product ships, read for real: the official wage estimates in fixtures/oews/,
the employment projections in fixtures/projections/, the SOC's definitions in fixtures/soc/,
O*NET 30.1's files in fixtures/onet/, O*NET 29's skills and knowledge in fixtures/onet_skills_29/
and the guides in fixtures/guides/.

`make run` and `make serve` import the national, state and metro-area files (the Makefile says
which, and with which publication date; these tests read it there), the projections, the
definitions and O*NET's content (whole, a few seconds), then run `sync_careers` and
`load_guides`. The tests do the same, then check what was stored against the files themselves
(read here with the csv module) and against the counts of a real run written below, so that a
broken, shortened or swapped file fails here and not on a user's first `make run`. The metro
file is also read on its own, to check it against the other files: it adds its areas, and
creates or renames no occupation.
"""

import csv
import gzip
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from careers.forms import average_growth
from guides.models import Role
from occupations import onet, onet_traits
from occupations.models import (
    AlternateTitle,
    CareerCluster,
    Definition,
    Descriptor,
    InterestScore,
    Occupation,
    OnetOccupation,
    Projection,
    SkillRating,
    SourceRelease,
    Task,
    Technology,
    WorkStyleRating,
)
from salaries.models import Area, Release, WageEstimate
from salaries.oews import Summary, read_files

ROOT = Path(settings.BASE_DIR)
OEWS = ROOT / "fixtures" / "oews"
GUIDES = ROOT / "fixtures" / "guides"
METRO = OEWS / "oews_may2025_metro.csv.gz"
CLUSTERS = ROOT / "fixtures" / "onet" / "career_clusters_legacy_2023.csv.gz"
CLUSTERS_OUTPUT = "Career clusters (O*NET, legacy 2023): 1,011 rows read, 16 created"
# Read off a real import of the shipped files: 832 detailed occupations in table 1.2, of which
# 2 (11-1031 Legislators, 45-3031 Fishing workers) are not in the wage data; 281 summary rows,
# of which the total of all occupations is kept;
# 183 of BLS's reasons for all industries, 815 for one industry; 867 SOC definitions, of which
# 818 are of occupations in the wage data, and 580 group rows.
PROJECTIONS_OUTPUT = [
    "BLS Employment Projections 2024-34: 2,111 rows read, 831 created, 0 updated, 0 unchanged, "
    "1,097 skipped",
    "skipped 815: reasons for one industry (only all industries' are shown)",
    "skipped 280: summary rows (groups of occupations)",
    "skipped 2: occupations the wage data does not have (import_oews first)",
]
SOC_OUTPUT = [
    "Standard Occupational Classification 2018: 1,447 rows read, 818 created, 0 updated, "
    "0 unchanged, 629 skipped",
    "skipped 580: groups (major, minor and broad: no definition)",
    "skipped 49: occupations the wage data does not have (import_oews first)",
]
# O*NET 30.1: the wage data's 830 detailed occupations take 846 O*NET occupations through the
# crosswalk (the 12 combined codes take their SOC-level parts; 149 specialties are not taken,
# but their alternate titles are their occupations' names). Of O*NET's 56,505 alternate titles,
# 3,301 are titles the occupation has already (reported, or its specialty's too).
ONET_OUTPUT = [
    "O*NET Database 30.1: 216,930 rows read, 176,787 created, 0 updated, 0 unchanged, "
    "39,090 skipped",
    "skipped 149: oews_to_onet_crosswalk.csv.gz: O*NET specialties of an occupation",
    "skipped 3,809: sample_of_reported_titles.tsv.gz: titles My Next Move does not show",
    "skipped 3,301: alternate_titles.tsv.gz: titles the occupation has already",
    "  O*NET occupations: 846 (846 new, 0 changed, 0 deleted)",
    "  crosswalk links: 846 (846 new, 0 changed, 0 deleted)",
    "  tasks: 15,575 (15,575 new, 0 changed, 0 deleted)",
    "  also called: 55,414 (55,414 new, 0 changed, 0 deleted)",
    "  technologies: 26,390 (26,390 new, 0 changed, 0 deleted)",
    "skipped 39: emerging_tasks.tsv.gz: rewordings of a task shown in its current words",
    "skipped 4,919: education_training_and_experience.tsv.gz: questions O*NET recommends "
    "suppressing",
    "  job zones: 5 (5 new, 0 changed, 0 deleted)",
    "  emerging tasks: 234 (234 new, 0 changed, 0 deleted)",
    "  tools: 36,903 (36,903 new, 0 changed, 0 deleted)",
    "  education categories: 41 (41 new, 0 changed, 0 deleted)",
    "  education, training and experience: 25,093 (25,093 new, 0 changed, 0 deleted)",
    "  related occupations: 15,440 (15,440 new, 0 changed, 0 deleted)",
]
# The ratings of those 846: skills and knowledge for 736 of them (68 each), interests and work
# styles for 772 (6 and 21 each); the rest are residual "All Other" codes without ratings.
TRAITS_OUTPUT = [
    "O*NET 30.1 and 29: 165,934 rows read, 70,987 created, 0 updated, 0 unchanged, 42,017 skipped",
    "skipped 16,212: work_styles.tsv.gz: distinctiveness ranks (not shown)",
    "  content model elements: 95 (95 new, 0 changed, 0 deleted)",
    "  skills and knowledge (O*NET 29): 50,048 (50,048 new, 0 changed, 0 deleted)",
    "  interests: 4,632 (4,632 new, 0 changed, 0 deleted)",
    "  work styles: 16,212 (16,212 new, 0 changed, 0 deleted)",
]
ONET_CREDIT = (
    "This site incorporates information from the O*NET 30.1 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. O*NET® is a trademark of USDOL/ETA."
)


@dataclass(frozen=True)
class Counts:
    estimates: int
    areas: int
    occupations: int


# Read off a real import of the shipped May 2025 files; the files' own rows must agree.
MAKE_RUN_COUNTS = Counts(estimates=236_799, areas=583, occupations=1_104)
DETAILED = 830  # of the occupations, the detailed ones: the careers
METRO_COUNTS = Counts(estimates=198_287, areas=528, occupations=847)


def make_run():
    """The OEWS files `make run` imports, and the publication date it gives them."""
    makefile = (ROOT / "Makefile").read_text()
    files = re.search(r"^OEWS_FILES := (.+)$", makefile, re.MULTILINE)[1].split()
    published = re.search(r"import_oews --published (\S+) \$\(OEWS_FILES\)", makefile)[1]
    return [ROOT / name for name in files], published


def official_files():
    """The projections and SOC files `make run` imports, and the arguments it gives them."""
    makefile = (ROOT / "Makefile").read_text()

    def path(name):
        return ROOT / re.search(rf"^{name} := (\S+)$", makefile, re.MULTILINE)[1]

    published = re.search(r"import_projections --published (\S+) --reasons", makefile)[1]
    projections = ["--published", published, "--reasons", path("REASONS"), path("PROJECTIONS")]
    return projections, [path("SOC_DEFINITIONS")], path("ONET"), path("ONET_SKILLS")


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
        for model in (
            Release,
            Area,
            Occupation,
            WageEstimate,
            SourceRelease,
            Projection,
            Definition,
            OnetOccupation,
            OnetOccupation.occupations.through,
            Task,
            AlternateTitle,
            Technology,
            Descriptor,
            SkillRating,
            InterestScore,
            WorkStyleRating,
        )  # fmt: skip
    ]


def shipped_guides():
    return [json.loads(path.read_text()) for path in sorted(GUIDES.glob("*.json"))]


def assert_list_figures_as_in_the_files():
    """The figures each career keeps for the list's filters, copied from the imported files."""
    total = Projection.objects.get(occupation_id=Occupation.TOTAL_CODE)
    assert total.change_percent == Decimal("3.1")  # table 1.2's total row
    assert average_growth() == total.change_percent  # the growth bands' average
    figures = (
        "official_education", "official_openings", "official_job_zone",
        "official_bright_outlook", "official_minor_group", "official_broad_group",
        "official_clusters",
    )  # fmt: skip
    careers = Role.objects.filter(occupation__in=["43-9061", "15-1252"]).order_by("occupation")
    assert list(careers.values_list(*figures)) == [
        # Information Technology, the 11th of the 16 clusters by name.
        ("bachelor", Decimal("115.2"), 4, True, "15-1200", "15-1250", 1 << 10),
        # The wage data's tree has no broad row 43-9060: the minor group is the parent.
        # Business Management & Administration, the 4th cluster.
        ("high_school", Decimal("282.4"), 2, True, "43-9000", "", 1 << 3),
    ]


def test_every_shipped_oews_file_is_checked_here():
    paths, _ = make_run()
    assert sorted(OEWS.iterdir()) == sorted(paths)
    assert METRO in paths


def test_every_shipped_projections_soc_and_onet_file_is_imported_by_make_run():
    projections, soc, onet_files, skills_files = official_files()
    makefile = (ROOT / "Makefile").read_text()
    recipes = re.findall(r"^(?:run|serve): \$\(STAMP\)\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert len(recipes) == 2
    for recipe in recipes:
        steps = ["import_oews ", "import_projections --published", "import_soc $(SOC_DEFINITIONS)",
                 "import_onet $(ONET)", "import_onet_traits $(ONET) $(ONET_SKILLS)",
                 "import_career_clusters $(CLUSTERS)", "sync_careers"]  # fmt: skip
        where = [recipe.find(f"manage.py {step}") for step in steps]
        assert -1 not in where and where == sorted(where), recipe  # in this order, after OEWS
    shipped = [
        *(ROOT / "fixtures" / "projections").iterdir(),
        *(ROOT / "fixtures" / "soc").iterdir(),
    ]
    assert sorted(shipped) == sorted([*projections[3:], *soc])
    assert sorted(onet_files.iterdir()) == sorted(
        onet_files / name for name in [*onet.FILES, *onet_traits.ONET_FILES, CLUSTERS.name]
    )
    assert sorted(skills_files.iterdir()) == sorted(
        skills_files / name for name in onet_traits.SKILLS_FILES
    )


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

    projections, soc, onet_files, skills_files = official_files()
    imported = command("import_projections", *projections) + command("import_soc", *soc)
    imported += command("import_onet", onet_files)
    imported += command("import_onet_traits", onet_files, skills_files)
    assert all(
        line in imported for line in PROJECTIONS_OUTPUT + SOC_OUTPUT + ONET_OUTPUT + TRAITS_OUTPUT
    )
    assert_onet_as_in(onet_files)
    assert_traits_as_in(onet_files, skills_files)
    assert_projections_as_in(projections[-1])
    assert Projection.objects.exclude(reason="").count() == 183
    assert Definition.objects.count() == 818
    before = snapshot()
    again = command("import_projections", *projections) + command("import_soc", *soc)
    again += command("import_onet", onet_files)
    again += command("import_onet_traits", onet_files, skills_files)
    assert again.count("Nothing changed: already up to date.") == 4
    assert snapshot() == before

    # Careers are the detailed occupations; the 274 summary rows (the total, 22 major, 88 minor
    # and 163 broad groups) are the occupation tree.
    groups = dict(Occupation.objects.values_list("group").annotate(rows=Count("pk")))
    assert groups == {"total": 1, "major": 22, "minor": 88, "broad": 163, "detailed": 830}
    clustered = command("import_career_clusters", CLUSTERS)
    assert CLUSTERS_OUTPUT in clustered
    assert CareerCluster.objects.count() == 16
    assert "Nothing changed" in command("import_career_clusters", CLUSTERS)
    assert f"Careers: {DETAILED:,} new occupation pages" in command("sync_careers")
    assert_list_figures_as_in_the_files()
    aides = client.get(Role.objects.get(occupation="31-1120").get_absolute_url()).text
    assert (
        "O*NET describes this as 2 occupations: Home Health Aides; Personal Care Aides." in aides
    )
    assert ONET_CREDIT in aides
    assert "The ratings of each of its 2 O*NET occupations are shown apart" in aides
    assert "Skills: the 5 most important of the 35 O*NET rates" in aides
    residual = client.get(Role.objects.get(occupation="11-9199").get_absolute_url()).text
    # No tasks for an "All Other" occupation; O*NET's Bright Outlook list has this one.
    assert "Their tasks" not in residual and "<dt>Bright Outlook</dt>" in residual
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
        outlook = Projection.objects.get(occupation=guide.occupation_id)
        assert f"official figure: {outlook.change_percent:f}%".replace("-", "\N{MINUS SIGN}") in (
            page.text
        )
        assert f"official figure: {outlook.openings_a_year:,} a year" in page.text
        # The state picker's metro areas, which make run imports (Office Clerks, General: 43-9061).
        salaries = client.get(f"{guide.get_absolute_url()}salaries/?state=CA").text
        assert "Metropolitan and nonmetropolitan areas of California" in salaries
        assert "Bakersfield-Delano, CA" in salaries
        assert "have not been loaded" not in salaries
    named = Role.objects.published().values("occupation")
    assert not Occupation.objects.detailed().exclude(code__in=named).exists()
    assert not Role.objects.of_summary_rows().exists()
    index = client.get(reverse("careers:groups")).text
    assert f"The {DETAILED} occupations of the official wage data, in the 22 major groups" in index
    clerks = client.get(reverse("careers:detail", args=["office-clerks-general"])).text
    assert '<a href="/occupations/43-9000/">Other Office and Administrative Support' in clerks

    assert "nothing changed" in command("sync_careers")
    assert f"Guides: 0 loaded, {len(guides)} unchanged" in command("load_guides")


def assert_projections_as_in(path):
    """Every line item of table 1.2 the wage data knows, and the total of all occupations, is
    stored with the file's figures."""
    known = set(Occupation.objects.values_list("code", flat=True))
    in_file = {
        record["soc_code"]: (record["employment_change_pct_2024_34"],
                             record["annual_openings_2024_34_thousands"], record["ooh_url"])
        for record in records([path])
        if (record["occupation_type"] == "Line item" or record["soc_code"] == "00-0000")
        and record["soc_code"] in known
    }  # fmt: skip
    stored = {
        code: (f"{percent.normalize():f}", f"{openings.normalize():f}", url)
        for code, percent, openings, url in Projection.objects.values_list(
            "occupation_id", "change_percent", "openings", "handbook_url"
        )
    }
    assert stored == in_file
    # The figures the issue quotes for Back Office Assistant's occupation, read in the file.
    assert in_file["43-9061"][:2] == ("-6.7", "282.4")


def onet_records(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as text:
        yield from csv.DictReader(text, delimiter="\t", quoting=csv.QUOTE_NONE)


def assert_onet_as_in(directory):
    """Every occupation of the wage data is linked as the crosswalk says, by the importer's
    rule; each O*NET occupation taken has all its tasks and technologies, and the titles My
    Next Move shows."""
    crosswalk = list(records([directory / onet.CROSSWALK]))
    assert {r["oews_occ_code"] for r in crosswalk} == set(
        Occupation.objects.filter(group="detailed").values_list("code", flat=True)
    )
    taken = {}
    for record in crosswalk:
        if record["onet_is_soc_level_code"] == "Y":
            taken.setdefault(record["onet_soc_code"], set()).add(record["oews_occ_code"])
    stored = {}
    for code, soc in OnetOccupation.occupations.through.objects.values_list(
        "onetoccupation__code", "occupation__code"
    ):
        stored.setdefault(code, set()).add(soc)
    assert stored == taken
    combined = {r["oews_occ_code"] for r in crosswalk if r["match_type"] != "direct"}
    assert len(combined) == 12 and "31-1120" in combined

    def pairs(name, *columns, where=lambda record: True):
        return sorted(
            tuple(record[column] for column in columns)
            for record in onet_records(directory / name)
            if record["O*NET-SOC Code"] in taken and where(record)
        )

    assert pairs(onet.TASKS, "O*NET-SOC Code", "Task") == sorted(
        Task.objects.values_list("onet_occupation", "text")
    )
    shown = pairs(onet.TITLES, "O*NET-SOC Code", "Reported Job Title",
                  where=lambda record: record["Shown in My Next Move"] == "Y")  # fmt: skip
    reported = AlternateTitle.objects.filter(reported=True)
    assert shown == sorted(reported.values_list("onet_occupation", "title"))
    alternate = pairs(onet.ALTERNATE, "O*NET-SOC Code", "Alternate Title")
    stored = set(AlternateTitle.objects.values_list("onet_occupation", "title"))
    assert set(alternate) <= stored and len(stored) == 55_414
    nurse = AlternateTitle.objects.get(onet_occupation="29-1141.00", title="Registered Nurse (RN)")
    assert nurse.short_title == "RN"
    nanny = AlternateTitle.objects.get(title="Nanny")  # of 39-9011.01, a specialty
    assert nanny.onet_occupation_id == "39-9011.00" and not nanny.reported
    assert pairs(onet.TECHNOLOGY, "O*NET-SOC Code", "Example", "Hot Technology") == sorted(
        (code, example, "Y" if hot else "N")
        for code, example, hot in Technology.objects.values_list(
            "onet_occupation", "example", "hot"
        )
    )
    office = Task.objects.filter(onet_occupation="43-9061.00")
    assert "Answer telephones, direct calls, and take messages." in {t.text for t in office}


def assert_traits_as_in(onet_directory, skills_directory):
    """The stored ratings are the files' rows for the stored O*NET occupations."""
    stored = set(OnetOccupation.objects.values_list("code", flat=True))

    def values(path, scale):
        return sorted(
            (record["O*NET-SOC Code"], record["Element ID"], Decimal(record["Data Value"]))
            for record in onet_records(path)
            if record["Scale ID"] == scale and record["O*NET-SOC Code"] in stored
        )

    skills = [skills_directory / name for name in onet_traits.SKILLS_FILES]
    assert sorted(values(skills[0], "IM") + values(skills[1], "IM")) == sorted(
        SkillRating.objects.values_list("onet_occupation", "descriptor", "importance")
    )
    assert values(onet_directory / onet_traits.INTERESTS, "OI") == sorted(
        InterestScore.objects.values_list("onet_occupation", "descriptor", "score")
    )
    assert values(onet_directory / onet_traits.WORK_STYLES, "WI") == sorted(
        WorkStyleRating.objects.values_list("onet_occupation", "descriptor", "impact")
    )


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
    found = read_files([METRO], summary)  # every row checked, as an import checks it
    expected = file_counts([METRO])
    assert expected == METRO_COUNTS
    assert summary.rows_read == len(found) == expected.estimates
    assert not summary.skipped

    areas = set(found.areas.values())  # (code, title, kind, state)
    assert len({code for code, *_ in areas}) == len(areas) == expected.areas
    assert {kind for _, _, kind, _ in areas} == {Area.Kind.METRO, Area.Kind.NONMETRO}
    longest = Area._meta.get_field("title").max_length
    assert all(len(title) <= longest for _, title, _, _ in areas)

    others = list(records([path for path in make_run()[0] if path != METRO]))
    assert not {code for code, *_ in areas} & {record["AREA"] for record in others}
    assert {state for *_, state in areas} <= {record["PRIM_STATE"] for record in others}
    # Occupations it knows only by codes the other files name, and each code under one title
    # and group in all the files: importing it (or them) creates and renames none.
    occupations = set(found.occupations.values())  # (code, title, group)
    assert len(occupations) == expected.occupations
    assert {code for code, *_ in occupations} <= {record["OCC_CODE"] for record in others}
    named = occupations | {(r["OCC_CODE"], r["OCC_TITLE"], r["O_GROUP"]) for r in others}
    assert len({code for code, *_ in named}) == len(named)
