"""
manage.py import_oews: BLS OEWS files (all_data layout, CSV, plain or gzipped) in, wage
estimates out; every row checked before anything is written, all files or nothing, and a
second run changes nothing.

The sample files are built in tmp_path from a header plus a handful of rows copied verbatim
from the shipped fixtures/oews/oews_may2025_national.csv.gz and oews_may2025_state.csv.gz.
"""

import csv
import gzip
import io
import random
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from occupations.models import Occupation
from salaries.models import Area, Release, WageEstimate

pytestmark = pytest.mark.django_db

HEADER = (
    "AREA,AREA_TITLE,AREA_TYPE,PRIM_STATE,NAICS,NAICS_TITLE,OCC_CODE,OCC_TITLE,O_GROUP,"
    "TOT_EMP,EMP_PRSE,JOBS_1000,LOC_QUOTIENT,H_MEAN,A_MEAN,MEAN_PRSE,H_PCT10,H_PCT25,"
    "H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,ANNUAL,HOURLY"
)
COLUMNS = HEADER.split(",")

# Real rows of oews_may2025_national.csv.
US_ALL = (
    "99,U.S.,1,US,000000,Cross-industry,00-0000,All Occupations,total,155495730,0.0,**,**,"
    "33.54,69770,0.1,15.00,18.07,24.51,38.71,61.81,31200,37590,50980,80520,128560,,"
)
US_OFFICE = (
    "99,U.S.,1,US,000000,Cross-industry,43-0000,Office and Administrative Support Occupations,"
    "major,17753430,0.1,**,**,24.79,51560,0.1,16.12,18.53,22.81,28.88,36.62,33530,38540,"
    "47450,60060,76170,,"
)
US_OTHER_OFFICE = (
    "99,U.S.,1,US,000000,Cross-industry,43-9000,Other Office and Administrative Support "
    "Workers,minor,3126550,0.4,**,**,22.53,46860,0.2,14.81,17.60,21.78,26.40,31.25,30800,"
    "36600,45300,54900,64990,,"
)
US_CLERKS = (
    '99,U.S.,1,US,000000,Cross-industry,43-9061,"Office Clerks, General",detailed,2464940,'
    "0.4,**,**,22.32,46420,0.2,14.57,17.48,21.64,26.11,31.10,30310,36350,45010,54300,64680,,"
)
US_SCHOOL_ADMINS = (  # ANNUAL=TRUE, hourly wages "*"
    "99,U.S.,1,US,000000,Cross-industry,11-9032,"
    '"Education Administrators, Kindergarten through Secondary",detailed,328330,0.6,**,**,*,'
    "116100,0.3,*,*,*,*,*,76280,86040,105870,134630,167770,TRUE,"
)
US_DANCERS = (  # HOURLY=TRUE, annual wages "*"
    "99,U.S.,1,US,000000,Cross-industry,27-2031,Dancers,detailed,8130,7.3,**,**,30.83,*,3.6,"
    "14.88,17.23,24.80,38.36,52.30,*,*,*,*,*,,TRUE"
)
US_PHYSICIANS = (
    "99,U.S.,1,US,000000,Cross-industry,29-1210,Physicians,broad,754760,1.0,**,**,133.30,"
    "277260,0.9,36.43,66.30,130.33,186.26,229.80,75760,137900,271090,387420,477980,,"
)
US_ANESTHESIOLOGISTS = (
    "99,U.S.,1,US,000000,Cross-industry,29-1211,Anesthesiologists,detailed,38760,11.0,**,**,"
    "173.35,360570,2.8,48.78,99.52,188.22,235.83,267.85,101460,207000,391490,490530,557130,,"
)
US_COMPUTER = (
    "99,U.S.,1,US,000000,Cross-industry,15-0000,Computer and Mathematical Occupations,major,"
    "5260110,0.3,**,**,57.73,120080,0.3,27.98,37.89,52.54,74.92,92.05,58200,78820,109280,"
    "155830,191450,,"
)
US_COMPUTER_OCCUPATIONS = (
    "99,U.S.,1,US,000000,Cross-industry,15-1200,Computer Occupations,minor,4827720,0.3,**,**,"
    "57.74,120100,0.3,27.72,37.81,52.63,75.14,92.46,57660,78640,109470,156280,192310,,"
)
US_SOFTWARE = (
    "99,U.S.,1,US,000000,Cross-industry,15-1250,"
    '"Software and Web Developers, Programmers, and Testers",broad,2150380,0.5,**,**,67.24,'
    "139850,0.4,36.69,48.45,63.53,81.12,101.87,76320,100780,132150,168730,211890,,"
)
US_SOFTWARE_DEVELOPERS = (
    "99,U.S.,1,US,000000,Cross-industry,15-1252,Software Developers,detailed,1687890,0.6,**,"
    "**,71.20,148100,0.4,39.64,50.58,65.38,82.68,103.21,82460,105210,135980,171980,214670,,"
)
US_HEALTHCARE_SUPPORT = (
    "99,U.S.,1,US,000000,Cross-industry,31-0000,Healthcare Support Occupations,major,7901670,"
    "0.2,**,**,19.62,40800,0.2,13.93,16.50,18.43,22.08,26.07,28980,34320,38340,45930,54230,,"
)
US_AIDES_MINOR = (
    "99,U.S.,1,US,000000,Cross-industry,31-1100,"
    '"Home Health and Personal Care Aides; and Nursing Assistants, Orderlies, and Psychiatric '
    'Aides",minor,5842680,0.2,**,**,18.20,37850,0.2,13.58,16.50,17.82,20.56,22.81,28250,'
    "34320,37070,42770,47430,,"
)
US_AIDES = (
    "99,U.S.,1,US,000000,Cross-industry,31-1120,Home Health and Personal Care Aides,detailed,"
    "4305810,0.3,**,**,17.36,36120,0.3,13.00,15.35,17.21,18.98,21.65,27040,31920,35800,39470,"
    "45040,,"
)

