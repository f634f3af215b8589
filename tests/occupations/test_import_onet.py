"""
manage.py import_onet: O*NET 30.1's occupations, crosswalk, tasks, reported titles,
technology skills, emerging tasks, tools, job zones, education, training and experience, Bright
Outlook and related occupations in; every row of every file checked before anything is written,
and a second run changes nothing.

The sample files in tests/occupations/onet/ are the header and rows cut verbatim from the
shipped fixtures/onet/ files, for 43-9061 Office Clerks, 31-1120 Home Health and Personal Care
Aides (two O*NET occupations), 11-1011 Chief Executives (with a specialty, 11-1011.03) and
11-9199 Managers, All Other (no tasks of its own; two specialties); the related occupations are
the rows among those occupations and 43-6014.00 Secretaries (not in the wage data here). Bad
files are copies with one value changed.
"""

import gzip
import shutil
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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
from occupations.onet import (
    ALTERNATE,
    BRIGHT,
    CATEGORIES,
    CROSSWALK,
    EDUCATION,
    EMERGING,
    OCCUPATIONS,
    RELATED,
    TASKS,
    TECHNOLOGY,
    TITLES,
    TOOLS,
    UNUSED,
    ZONE_NAMES,
    ZONES,
)
from tests.builders import make_occupation

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "onet"
MODELS = (SourceRelease, JobZone, OnetOccupation, Task, AlternateTitle, Technology, EmergingTask,
          Tool, EducationCategory, EducationShare, RelatedOccupation)  # fmt: skip


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
    return [list(model.objects.order_by("pk").values_list()) for model in MODELS] + [
        list(OnetOccupation.occupations.through.objects.order_by("pk").values_list())
    ]


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

    reported = AlternateTitle.objects.filter(onet_occupation="43-9061.00", reported=True)
    assert list(reported.values_list("title", flat=True)) == ["Clerk", "Office Assistant"]
    assert "sample_of_reported_titles.tsv.gz: titles My Next Move does not show" in output


def test_alternate_titles_after_the_reported_ones_with_their_short_forms(occupations, files):
    output = run(files)

    clerks = AlternateTitle.objects.filter(onet_occupation="43-9061.00")
    assert list(clerks.values_list("title", "short_title", "reported", "position")) == [
        ("Clerk", "", True, 0),
        ("Office Assistant", "", True, 1),
        ("Administration Clerk", "", False, 2),
        ("Administrative Clerk (Admin Clerk)", "Admin Clerk", False, 3),
        ("Administrative Support Specialist", "", False, 4),
        ("Administrative Technician (Admin Tech)", "Admin Tech", False, 5),
    ]
    assert "skipped 3: alternate_titles.tsv.gz: titles the occupation has already" in output


def test_a_specialtys_alternate_titles_are_its_occupations(occupations, files):
    run(files)

    chiefs = AlternateTitle.objects.filter(onet_occupation="11-1011.00", reported=False)
    assert ("Chief Sustainability Officer (CSO)", "CSO") in set(
        chiefs.values_list("title", "short_title")
    )
    assert not OnetOccupation.objects.filter(code="11-1011.03").exists()
    assert AlternateTitle.objects.filter(title="Compliance Director").get().onet_occupation_id == (
        "11-9199.00"
    )


def test_technologies_with_their_kind_and_hot_ones_marked(occupations, files):
    run(files)

    acrobat = Technology.objects.get(onet_occupation="43-9061.00", example="Adobe Acrobat")
    assert (acrobat.commodity, acrobat.hot) == ("Document management software", True)
    alpha = Technology.objects.get(example="Alpha Software Alpha Five")
    assert (alpha.commodity, alpha.hot) == ("Data base user interface and query software", False)
    assert Technology.objects.filter(onet_occupation="43-9061.00").count() == 8


def test_emerging_tasks_are_the_new_ones_with_their_date(occupations, files):
    output = run(files)

    assert [
        (task.text, task.reported, task.position)
        for task in EmergingTask.objects.filter(onet_occupation="31-1121.00")
    ] == [
        ("Assist patients with toileting and incontinent care.", date(2014, 7, 1), 0),
        ("Feed patients.", date(2014, 7, 1), 1),
    ]
    # 31-1122.00's one emerging task rewords task 2370, which is shown already.
    assert EmergingTask.objects.count() == 2
    assert "skipped 1: emerging_tasks.tsv.gz: rewordings of a task shown in its current words" in (
        output
    )


