"""
manage.py import_onet: O*NET 30.1's occupations, crosswalk, tasks, reported titles and
technology skills in; every row of every file checked before anything is written, and a second
run changes nothing.

The sample files in tests/occupations/onet/ are the header and rows cut verbatim from the
shipped fixtures/onet/ files, for 43-9061 Office Clerks, 31-1120 Home Health and Personal Care
Aides (two O*NET occupations), 11-1011 Chief Executives (with a specialty, 11-1011.03) and
11-9199 Managers, All Other (no tasks of its own; two specialties). Bad files are copies with
one value changed.
"""

import gzip
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from occupations.models import (
    AlternateTitle,
    Occupation,
    OnetOccupation,
    SourceRelease,
    Task,
    Technology,
)
from tests.builders import make_occupation

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "onet"
CROSSWALK = "oews_to_onet_crosswalk.csv.gz"
OCCUPATIONS = "occupation_data.tsv.gz"
TASKS = "task_statements.tsv.gz"
TITLES = "sample_of_reported_titles.tsv.gz"
TECHNOLOGY = "technology_skills.tsv.gz"
UNUSED = "O*NET occupations no occupation here takes (specialties, or not in the wage data)"


@pytest.fixture
def files(tmp_path):
    return Path(shutil.copytree(SAMPLES, tmp_path / "onet"))


def run(directory):
    stdout = StringIO()
    call_command("import_onet", str(directory), stdout=stdout, stderr=StringIO())
    return stdout.getvalue()


def change(directory, name, old, new):
    """Replace the first `old` in file `name` by `new`; the line number it is on."""
    path = directory / name
    with gzip.open(path, "rt", encoding="utf-8", newline="") as file:
        text = file.read()
    start = text.index(old) + len(old) - len(old.lstrip("\n"))
    with gzip.open(path, "wt", encoding="utf-8", newline="") as file:
        file.write(text.replace(old, new, 1))
    return text[:start].count("\n") + 1


def snapshot():
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (SourceRelease, OnetOccupation, Task, AlternateTitle, Technology)
    ] + [list(OnetOccupation.occupations.through.objects.order_by("pk").values_list())]


def test_each_occupation_takes_its_onet_content(occupations, files):
    output = run(files)

    release = SourceRelease.objects.get(kind="onet")
    assert (release.name, release.first_year) == ("30.1", 2025)
    assert release.credit.startswith("Source: O*NET 30.1 Database (December 2025)")
    # The SOC-level occupation only, not O*NET's specialties; a combined code takes its parts.
    assert sorted(OnetOccupation.objects.values_list("code", flat=True)) == [
        "11-1011.00", "11-9199.00", "31-1121.00", "31-1122.00", "43-9061.00",
    ]  # fmt: skip
    aides = Occupation.objects.get(code="31-1120")
    assert [part.title for part in aides.onet_occupations.order_by("code")] == [
        "Home Health Aides",
        "Personal Care Aides",
    ]
    clerks = OnetOccupation.objects.get(code="43-9061.00")
    assert list(clerks.occupations.values_list("code", flat=True)) == ["43-9061"]
    assert all(part.release == release for part in OnetOccupation.objects.all())
    assert not OnetOccupation.objects.get(code="11-9199.00").tasks.exists()
    assert "skipped 3: oews_to_onet_crosswalk.csv.gz: O*NET specialties of an occupation" in output


def test_tasks_core_first_then_supplemental_each_in_onet_order(occupations, files):
    run(files)

    tasks = list(Task.objects.filter(onet_occupation="43-9061.00"))
    assert len(tasks) == 20
    kinds = [task.kind for task in tasks]
    assert kinds == sorted(kinds, key=lambda kind: kind != "core")
    assert kinds.count("supplemental") == 8
    assert tasks[0].text.startswith("Operate office machines")
    assert tasks[0].task_id == 830
    mail = next(task for task in tasks if task.task_id == 829)
    assert mail.kind == "supplemental" and mail.position == 13


def test_a_supplemental_task_listed_before_core_ones_is_shown_after_them(occupations, files):
    # O*NET's files list core tasks first; the import does not count on it.
    change(files, TASKS, "computers.\tCore", "computers.\tSupplemental")

    run(files)

    tasks = list(Task.objects.filter(onet_occupation="43-9061.00"))
    assert [task.task_id for task in tasks[:2]] == [827, 826]
    machines = next(task for task in tasks if task.task_id == 830)
    assert (machines.kind, machines.position) == ("supplemental", 11)


def test_titles_are_those_my_next_move_shows(occupations, files):
    output = run(files)

    assert list(
        AlternateTitle.objects.filter(onet_occupation="43-9061.00").values_list("title", flat=True)
    ) == ["Clerk", "Office Assistant"]
    assert "sample_of_reported_titles.tsv.gz: titles My Next Move does not show" in output


def test_technologies_with_their_kind_and_hot_ones_marked(occupations, files):
    run(files)

    acrobat = Technology.objects.get(onet_occupation="43-9061.00", example="Adobe Acrobat")
    assert (acrobat.commodity, acrobat.hot) == ("Document management software", True)
    alpha = Technology.objects.get(example="Alpha Software Alpha Five")
    assert (alpha.commodity, alpha.hot) == ("Data base user interface and query software", False)
    assert Technology.objects.filter(onet_occupation="43-9061.00").count() == 8


def test_occupations_the_wage_data_lacks_are_skipped_and_counted(files):
    make_occupation("43-9061", "Office Clerks, General")

    output = run(files)

    assert list(OnetOccupation.objects.values_list("code", flat=True)) == ["43-9061.00"]
    assert (
        "skipped 7: oews_to_onet_crosswalk.csv.gz: occupations the wage data does not have"
    ) in output
    assert f"task_statements.tsv.gz: {UNUSED}" in output
    assert Task.objects.count() == 20
    assert "specialties of an occupation" not in output