# Real rows of oews_may2025_state.csv.gz.
AL_CLERKS = (
    '1,Alabama,2,AL,000000,Cross-industry,43-9061,"Office Clerks, General",detailed,13130,2.2,'
    "6.214,0.39,16.04,33370,0.9,9.99,12.13,15.00,18.28,23.05,20770,25240,31200,38020,47940,,"
)
AK_CLERKS = (
    '2,Alaska,2,AK,000000,Cross-industry,43-9061,"Office Clerks, General",detailed,3440,4.7,'
    "10.580,0.67,25.68,53410,1.0,17.94,20.83,24.95,30.10,35.00,37320,43320,51890,62610,72800,,"
)
AL_SURGEONS = (  # every wage top-coded "#"
    "1,Alabama,2,AL,000000,Cross-industry,29-1022,Oral and Maxillofacial Surgeons,detailed,"
    "130,21.8,0.060,1.89,#,#,17.8,#,#,#,#,#,#,#,#,#,#,,"
)
AL_OTHER_ADMINS = (  # employment "**"
    '1,Alabama,2,AL,000000,Cross-industry,11-9039,"Education Administrators, All Other",'
    "detailed,**,**,**,**,42.99,89420,2.9,18.53,28.83,45.49,54.49,62.37,38540,59970,94610,"
    "113350,129720,,"
)
CA_ATHLETES = (  # ANNUAL=TRUE, "*" hourly and a "#" 90th percentile
    "6,California,2,CA,000000,Cross-industry,27-2021,Athletes and Sports Competitors,detailed,"
    "830,12.6,0.045,0.47,*,294080,15.4,*,*,*,*,*,40120,65780,79040,149490,#,TRUE,"
)

NATIONAL = [US_ALL, US_OFFICE, US_OTHER_OFFICE, US_CLERKS, US_SCHOOL_ADMINS, US_DANCERS]
STATE = [AL_CLERKS, AK_CLERKS, AL_SURGEONS, AL_OTHER_ADMINS, CA_ATHLETES]
OCCUPATION_CODES = {
    "00-0000", "43-0000", "43-9000", "43-9061", "11-9032", "27-2031", "29-1022", "11-9039",
    "27-2021",
}  # fmt: skip
NOTHING = {"Release": 0, "Area": 0, "Occupation": 0, "WageEstimate": 0}
# What an import costs in queries, whatever the number of rows: the first, then again. The
# first creates the occupations a level of their tree at a time (here 4 levels: 00-0000,
# 43-0000, 43-9000, the detailed ones; 6 at most). On PostgreSQL both also ask whether the
# estimates' table is empty; the first then reads the codes' ids for its COPY and drops and
# adds again the table's foreign keys (careerguide.bulk), the second makes, fills and drops a
# temporary table. The first announces two changes (catalogue.changed()), each marking the
# careers list's tally of roles stale: a query each; the second changes nothing.
IMPORT_QUERIES = {"sqlite": 20, "postgresql": 29}
REIMPORT_QUERIES = {"sqlite": 10, "postgresql": 15}
HOURLY = ["hourly_mean", "hourly_p10", "hourly_p25", "hourly_median", "hourly_p75", "hourly_p90"]
ANNUAL = ["annual_mean", "annual_p10", "annual_p25", "annual_median", "annual_p75", "annual_p90"]


# Helpers ---------------------------------------------------------------------------------------


def csv_text(rows, header=HEADER):
    """The file as BLS-derived files are: CRLF line ends."""
    return "".join(f"{line}\r\n" for line in [header, *rows])


def write_csv(directory, name, rows, header=HEADER):
    path = directory / name
    path.write_bytes(csv_text(rows, header).encode())
    return path


def write_gzip(directory, name, rows, header=HEADER):
    path = directory / name
    path.write_bytes(gzip.compress(csv_text(rows, header).encode(), mtime=0))
    return path


def edit(row, **changes):
    """`row` with some columns replaced, written back as one CSV line."""
    values = dict(zip(COLUMNS, next(csv.reader([row])), strict=True))
    assert set(changes) <= set(values), changes
    values.update(changes)
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values.values())
    return out.getvalue()


