"""
manage.py import_projections and import_soc: BLS Employment Projections (tables 1.2 and 1.12)
and the SOC's definitions in; every row checked before anything is written, and a second run
changes nothing.

The sample files are built in tmp_path from a header plus rows copied verbatim from the shipped
fixtures/projections/ and fixtures/soc/ files.
"""

import csv
import gzip
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from careerguide import catalogue
from occupations.models import Definition, Projection, SourceRelease
from tests.builders import make_occupation

pytestmark = pytest.mark.django_db

HEADER = (
    "title,soc_code,occupation_type,employment_2024_thousands,employment_2034_thousands,"
    "employment_dist_pct_2024,employment_dist_pct_2034,employment_change_2024_34_thousands,"
    "employment_change_pct_2024_34,pct_self_employed_2024,annual_openings_2024_34_thousands,"
    "median_annual_wage_2024,typical_entry_education,work_experience,typical_ojt,ooh_url"
)
TOTAL = (
    '"Total, all occupations",00-0000,Summary,169956.1,175167.9,100,100,5211.8,3.1,5.8,18863.3,'
    "49500,,,,"
)
OFFICE = (
    "Office and administrative support occupations,43-0000,Summary,19325.2,18563.3,11.4,10.6,"
    "-761.9,-3.9,2.2,1996.8,46320,,,,"
)
CLERKS = (
    '"Office clerks, general",43-9061,Line item,2646,2468.2,1.6,1.4,-177.8,-6.7,0.5,282.4,43630,'
    "High school diploma or equivalent,None,Short-term on-the-job training,"
    "https://www.bls.gov/ooh/office-and-administrative-support/general-office-clerks.htm"
)
NURSES = (
    "Registered nurses,29-1141,Line item,3391,3557.1,2,2,166.1,4.9,0.5,189.1,93600,"
    "Bachelor's degree,None,None,https://www.bls.gov/ooh/healthcare/registered-nurses.htm"
)
POSTMASTERS = (  # no Handbook link
    "Postmasters and mail superintendents,11-9131,Line item,13.1,12.7,0,0,-0.5,-3.5,,0.9,"
    "92730,High school diploma or equivalent,Less than 5 years,"
    "Moderate-term on-the-job training,"
)
LEGISLATORS = (  # not in the OEWS data
    "Legislators,11-1031,Line item,27.7,28.6,0,0,0.9,3.4,,2.2,44810,Bachelor's degree,"
    "Less than 5 years,None,"
)
COLUMNS = HEADER.split(",")

REASONS_HEADER = "title,soc_code,industry_title,industry_code,factor"
CLERKS_REASON = (
    '"Office clerks, general",43-9061,"Total, all industries",TE1000,"Productivity change - '
    "share decreases as increased use of technology, such as electronic filing systems and "
    'file sharing software, require a lesser need for individuals to perform these duties."'
)
NURSES_TEMPING = (
    "Registered nurses,29-1141,Temporary help services,561320,Demand change - share increases "
    "as hospitals and other healthcare facilities increasingly use temporary help services to "
    "staff some of temporary their positions for registered nurses."
)
CLERKS_SENTENCE = (
    "Productivity change - share decreases as increased use of technology, such as electronic "
    "filing systems and file sharing software, require a lesser need for individuals to perform "
    "these duties."
)

SOC_HEADER = "soc_group,soc_code,soc_title,soc_definition"
SOC_MAJOR = "Major,43-0000,Office and Administrative Support Occupations,"
SOC_BROAD = 'Broad,43-9060,"Office Clerks, General",'
SOC_CLERKS = (
    'Detailed,43-9061,"Office Clerks, General","Perform duties too varied and diverse to be '
    "classified in any specific office clerical occupation, requiring knowledge of office "
    "systems and procedures. Clerical duties may be assigned in accordance with the office "
    "procedures of individual establishments and may include a combination of answering "
    'telephones, bookkeeping, typing or word processing, office machine operation, and filing."'
)
SOC_LEGISLATORS = (
    'Detailed,11-1031,Legislators,"Develop, introduce, or enact laws and statutes at the local, '
    'tribal, state, or federal level. Includes only workers in elected positions."'
)