def test_a_second_run_changes_nothing(occupations, files):
    run(files)
    before = snapshot()

    output = run(files)

    assert snapshot() == before
    assert "0 created, 0 updated" in output
    assert "Nothing changed: already up to date." in output


def test_a_changed_or_removed_row_is_updated_or_deleted(occupations, files):
    run(files)
    change(files, TASKS, "Bathe patients.", "Bathe patients, gently.")
    change(files, TECHNOLOGY, "43-9061.00\tBilling software", "43-9061.00\tInvoicing software")

    output = run(files)

    assert Task.objects.get(task_id=20577).text == "Bathe patients, gently."
    assert not Technology.objects.filter(example="Billing software").exists()
    assert Technology.objects.filter(example="Invoicing software").exists()
    assert "1 created, 2 updated" in output
    assert "technologies: 16 (1 new, 0 changed, 1 deleted)" in output


BAD_VALUES = [
    (CROSSWALK, "direct,43-9061.00", "direct,43-9061.0", "onet_soc_code",
     "an O*NET-SOC code looks like 43-9061.00"),
    (CROSSWALK, "43-9061,", "43-906,", "oews_occ_code", "an SOC code looks like 43-9061"),
    (CROSSWALK, "oews_aggregate_components,31-1122", "combined,31-1122", "match_type",
     "expected one of direct, oews_aggregate_components"),
    (CROSSWALK, "Clerks, General\",Y", "Clerks, General\",yes", "onet_is_soc_level_code",
     "expected one of N, Y"),
    (OCCUPATIONS, "Home Health Aides", "", "title", "cannot be empty"),
    (TASKS, "Bathe patients.\tCore", "Bathe patients.\tMain", "task type",
     "expected one of Core, Supplemental, n/a"),
    (TASKS, "20577", "2O577", "task id", "not a whole number"),
    (TASKS, "Bathe patients.", "", "task", "cannot be empty"),
    (TITLES, "Clerk\tY", "Clerk\tyes", "shown in my next move", "expected one of N, Y"),
    (TITLES, "43-9061.00\tClerk", "43-9061\tClerk", "o*net-soc code",
     "an O*NET-SOC code looks like 43-9061.00"),
    (TECHNOLOGY, "Adobe InDesign\t43232112\tDesktop publishing software\tY",
     "Adobe InDesign\t43232112\tDesktop publishing software\tHot", "hot technology",
     "expected one of N, Y"),
    (TECHNOLOGY, "\tBilling software", "\t", "example", "cannot be empty"),
    (TECHNOLOGY, "Billing and invoicing software", "x" * 201, "commodity title",
     "longer than 200 characters"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "old", "new", "column", "problem"), BAD_VALUES)
def test_a_bad_value_names_file_line_and_column_and_writes_nothing(
    occupations, files, name, old, new, column, problem
):
    line = change(files, name, old, new)

    with pytest.raises(CommandError) as error:
        run(files)

    assert f"{files / name}, line {line}, column {column}: {problem}" in str(error.value)
    assert "Nothing was imported." in str(error.value)
    assert snapshot() == [[], [], [], [], [], []]


def test_a_bad_reimport_leaves_what_is_stored(occupations, files):
    run(files)
    before = snapshot()
    change(files, TASKS, "Bathe patients.", "Bathe patients, gently.")
    change(files, TECHNOLOGY, "\tY\t", "\tmaybe\t")

    with pytest.raises(CommandError, match="column hot technology"):
        run(files)

    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (TASKS, "\n31-1121.00\t4241\t", "\n31-1121.00\t4240\t",
         "duplicate row: task 4240 of 31-1121.00 is above."),
        (TITLES, "Office Assistant", "Clerk", "duplicate row: 'Clerk' of 43-9061.00 is above."),
        (TECHNOLOGY, "Appointment scheduling software", "Alpha Software Alpha Five",
         "duplicate row: 'Alpha Software Alpha Five' of 43-9061.00 is above."),
        (CROSSWALK, "31-1122.00,Personal", "31-1121.00,Personal",
         "duplicate row: 31-1120 and 31-1121.00 are linked above."),
        (OCCUPATIONS, "31-1122.00\tPersonal", "31-1121.00\tPersonal",
         "duplicate row: 31-1121.00 is above."),
    ],
)  # fmt: skip
def test_duplicate_rows(occupations, files, name, old, new, message):
    line = change(files, name, old, new)

    with pytest.raises(CommandError) as error:
        run(files)

    assert f"{files / name}, line {line}: {message}" in str(error.value)
    assert not OnetOccupation.objects.exists()


def test_an_onet_occupation_the_crosswalk_takes_must_be_described(occupations, files):
    change(files, OCCUPATIONS, "43-9061.00", "43-9062.00")

    with pytest.raises(CommandError, match=r"occupation_data.tsv.gz: no row for 43-9061.00\."):
        run(files)


def test_missing_columns_are_named(occupations, files):
    change(files, TECHNOLOGY, "\tHot Technology", "\tHot")

    with pytest.raises(CommandError, match="line 1: missing column hot technology"):
        run(files)


def test_a_missing_file(occupations, files):
    (files / TITLES).unlink()

    with pytest.raises(CommandError, match=f"no file {TITLES}"):
        run(files)


def test_progress_is_a_line_per_step_on_stderr(occupations, files, capfd):
    call_command("import_onet", str(files))

    out, err = capfd.readouterr()
    assert err.splitlines() == [f"Reading 5 O*NET files in {files}...", "Writing what changed..."]
    assert "  tasks: 32 (32 new, 0 changed, 0 deleted)" in out