def run(*paths, **options):
    """Run the command; return what it wrote to stdout."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_oews", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue()


def counts():
    models = (Release, Area, Occupation, WageEstimate)
    return {model.__name__: model.objects.count() for model in models}


def estimate(code, area="99"):
    return WageEstimate.objects.get(occupation__code=code, area__code=area)


def snapshot():
    """Every estimate as plain values, keyed by (area, occupation)."""
    return {
        (values.pop("area__code"), values.pop("occupation__code")): values
        for values in WageEstimate.objects.values(
            "area__code", "occupation__code", "release__name", "employment", "employment_rse",
            "jobs_per_1000", "location_quotient", "mean_rse", *HOURLY, *ANNUAL,
            "annual_only", "hourly_only", "markers",
        )
    }  # fmt: skip


def import_fails(*paths, **options):
    """Run the command expecting it to refuse; check nothing was written; return the message."""
    with pytest.raises(CommandError) as caught:
        run(*paths, **options)
    assert counts() == NOTHING
    return str(caught.value)


@pytest.fixture
def national(tmp_path):
    return write_csv(tmp_path, "oews_may2025_national.csv", NATIONAL)


@pytest.fixture
def state(tmp_path):
    return write_csv(tmp_path, "oews_may2025_state.csv", STATE)


# A good import ---------------------------------------------------------------------------------


def test_import_creates_release_areas_occupations_and_estimates(national, state):
    output = run(national, state)

    assert counts() == {
        "Release": 1, "Area": 4, "Occupation": 9, "WageEstimate": 11,
    }  # fmt: skip
    assert set(Occupation.objects.values_list("code", flat=True)) == OCCUPATION_CODES
    assert set(Area.objects.values_list("code", flat=True)) == {"99", "1", "2", "6"}
    assert "May 2025: 11 rows read, 11 created, 0 updated, 0 unchanged, 0 skipped" in output
    assert "New: 4 areas, 9 occupations." in output
    assert "Import complete." in output
    assert "Nothing changed" not in output


def test_exact_figures_for_office_clerks_in_the_us(national):
    run(national)

    clerks = estimate("43-9061")
    assert clerks.release.name == "May 2025"
    assert clerks.occupation.title == "Office Clerks, General"
    assert clerks.occupation.group == Occupation.Group.DETAILED
    assert clerks.employment == 2464940
    assert clerks.employment_rse == Decimal("0.4")
    assert clerks.annual_mean == 46420
    assert clerks.mean_rse == Decimal("0.2")
    assert clerks.annual_median == 45010
    assert clerks.hourly_median == Decimal("21.64")
    assert clerks.hourly_mean == Decimal("22.32")
    assert (clerks.hourly_p10, clerks.hourly_p90) == (Decimal("14.57"), Decimal("31.10"))
    assert (clerks.annual_p10, clerks.annual_p25) == (30310, 36350)
    assert (clerks.annual_p75, clerks.annual_p90) == (54300, 64680)
    assert clerks.jobs_per_1000 is None and clerks.location_quotient is None
    assert clerks.markers == {"jobs_per_1000": "**", "location_quotient": "**"}
    assert (clerks.annual_only, clerks.hourly_only) == (False, False)


def test_state_figures_and_areas(state):
    run(state)

    alabama = estimate("43-9061", area="1")
    assert alabama.employment == 13130
    assert alabama.jobs_per_1000 == Decimal("6.214")
    assert alabama.location_quotient == Decimal("0.39")
    assert alabama.hourly_p10 == Decimal("9.99")
    assert alabama.annual_median == 31200
    assert alabama.markers == {}
    assert estimate("43-9061", area="2").annual_median == 51890

    area = Area.objects.get(code="1")
    assert (area.title, area.kind, area.state) == ("Alabama", Area.Kind.STATE, "AL")


def test_national_area(national):
    run(national)

    area = Area.objects.get()
    assert (area.code, area.title, area.kind, area.state) == ("99", "U.S.", "1", "US")


def test_top_coded_wages_are_stored_as_none_with_the_marker(state):
    run(state)

    surgeons = estimate("29-1022", area="1")
    for name in HOURLY + ANNUAL:
        assert getattr(surgeons, name) is None, name
        assert surgeons.markers[name] == "#", name
    assert surgeons.employment == 130
    assert surgeons.mean_rse == Decimal("17.8")
    assert "employment" not in surgeons.markers
    assert "mean_rse" not in surgeons.markers


def test_wage_not_available_and_a_single_top_coded_percentile(state):
    run(state)

    athletes = estimate("27-2021", area="6")
    for name in HOURLY:
        assert getattr(athletes, name) is None, name
        assert athletes.markers[name] == "*", name
    assert athletes.annual_p90 is None
    assert athletes.markers["annual_p90"] == "#"
    assert (athletes.annual_p10, athletes.annual_median, athletes.annual_p75) == (
        40120,
        79040,
        149490,
    )
    assert athletes.annual_only is True
    assert athletes.hourly_only is False
    assert set(athletes.markers) == set(HOURLY) | {"annual_p90"}


def test_employment_not_available(state):
    run(state)

    admins = estimate("11-9039", area="1")
    assert admins.employment is None
    assert admins.markers == {
        "employment": "**",
        "employment_rse": "**",
        "jobs_per_1000": "**",
        "location_quotient": "**",
    }
    assert admins.annual_median == 94610
    assert admins.hourly_median == Decimal("45.49")


def test_annual_only_and_hourly_only_flags(national):
    run(national)

    school_admins = estimate("11-9032")
    assert (school_admins.annual_only, school_admins.hourly_only) == (True, False)
    assert school_admins.hourly_median is None
    assert school_admins.markers["hourly_median"] == "*"
    assert school_admins.annual_median == 105870

    dancers = estimate("27-2031")
    assert (dancers.annual_only, dancers.hourly_only) == (False, True)
    assert dancers.hourly_median == Decimal("24.80")
    assert dancers.annual_median is None
    assert dancers.markers["annual_median"] == "*"
    assert all(dancers.markers[name] == "*" for name in ANNUAL)


def test_release_from_the_file_name_and_published_date(national):
    run(national, published=date(2026, 5, 15))

    release = Release.objects.get()
    assert release.name == "May 2025"
    assert release.reference_date == date(2025, 5, 1)
    assert release.published_on == date(2026, 5, 15)
    assert release.source == "BLS OEWS"


def test_published_date_as_the_command_line_gives_it(national):
    call_command(
        "import_oews", str(national), "--published", "2026-05-15", stdout=io.StringIO(),
        stderr=io.StringIO(),
    )  # fmt: skip

    assert Release.objects.get().published_on == date(2026, 5, 15)


def test_without_published_date_it_is_empty_and_a_later_import_sets_it(national):
    run(national)
    assert Release.objects.get().published_on is None

    run(national, published=date(2026, 5, 15))

    assert Release.objects.get().published_on == date(2026, 5, 15)
    assert counts()["Release"] == 1


def test_release_given_on_the_command_line(tmp_path):
    path = write_csv(tmp_path, "sample.csv", NATIONAL)

    run(path, release="May 2025")

    release = Release.objects.get()
    assert (release.name, release.reference_date) == ("May 2025", date(2025, 5, 1))
    assert WageEstimate.objects.filter(release=release).count() == len(NATIONAL)


def test_release_from_a_gzipped_state_file_name(tmp_path):
    path = write_gzip(tmp_path, "oews_may2025_state.csv.gz", STATE)

    run(path)

    assert Release.objects.get().name == "May 2025"


def test_occupation_parents_are_the_nearest_ancestor_in_the_data(national):
    run(national)

    parents = dict(Occupation.objects.values_list("code", "parent__code"))
    # No broad occupation 43-9060 is published: the minor group is the nearest.
    assert parents["43-9061"] == "43-9000"
    assert parents["43-9000"] == "43-0000"
    assert parents["43-0000"] == "00-0000"
    assert parents["00-0000"] is None
    # Neither 11-9030, 11-9000 nor 11-0000 is in the file.
    assert parents["11-9032"] == "00-0000"


def test_a_first_import_creates_each_occupation_with_its_parent(national):
    # Ancestors first, each occupation with its parent: no UPDATE of them all afterwards.
    with CaptureQueriesContext(connection) as queries:
        run(national)

    assert [q["sql"] for q in queries if '"parent_id" =' in q["sql"]] == []
    assert Occupation.objects.get(code="43-9061").parent.code == "43-9000"
    assert Occupation.objects.get(code="43-0000").parent.code == "00-0000"


def test_each_occupation_has_its_national_median_of_the_newest_release(tmp_path, national):
    run(national, write_csv(tmp_path, "oews_may2025_state.csv", [AL_CLERKS, AL_SURGEONS]))
    medians = dict(Occupation.objects.values_list("code", "national_annual_median"))
    # The national figure, not Alabama's (31200); none for an occupation with no national row.
    assert medians["43-9061"] == 45010
    assert medians["43-0000"] == 47450
    assert medians["29-1022"] is None

    run(write_csv(tmp_path, "oews_may2026_national.csv", [edit(US_CLERKS, A_MEDIAN="46000")]))

    medians = dict(Occupation.objects.values_list("code", "national_annual_median"))
    assert medians["43-9061"] == 46000
    assert medians["43-0000"] is None  # not in the newest release


def test_a_later_import_of_a_closer_ancestor_reparents(tmp_path):
    run(write_csv(tmp_path, "oews_may2025_a.csv", [US_ALL, US_ANESTHESIOLOGISTS]))
    assert Occupation.objects.get(code="29-1211").parent.code == "00-0000"

    run(write_csv(tmp_path, "oews_may2025_b.csv", [US_PHYSICIANS]))

    assert Occupation.objects.get(code="29-1211").parent.code == "29-1210"
    assert Occupation.objects.get(code="29-1210").parent.code == "00-0000"


def test_parents_under_minor_groups_that_do_not_end_in_000(tmp_path):
    rows = [
        US_ALL, US_COMPUTER, US_COMPUTER_OCCUPATIONS, US_SOFTWARE, US_SOFTWARE_DEVELOPERS,
        US_HEALTHCARE_SUPPORT, US_AIDES_MINOR, US_AIDES,
    ]  # fmt: skip
    run(write_csv(tmp_path, "oews_may2025_national.csv", rows))

    parents = dict(Occupation.objects.values_list("code", "parent__code"))
    assert parents["15-1252"] == "15-1250"
    assert parents["15-1200"] == "15-0000"
    assert parents["15-1250"] == "15-1200"  # actual: 15-0000
    assert parents["31-1120"] == "31-1100"  # actual: 31-0000


# Gzip ------------------------------------------------------------------------------------------


def test_gzipped_file_reads_the_same_as_plain(tmp_path):
    plain = write_csv(tmp_path, "oews_may2025_state.csv", STATE)
    packed = write_gzip(tmp_path, "oews_may2025_state.csv.gz", STATE)
    run(plain)
    from_plain = snapshot()
    WageEstimate.objects.all().delete()
    Occupation.objects.all().delete()
    Area.objects.all().delete()
    Release.objects.all().delete()

    output = run(packed)

    assert snapshot() == from_plain
    assert len(from_plain) == len(STATE)
    assert f"{len(STATE)} created" in output


def test_gzipped_file_is_recognised_by_its_content_not_its_name(tmp_path):
    path = write_gzip(tmp_path, "oews_may2025_state.csv", STATE)

    run(path)

    assert estimate("43-9061", area="2").annual_median == 51890


def test_plain_unix_line_ends_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "oews_may2025_national.csv"
    path.write_bytes(("\ufeff" + "\n".join([HEADER, *NATIONAL]) + "\n").encode())

    run(path)

    assert estimate("43-9061").annual_median == 45010
    assert counts()["WageEstimate"] == len(NATIONAL)


# Idempotence -----------------------------------------------------------------------------------


def test_second_run_changes_nothing(national, state):
    run(national, state, published=date(2026, 5, 15))
    before = snapshot()
    pks = set(WageEstimate.objects.values_list("pk", flat=True))
    areas = set(Area.objects.values_list("pk", "code", "title", "kind", "state"))
    occupations = set(Occupation.objects.values_list("pk", "code", "title", "group", "parent"))

    output = run(national, state, published=date(2026, 5, 15))

    assert "11 rows read, 0 created, 0 updated, 11 unchanged, 0 skipped" in output
    assert "New: 0 areas, 0 occupations" in output
    assert "Nothing changed" in output
    assert "Import complete." not in output
    assert snapshot() == before
    assert set(WageEstimate.objects.values_list("pk", flat=True)) == pks
    assert set(Area.objects.values_list("pk", "code", "title", "kind", "state")) == areas
    assert (
        set(Occupation.objects.values_list("pk", "code", "title", "group", "parent"))
        == occupations
    )
    assert Release.objects.count() == 1


def test_a_changed_figure_updates_exactly_that_estimate(tmp_path, national, state):
    run(national, state)
    before = snapshot()
    pks = dict(WageEstimate.objects.values_list("occupation__code", "pk").filter(area__code="1"))
    changed = [edit(AL_CLERKS, A_MEDIAN="31300"), *STATE[1:]]

    output = run(national, write_csv(tmp_path, "oews_may2025_state.csv", changed))

    assert "11 rows read, 0 created, 1 updated, 10 unchanged, 0 skipped" in output
    assert "Import complete." in output
    after = snapshot()
    assert after[("1", "43-9061")]["annual_median"] == 31300
    after[("1", "43-9061")]["annual_median"] = 31200
    assert after == before
    assert (
        dict(WageEstimate.objects.values_list("occupation__code", "pk").filter(area__code="1"))
        == pks
    )


@pytest.mark.parametrize(
    ("changes", "field", "value", "markers"),
    [
        ({"A_MEDIAN": "#"}, "annual_median", None, {"annual_median": "#"}),
        ({"TOT_EMP": "**"}, "employment", None, {"employment": "**"}),
        ({"JOBS_1000": "6.215"}, "jobs_per_1000", Decimal("6.215"), {}),
        ({"H_MEDIAN": "15.01"}, "hourly_median", Decimal("15.01"), {}),
    ],
)
def test_a_marker_or_decimal_change_is_one_update(tmp_path, state, changes, field, value, markers):
    run(state)

    output = run(
        write_csv(tmp_path, "oews_may2025_state.csv", [edit(AL_CLERKS, **changes), *STATE[1:]])
    )

    assert "0 created, 1 updated, 4 unchanged" in output
    clerks = estimate("43-9061", area="1")
    assert getattr(clerks, field) == value
    assert clerks.markers == markers


def test_a_new_row_in_a_reimport_is_created_and_the_rest_unchanged(tmp_path, national):
    run(national)

    output = run(
        write_csv(tmp_path, "oews_may2025_national.csv", [*NATIONAL, US_PHYSICIANS]),
    )

    assert f"0 updated, {len(NATIONAL)} unchanged" in output
    assert "1 created" in output
    assert "New: 0 areas, 1 occupations" in output


def test_a_new_release_beside_a_stored_one_is_all_new_and_leaves_the_other_alone(
    tmp_path, national
):
    # Nothing of May 2026 is stored: on PostgreSQL its rows are copied straight in.
    run(national)
    fields = ["pk", "release__name", "occupation__code", "area__code", "employment"]
    may_2025 = list(WageEstimate.objects.order_by("pk").values_list(*fields))
    later = [edit(row, TOT_EMP="1234") for row in NATIONAL]

    output = run(write_csv(tmp_path, "oews_may2026_national.csv", later))

    assert f"{len(NATIONAL)} created, 0 updated, 0 unchanged" in output
    stored = WageEstimate.objects.order_by("pk").values_list(*fields)
    assert list(stored.filter(release__name="May 2025")) == may_2025
    assert sorted(row[2:] for row in stored.filter(release__name="May 2026")) == sorted(
        (code, "99", 1234) for code in ["00-0000", "43-0000", "43-9000", "43-9061", "11-9032",
                                        "27-2031"]
    )  # fmt: skip


def test_figures_written_unusually_are_stored_as_the_usual_ones(tmp_path):
    # Spaces, thousands separators, a trailing zero, a lower-case flag, a spaced marker, and
    # digits of another script.
    usual = [US_CLERKS, US_SCHOOL_ADMINS, US_OFFICE]
    unusual = [
        edit(US_CLERKS, TOT_EMP=" 2,464,940 ", A_MEDIAN="45,010", H_MEDIAN="21.640"),
        edit(US_SCHOOL_ADMINS, H_MEAN=" * ", ANNUAL="true", JOBS_1000=" **"),
        # Arabic-Indic digits: a number (47450) to Python's Decimal, not to the database.
        edit(US_OFFICE, A_MEDIAN="\u0664\u0667\u0664\u0665\u0660"),
    ]
    run(write_csv(tmp_path, "oews_may2025_national.csv", usual))
    stored = snapshot()

    output = run(write_csv(tmp_path, "oews_may2025_national.csv", unusual))

    assert "0 created, 0 updated, 3 unchanged" in output
    assert snapshot() == stored
    assert estimate("43-9061").employment == 2464940
    assert estimate("11-9032").markers["hourly_mean"] == "*"


def _areas(count):
    """The national rows again for `count` made-up areas: as many rows as an import needs."""
    return [
        edit(row, AREA=str(1000 + number), AREA_TITLE=f"Area {number}", AREA_TYPE="4")
        for number in range(count)
        for row in NATIONAL
    ]


@pytest.mark.parametrize("count", [1, 40])
def test_the_queries_of_an_import_do_not_grow_with_its_rows(
    tmp_path, count, django_assert_num_queries
):
    # Pinned for 6 rows and for 240: one query an area, or a row, would break it.
    path = write_csv(tmp_path, "oews_may2025_metro.csv", _areas(count))

    with django_assert_num_queries(IMPORT_QUERIES[connection.vendor]):
        first = run(path)
    with django_assert_num_queries(REIMPORT_QUERIES[connection.vendor]):
        again = run(path)

    assert f"{6 * count} created" in first
    assert f"{6 * count} unchanged" in again
    assert WageEstimate.objects.count() == 6 * count


# Bad input: a CommandError naming the file, line and column, and nothing written ---------------


BAD_VALUES = [
    ("OCC_CODE", "43-906", "an SOC code"),
    ("OCC_CODE", "439061", "an SOC code"),
    ("AREA", "U.S.", "area code"),
    ("AREA", "12345678", "area code"),
    ("AREA_TYPE", "5", "area type"),
    ("AREA_TYPE", "", "area type"),
    ("PRIM_STATE", "us", "state"),
    ("O_GROUP", "subgroup", "occupation group"),
    ("OCC_TITLE", " ", "title"),
    ("A_MEDIAN", "abc", "not a number"),
    ("H_MEDIAN", "21,64.x", "not a number"),
    ("H_MEDIAN", "-21.64", "negative"),
    ("A_PCT90", "-1", "negative"),
    ("TOT_EMP", "12.5", "whole number"),
    ("A_MEAN", "46420.5", "whole number"),
    ("TOT_EMP", "#", "not a number"),
    ("TOT_EMP", "*", "not a number"),
    ("H_MEAN", "**", "not a number"),
    ("MEAN_PRSE", "#", "not a number"),
    ("TOT_EMP", "NaN", ""),
    ("A_MEDIAN", "Infinity", ""),
    ("ANNUAL", "YES", "TRUE"),
]


@pytest.mark.parametrize(("column", "value", "problem"), BAD_VALUES)
def test_a_bad_value_names_file_line_and_column(tmp_path, column, value, problem):
    # A 43-9061 row of another area, after eleven good rows.
    rows = [*NATIONAL, *STATE, edit(US_CLERKS, **{"AREA": "98", column: value})]
    path = write_csv(tmp_path, "oews_may2025_mixed.csv", rows)

    message = import_fails(path)

    assert str(path) in message
    assert f"line {len(rows) + 1}" in message
    assert f"column {column}" in message
    assert problem in message
    assert "Nothing was imported" in message


@pytest.mark.parametrize(("column", "value"), [("TOT_EMP", "3000000000"), ("H_MEAN", "123456.78")])
def test_a_figure_too_large_for_its_column(tmp_path, column, value):
    rows = [*NATIONAL, edit(US_PHYSICIANS, **{column: value})]
    path = write_csv(tmp_path, "oews_may2025_national.csv", rows)

    message = import_fails(path)

    assert f"{path}, line {len(rows) + 1}, column {column}" in message


@pytest.mark.parametrize(("column", "value"), [("EMP_PRSE", "0.45"), ("H_MEDIAN", "21.645")])
def test_more_decimal_places_than_the_column_is_refused_or_idempotent(tmp_path, column, value):
    path = write_csv(
        tmp_path, "oews_may2025_national.csv", [*NATIONAL, edit(US_PHYSICIANS, **{column: value})]
    )
    try:
        run(path)
    except CommandError as error:  # refusing the value is as good as storing it stably
        assert f"column {column}" in str(error)
        assert counts() == NOTHING
        return

    assert "Nothing changed" in run(path)


def test_a_bad_row_in_the_second_file_writes_nothing_from_the_first(tmp_path, national):
    bad = write_csv(tmp_path, "oews_may2025_state.csv", [*STATE, edit(AL_CLERKS, AREA="01x")])

    message = import_fails(national, bad)

    assert str(bad) in message
    assert str(national) not in message
    assert f"line {len(STATE) + 2}, column AREA" in message


def test_a_bad_reimport_leaves_the_stored_estimates_alone(tmp_path, national):
    run(national, published=date(2026, 5, 15))
    before = (snapshot(), counts(), Release.objects.get().published_on)
    rows = [edit(US_CLERKS, A_MEDIAN="50000"), *NATIONAL[:3], *NATIONAL[4:], US_PHYSICIANS]
    rows.append(edit(US_ANESTHESIOLOGISTS, TOT_EMP="12.5"))

    with pytest.raises(CommandError, match="column TOT_EMP"):
        run(write_csv(tmp_path, "oews_may2025_national.csv", rows), published=date(2027, 1, 1))

    assert (snapshot(), counts(), Release.objects.get().published_on) == before


def test_missing_columns_are_named(tmp_path):
    dropped = {"H_MEDIAN", "A_MEDIAN"}
    keep = [i for i, column in enumerate(COLUMNS) if column not in dropped]

    def cut(line):
        values = next(csv.reader([line]))
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow([values[i] for i in keep])
        return out.getvalue()

    path = write_csv(
        tmp_path, "oews_may2025_national.csv", [cut(row) for row in NATIONAL], cut(HEADER)
    )

    message = import_fails(path)

    assert str(path) in message
    assert "line 1" in message
    assert "H_MEDIAN" in message and "A_MEDIAN" in message
    assert "missing columns" in message


def test_a_csv_of_something_else_names_every_missing_column(tmp_path):
    path = tmp_path / "oews_may2025_people.csv"
    path.write_text("name,age\r\nAda,36\r\n")

    message = import_fails(path)

    assert str(path) in message
    assert all(column in message for column in COLUMNS if column != "NAICS_TITLE")


def test_duplicate_rows_name_both_lines(tmp_path):
    path = write_csv(tmp_path, "oews_may2025_national.csv", [*NATIONAL, *STATE, US_CLERKS])

    message = import_fails(path)

    assert str(path) in message
    assert "duplicate" in message
    assert "line 5" in message  # the first 43-9061 U.S. row
    assert f"line {len(NATIONAL) + len(STATE) + 2}" in message
    assert "43-9061" in message


def test_duplicate_rows_across_two_files_name_both(tmp_path, national):
    second = write_csv(tmp_path, "oews_may2025_more.csv", [US_PHYSICIANS, US_CLERKS])

    message = import_fails(national, second)

    assert f"{second}, line 3" in message
    assert f"{national}, line 5" in message


def test_the_same_file_twice_is_a_duplicate(national):
    message = import_fails(national, national)

    assert "duplicate" in message
    assert str(national) in message


def test_an_empty_file(tmp_path):
    path = tmp_path / "oews_may2025_national.csv"
    path.write_bytes(b"")

    message = import_fails(path)

    assert str(path) in message
    assert "empty" in message


def test_an_empty_gzipped_file(tmp_path):
    path = tmp_path / "oews_may2025_state.csv.gz"
    path.write_bytes(gzip.compress(b""))

    message = import_fails(path)

    assert str(path) in message


def test_a_header_only_file(tmp_path):
    path = write_csv(tmp_path, "oews_may2025_national.csv", [])

    message = import_fails(path)

    assert str(path) in message
    assert "no rows" in message


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(random.Random(20250515).randbytes(4096), id="random-bytes"),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
            b"\x00\x00\x00\x1f\xf3\xffa\x00\x00\x00\x00IEND\xaeB`\x82",
            id="png",
        ),
        pytest.param(b"\x00" * 64, id="nul-bytes"),
        pytest.param(b"\x1f\x8b" + bytes(range(256)), id="gzip-magic-then-garbage"),
        pytest.param(gzip.compress(b"\x89PNG\r\n\x1a\n\xff\xfe\x00"), id="gzipped-png"),
    ],
)
def test_a_file_that_is_not_csv(tmp_path, content):
    path = tmp_path / "oews_may2025_national.csv"
    path.write_bytes(content)

    message = import_fails(path)

    assert str(path) in message


def test_a_truncated_gzip(tmp_path):
    rows = [*NATIONAL, *STATE] + [
        edit(US_CLERKS, AREA=str(area), AREA_TITLE=f"Area {area}") for area in range(100, 400)
    ]
    whole = gzip.compress(csv_text(rows).encode(), mtime=0)
    path = tmp_path / "oews_may2025_state.csv.gz"
    path.write_bytes(whole[: len(whole) // 2])

    message = import_fails(path)

    assert str(path) in message
    assert "truncated" in message


def test_a_gzip_without_its_trailer(tmp_path):
    whole = gzip.compress(csv_text(STATE).encode(), mtime=0)
    path = tmp_path / "oews_may2025_state.csv.gz"
    path.write_bytes(whole[:-8])  # the data, without the CRC and length trailer

    message = import_fails(path)

    assert str(path) in message
    assert "truncated" in message


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(US_CLERKS + ",extra", id="too-many"),
        pytest.param(US_CLERKS.rsplit(",", 1)[0], id="too-few"),
        pytest.param("99,U.S.,1,US", id="far-too-few"),
    ],
)
def test_a_row_with_the_wrong_number_of_fields(tmp_path, row):
    rows = [*NATIONAL[:3], *NATIONAL[4:], *STATE, row]
    path = write_csv(tmp_path, "oews_may2025_national.csv", rows)

    message = import_fails(path)

    assert str(path) in message
    assert f"line {len(rows) + 1}" in message
    assert "number of fields" in message


def test_a_missing_file(tmp_path, national):
    missing = tmp_path / "oews_may2025_state.csv"

    message = import_fails(national, missing)

    assert str(missing) in message
    assert "no such file" in message


def test_a_directory_is_not_a_file(tmp_path):
    folder = tmp_path / "oews_may2025"
    folder.mkdir()

    message = import_fails(folder)

    assert str(folder) in message


def test_a_file_name_without_a_release_needs_release(tmp_path):
    path = write_csv(tmp_path, "sample.csv", NATIONAL)

    message = import_fails(path)

    assert "Cannot tell the release" in message
    assert "--release" in message


def test_files_of_two_releases_need_release(tmp_path, national):
    other = write_csv(tmp_path, "oews_may2024_state.csv", STATE)

    message = import_fails(national, other)

    assert "--release" in message


def test_a_file_name_that_only_looks_like_a_release(tmp_path):
    path = write_csv(tmp_path, "oews_summary_2025.csv", NATIONAL)

    import_fails(path)  # actual: imported as release "March 2025"


@pytest.mark.parametrize("value", ["2025", "May", "May 25", "2025-05", "Spring 2025", "5/2025"])
def test_a_malformed_release(national, value):
    message = import_fails(national, release=value)

    assert repr(value) in message
    assert "May 2025" in message


@pytest.mark.parametrize("value", ["Mayhem 2025", "May 20251"])
def test_a_release_that_only_contains_a_month_and_year(national, value):
    import_fails(national, release=value)


def test_a_malformed_published_date(national):
    with pytest.raises(CommandError, match="published"):
        run(national, "--published", "15/05/2026")
    assert counts() == NOTHING


# Skipped rows ----------------------------------------------------------------------------------


def test_industry_rows_are_skipped_and_counted(tmp_path):
    industry = edit(US_CLERKS, NAICS="611000", NAICS_TITLE="Educational Services")
    rows = [*NATIONAL, industry, edit(AL_CLERKS, NAICS="622000", A_MEDIAN="oops")]
    path = write_csv(tmp_path, "oews_may2025_national.csv", rows)

    output = run(path)

    assert f"{len(rows)} rows read, {len(NATIONAL)} created" in output
    assert "2 skipped" in output
    assert "skipped 2: industry-specific row" in output
    assert counts()["WageEstimate"] == len(NATIONAL)
    assert estimate("43-9061").annual_median == 45010
    assert not Area.objects.filter(code="1").exists()


def test_ownership_subsets_are_skipped_and_counted(tmp_path):
    header = HEADER + ",OWN_CODE"
    rows = [f"{row},1235" for row in NATIONAL] + [f"{US_CLERKS},5", f"{AL_CLERKS},"]
    path = write_csv(tmp_path, "oews_may2025_national.csv", rows, header)

    output = run(path)

    assert "1 skipped" in output
    assert "skipped 1: ownership subset" in output
    assert counts()["WageEstimate"] == len(NATIONAL) + 1


# Verbosity -------------------------------------------------------------------------------------


def test_verbosity_0_prints_nothing_on_success(national, state, capfd):
    out, err = io.StringIO(), io.StringIO()

    call_command("import_oews", str(national), str(state), verbosity=0, stdout=out, stderr=err)

    assert out.getvalue() == ""
    assert err.getvalue() == ""
    assert capfd.readouterr() == ("", "")
    assert counts()["WageEstimate"] == 11


def test_default_verbosity_reports_progress_on_stderr_only(national, capfd):
    out, err = io.StringIO(), io.StringIO()

    call_command("import_oews", str(national), stdout=out, stderr=err)

    assert "Import complete." in out.getvalue()
    assert "Import complete." not in err.getvalue()
    assert capfd.readouterr() == ("", "")


def test_progress_is_a_line_a_step_where_stderr_is_not_a_terminal(national):
    err = io.StringIO()  # as in a CI log or `make run > log`

    call_command("import_oews", str(national), stdout=io.StringIO(), stderr=err)

    assert err.getvalue() == "Reading...\nWriting 6 rows...\n"