def write(directory, name, header, rows, compress=True):
    path = directory / name
    text = "\n".join([header, *rows]) + "\n"
    if compress:
        with gzip.open(path, "wt", encoding="utf-8", newline="") as file:
            file.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def edit(row, column, value):
    """`row` (a table 1.2 line) with one column's value replaced."""
    values = next(csv.reader([row]))
    values[COLUMNS.index(column)] = value
    out = StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


def run(name, *args):
    stdout = StringIO()
    call_command(name, *map(str, args), stdout=stdout, stderr=StringIO())
    return stdout.getvalue()


def snapshot():
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (SourceRelease, Projection, Definition)
    ]


@pytest.fixture
def occupations():
    for code, title in [("43-9061", "Office Clerks, General"), ("29-1141", "Registered Nurses"),
                        ("11-9131", "Postmasters and Mail Superintendents")]:  # fmt: skip
        make_occupation(code, title)


@pytest.fixture
def table(tmp_path):
    rows = [OFFICE, CLERKS, NURSES, POSTMASTERS, LEGISLATORS]
    return write(tmp_path, "ep_2024_34_table_1_2.csv.gz", HEADER, rows)


@pytest.fixture
def reasons(tmp_path):
    return write(tmp_path, "ep_table_1_12.csv.gz", REASONS_HEADER, [CLERKS_REASON, NURSES_TEMPING])


@pytest.fixture
def soc(tmp_path):
    rows = [SOC_MAJOR, SOC_BROAD, SOC_CLERKS, SOC_LEGISLATORS]
    return write(tmp_path, "soc_2018_definitions.csv.gz", SOC_HEADER, rows)


def import_projections(table, *more):
    return run("import_projections", "--published", "2025-08-28", *more, table)


def test_projections_are_stored_as_published(occupations, table, reasons):
    output = import_projections(table, "--reasons", reasons)

    release = SourceRelease.objects.get()
    assert (release.kind, release.name, release.first_year, release.last_year) == (
        "projections", "2024-34", 2024, 2034,
    )  # fmt: skip
    assert release.published_on == date(2025, 8, 28)
    assert release.credit.startswith("Source: Employment Projections program")
    clerks = Projection.objects.get(occupation_id="43-9061")
    assert clerks.release == release
    figures = (clerks.employment_start, clerks.employment_end, clerks.change,
               clerks.change_percent, clerks.openings)  # fmt: skip
    assert figures == tuple(map(Decimal, ["2646.0", "2468.2", "-177.8", "-6.7", "282.4"]))
    assert (clerks.jobs_start, clerks.jobs_end, clerks.openings_a_year) == (
        2_646_000, 2_468_200, 282_400,
    )  # fmt: skip
    assert clerks.entry_education == "High school diploma or equivalent"
    assert (clerks.work_experience, clerks.job_training) == (
        "None",
        "Short-term on-the-job training",
    )
    assert clerks.handbook_url.endswith("/general-office-clerks.htm")
    assert clerks.reason == CLERKS_SENTENCE
    nurses = Projection.objects.get(occupation_id="29-1141")
    assert nurses.reason == ""  # only a single industry's sentence
    assert Projection.objects.get(occupation_id="11-9131").handbook_url == ""
    assert Projection.objects.count() == 3

    assert "7 rows read, 3 created, 0 updated, 0 unchanged, 3 skipped" in output
    assert "skipped 1: summary rows (groups of occupations)" in output
    assert "skipped 1: occupations the wage data does not have (import_oews first)" in output
    assert "skipped 1: reasons for one industry (only all industries' are shown)" in output
    assert "Import complete." in output


def test_the_total_of_all_occupations_is_kept_to_read_each_change_against(tmp_path, occupations):
    make_occupation("00-0000", "All Occupations", group="total")
    table = write(tmp_path, "ep_2024_34_table_1_2.csv.gz", HEADER, [TOTAL, OFFICE, CLERKS])

    output = import_projections(table)

    total = Projection.objects.get(occupation_id="00-0000")
    assert (total.change_percent, total.openings) == (Decimal("3.1"), Decimal("18863.3"))
    assert total.entry_education == total.handbook_url == ""
    assert Projection.objects.filter(occupation_id="43-0000").exists() is False
    assert "3 rows read, 2 created, 0 updated, 0 unchanged, 1 skipped" in output
    assert "skipped 1: summary rows (groups of occupations)" in output