def test_tools_in_onet_order_with_their_kind(occupations, files):
    run(files)

    tools = list(Tool.objects.filter(onet_occupation="43-9061.00"))
    assert len(tools) == 20
    assert (tools[0].example, tools[0].commodity) == ("10-key calculators", "Desktop calculator")
    assert [tool.position for tool in tools] == list(range(20))
    assert not Tool.objects.filter(onet_occupation="11-1011.03").exists()


def test_job_zones_in_onet_words(occupations, files):
    run(files)

    assert JobZone.objects.count() == 5
    clerks = OnetOccupation.objects.select_related("job_zone").get(code="43-9061.00")
    assert clerks.job_zone.name == "Job Zone Two: Some Preparation Needed"
    assert clerks.job_zone.education == "These occupations usually require a high school diploma."
    assert OnetOccupation.objects.get(code="11-1011.00").job_zone_id == 5
    assert OnetOccupation.objects.get(code="11-9199.00").job_zone is None


def test_education_shares_with_their_respondents_and_date(occupations, files):
    output = run(files)

    clerks = EducationShare.objects.filter(onet_occupation="43-9061.00")
    required = clerks.filter(category__scale="RL").select_related("category")
    assert [share.percent for share in required][:2] == [Decimal("1.50"), Decimal("40.59")]
    diploma = required[1]
    assert diploma.category.description.startswith("High School Diploma - or the equivalent")
    assert (diploma.respondents, diploma.surveyed) == ("Incumbent", date(2018, 8, 1))
    assert sorted(set(clerks.values_list("category__scale", flat=True))) == [
        "OJ", "PT", "RL", "RW",
    ]  # fmt: skip
    assert EducationCategory.objects.count() == 41
    assert "education_training_and_experience.tsv.gz: importance ratings" in output


def test_a_question_onet_recommends_suppressing_is_left_out_whole(occupations, files):
    output = run(files)

    # 31-1122.00 has one RL, one OJ and one PT answer flagged: those questions are left out.
    scales = EducationShare.objects.filter(onet_occupation="31-1122.00").values_list(
        "category__scale", flat=True
    )
    assert sorted(set(scales)) == ["RW"]
    assert "questions O*NET recommends suppressing" in output


def test_bright_outlook_with_onet_categories(occupations, files):
    run(files)

    bright = dict(OnetOccupation.objects.values_list("code", "bright_outlook"))
    assert bright["31-1121.00"] == "Rapid Growth; Numerous Job Openings"
    assert bright["43-9061.00"] == "Numerous Job Openings"
    assert bright["11-1011.00"] == ""


def test_related_occupations_belong_to_the_wage_datas_occupations(occupations, files):
    run(files)

    related = {
        (row.onet_occupation_id, row.code): (row.title, row.occupation_id, row.tier, row.index)
        for row in RelatedOccupation.objects.all()
    }
    assert related[("11-1011.00", "11-9199.02")] == (
        "Compliance Managers", "11-9199", "Primary-Long", 6,
    )  # fmt: skip
    assert related[("43-9061.00", "43-6014.00")] == (
        "Secretaries and Administrative Assistants, Except Legal, Medical, and Executive",
        None, "Primary-Short", 1,
    )  # fmt: skip
    assert related[("31-1121.00", "31-1122.00")][1] == "31-1120"
    assert not RelatedOccupation.objects.filter(onet_occupation="11-1011.03").exists()


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
    (EMERGING, "Feed patients.\tNew", "Feed patients.\tAdded", "category",
     "expected one of New, Revision"),
    (EMERGING, "Feed patients.\tNew\tn/a\tn/a\t07/2014", "Feed patients.\tNew\tn/a\tn/a\t2014-07",
     "date", "a date looks like 08/2025"),
    (TOOLS, "10-key calculators", "", "example", "cannot be empty"),
    (ZONES, "43-9061.00\t2", "43-9061.00\t6", "job zone",
     "expected a whole number from 1 to 5"),
    (ZONE_NAMES, "Job Zone Two: Some Preparation Needed", "", "name", "cannot be empty"),
    (EDUCATION, "\tRL\t2\t40.59", "\tRL\t2\t140.59", "data value",
     "a percentage cannot be over 100"),
    (EDUCATION, "\tRL\t2\t40.59", "\tRL\t2\tforty", "data value", "not a number"),
    (EDUCATION, "\tRL\t2\t40.59", "\tRL\t13\t40.59", "category",
     "no such RL category in education_training_and_experience_categories.tsv.gz"),
    (EDUCATION, "\tRL\t2\t40.59", "\tRX\t2\t40.59", "scale id",
     "expected one of IM, OJ, PT, RL, RW"),
    (EDUCATION, "N\t08/2018\tIncumbent", "no\t08/2018\tIncumbent", "recommend suppress",
     "expected one of N, Y, n/a"),
    (EDUCATION, "N\t08/2018\tIncumbent", "N\t08/2018\tWorkers", "domain source",
     "expected one of Incumbent, Occupational Expert"),
    (CATEGORIES, "RL\t1\t", "RL\tone\t", "category", "expected a whole number from 1 to 99"),
    (BRIGHT, "Clerks, General\",Numerous Job Openings", "Clerks, General\",Many Openings",
     "categories", "expected some of New and Emerging; Numerous Job Openings; Rapid Growth"),
    (RELATED, "43-6014.00\tPrimary-Short", "43-6014.00\tClosest", "relatedness tier",
     "expected one of Primary-Long, Primary-Short, Supplemental"),
    (RELATED, "43-6014.00\tPrimary-Short\t1", "43-6014.00\tPrimary-Short\tfirst", "index",
     "expected a whole number from 1 to 32767"),
    (RELATED, "\t43-6014.00", "\t43-6019.00", "related o*net-soc code",
     "no such occupation in occupation_data.tsv.gz"),
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
    assert snapshot() == [[]] * (len(MODELS) + 1)


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
        (ALTERNATE, "43-9061.00\tOffice Assistant", "43-9061.00\tClerk",
         "duplicate row: 'Clerk' of 43-9061.00 is above."),
        (TECHNOLOGY, "Appointment scheduling software", "Alpha Software Alpha Five",
         "duplicate row: 'Alpha Software Alpha Five' of 43-9061.00 is above."),
        (CROSSWALK, "31-1122.00,Personal", "31-1121.00,Personal",
         "duplicate row: 31-1120 and 31-1121.00 are linked above."),
        (OCCUPATIONS, "31-1122.00\tPersonal", "31-1121.00\tPersonal",
         "duplicate row: 31-1121.00 is above."),
        (EMERGING, "Feed patients.", "Assist patients with toileting and incontinent care.",
         "duplicate row: 'Assist patients with toileting and incontinent care.' of 31-1121.00 "
         "is above."),
        (TOOLS, "Computer laser printers", "10-key calculators",
         "duplicate row: '10-key calculators' of 43-9061.00 is above."),
        (ZONES, "31-1122.00\t2", "31-1121.00\t2",
         "duplicate row: the job zone of 31-1121.00 is above."),
        (ZONE_NAMES, "\n2\tJob Zone Two", "\n1\tJob Zone Two",
         "duplicate row: job zone 1 is above."),
        (EDUCATION, "\tRL\t2\t40.59", "\tRL\t1\t40.59",
         "duplicate row: RL 1 of 43-9061.00 is above."),
        (CATEGORIES, "RL\t2\t", "RL\t1\t", "duplicate row: RL category 1 is above."),
        (BRIGHT, "31-1122.00,Personal", "31-1121.00,Personal",
         "duplicate row: 31-1121.00 is above."),
        (RELATED, "31-1122.00\t31-1121.00", "31-1121.00\t31-1122.00",
         "duplicate row: 31-1122.00 of 31-1121.00 is above."),
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
    assert err.splitlines() == [f"Reading 14 O*NET files in {files}...", "Writing what changed..."]
    assert "  tasks: 32 (32 new, 0 changed, 0 deleted)" in out