def test_a_second_run_changes_nothing(occupations, table, reasons, soc):
    import_projections(table, "--reasons", reasons)
    run("import_soc", soc)
    before = snapshot()

    again = import_projections(table, "--reasons", reasons)
    soc_again = run("import_soc", soc)

    assert "0 created, 0 updated, 3 unchanged" in again
    assert "Nothing changed: already up to date." in again
    assert "0 created, 0 updated, 1 unchanged" in soc_again
    assert "Nothing changed: already up to date." in soc_again
    assert snapshot() == before


def test_only_an_import_that_changes_something_makes_cached_pages_obsolete(
    occupations, table, soc, committed
):
    before = catalogue.version()
    with committed():
        import_projections(table)
    after = catalogue.version()
    with committed():
        import_projections(table)

    assert after != before
    assert catalogue.version() == after
    with committed():
        run("import_soc", soc)
    assert catalogue.version() != after


def test_a_changed_figure_updates_that_projection_only(tmp_path, occupations, table):
    import_projections(table)
    changed = edit(CLERKS, "annual_openings_2024_34_thousands", "282.5")
    path = write(tmp_path, "changed.csv.gz", HEADER, [changed, NURSES, POSTMASTERS])

    output = import_projections(path)

    assert "1 updated, 2 unchanged" in output
    assert Projection.objects.get(occupation_id="43-9061").openings == Decimal("282.5")


def test_a_plain_csv_reads_the_same(tmp_path, occupations):
    path = write(tmp_path, "plain.csv", HEADER, [CLERKS], compress=False)

    assert "1 created" in import_projections(path)


BAD_VALUES = [
    ("soc_code", "43-906", "an SOC code looks like 43-9061"),
    ("occupation_type", "Detailed", "expected Line item or Summary"),
    ("employment_2024_thousands", "lots", "not a number"),
    ("employment_2034_thousands", "-1", "cannot be negative"),
    ("employment_change_pct_2024_34", "NaN", "not a number"),
    ("annual_openings_2024_34_thousands", "282.45", "more than 1 decimal places"),
    ("annual_openings_2024_34_thousands", "123456789", "too large for an official figure"),
    ("typical_entry_education", "x" * 101, "longer than 100 characters"),
    ("ooh_url", "https://example.com/clerks", "a Handbook link starts with https://www.bls.gov/ooh/"),
]  # fmt: skip


@pytest.mark.parametrize(("column", "value", "problem"), BAD_VALUES)
def test_a_bad_value_names_file_line_and_column_and_writes_nothing(
    tmp_path, occupations, column, value, problem
):
    path = write(tmp_path, "bad.csv.gz", HEADER, [NURSES, edit(CLERKS, column, value)])

    with pytest.raises(CommandError) as error:
        import_projections(path)

    assert f"{path}, line 3, column {column}: {problem}" in str(error.value)
    assert "Nothing was imported." in str(error.value)
    assert not SourceRelease.objects.exists() and not Projection.objects.exists()


def test_a_bad_reason_row_writes_nothing_of_either_file(tmp_path, occupations, table):
    bad = write(tmp_path, "reasons.csv", REASONS_HEADER, [CLERKS_REASON.replace("TE1000", "")])

    with pytest.raises(CommandError) as error:
        import_projections(table, "--reasons", bad)

    assert f"{bad}, line 2, column industry_code: cannot be empty" in str(error.value)
    assert not Projection.objects.exists()


def test_a_bad_reimport_leaves_what_is_stored(tmp_path, occupations, table):
    import_projections(table)
    before = snapshot()
    bad = edit(NURSES, "employment_2024_thousands", "n/a")
    path = write(tmp_path, "bad.csv.gz", HEADER, [edit(CLERKS, "ooh_url", ""), bad])

    with pytest.raises(CommandError, match="line 3, column employment_2024_thousands"):
        import_projections(path)

    assert snapshot() == before


def test_duplicate_rows_name_both_lines(tmp_path, occupations):
    path = write(tmp_path, "twice.csv.gz", HEADER, [CLERKS, NURSES, CLERKS])

    with pytest.raises(CommandError, match=r"line 4: duplicate row: 43-9061 is also at .*line 2"):
        import_projections(path)
    assert not Projection.objects.exists()


def test_duplicate_reasons_for_all_industries(tmp_path, occupations, table):
    path = write(tmp_path, "reasons.csv", REASONS_HEADER, [CLERKS_REASON, CLERKS_REASON])

    with pytest.raises(CommandError, match=r"line 3: duplicate row: 43-9061's reason"):
        import_projections(table, "--reasons", path)


def test_a_file_that_is_not_table_1_2(tmp_path, reasons):
    with pytest.raises(CommandError, match="no column employment_change_YYYY_YY_thousands"):
        import_projections(reasons)


def test_missing_columns_are_named(tmp_path, occupations):
    header = HEADER.replace(",typical_ojt", "").replace(",ooh_url", "")
    path = write(tmp_path, "short.csv", header, [])

    with pytest.raises(CommandError, match="line 1: missing columns typical_ojt, ooh_url"):
        import_projections(path)


def test_a_row_with_the_wrong_number_of_fields(tmp_path, occupations):
    path = write(tmp_path, "ragged.csv", HEADER, [CLERKS + ",extra"])

    with pytest.raises(CommandError, match="line 2: the number of fields does not match"):
        import_projections(path)


def test_a_truncated_gzip(tmp_path, occupations, table):
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(table.read_bytes()[:-20])

    with pytest.raises(CommandError, match="truncated or corrupt"):
        import_projections(cut)
    assert not Projection.objects.exists()


def test_a_missing_file(tmp_path, table):
    with pytest.raises(CommandError, match="no such file"):
        import_projections(table, "--reasons", tmp_path / "nowhere.csv")


def test_progress_is_a_line_per_step_on_stderr(occupations, table, reasons, capfd):
    call_command("import_projections", str(table), "--reasons", str(reasons))

    out, err = capfd.readouterr()
    assert err.splitlines() == [
        f"Reading {table} (projections 2024-2034)...",
        f"Reading {reasons}...",
        "Writing what changed...",
    ]
    assert "3 created" in out


def test_verbosity_0_prints_nothing(occupations, table, capfd):
    call_command("import_projections", str(table), verbosity=0)

    assert capfd.readouterr() == ("", "")
    assert Projection.objects.count() == 3


def test_soc_definitions_of_known_detailed_occupations(occupations, soc):
    output = run("import_soc", soc)

    definition = Definition.objects.select_related("release").get()
    assert definition.occupation_id == "43-9061"
    assert definition.text.startswith("Perform duties too varied and diverse")
    assert definition.text.endswith("office machine operation, and filing.")
    release = definition.release
    assert (release.kind, release.name, release.first_year, release.last_year) == (
        "soc", "2018", 2018, None,
    )  # fmt: skip
    assert release.credit == (
        "Source: 2018 Standard Occupational Classification, U.S. Bureau of Labor Statistics."
    )
    assert "4 rows read, 1 created, 0 updated, 0 unchanged, 3 skipped" in output
    assert "skipped 2: groups (major, minor and broad: no definition)" in output
    assert "skipped 1: occupations the wage data does not have (import_oews first)" in output


@pytest.mark.parametrize(
    ("row", "column", "problem"),
    [
        (SOC_CLERKS.replace("Detailed,", "Occupation,"), "soc_group", "expected one of"),
        (SOC_CLERKS.replace("43-9061", "43 9061"), "soc_code", "an SOC code looks like"),
        ('Detailed,43-9061,"Office Clerks, General",', "soc_definition", "cannot be empty"),
    ],
)
def test_a_bad_soc_row_names_file_line_and_column(tmp_path, occupations, row, column, problem):
    path = write(tmp_path, "soc_2018.csv", SOC_HEADER, [SOC_MAJOR, row])

    with pytest.raises(CommandError) as error:
        run("import_soc", path)

    assert f"{path}, line 3, column {column}: {problem}" in str(error.value)
    assert not SourceRelease.objects.exists() and not Definition.objects.exists()


def test_the_soc_year_from_the_file_name_or_the_command_line(tmp_path, occupations):
    path = write(tmp_path, "definitions.csv", SOC_HEADER, [SOC_CLERKS])

    with pytest.raises(CommandError, match="give --year 2018"):
        run("import_soc", path)
    run("import_soc", "--year", "2018", path)
    assert Definition.objects.get().release.name == "2018"
