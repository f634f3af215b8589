"""
manage.py import_onet_traits: O*NET 29's skills and knowledge, O*NET 30.1's interests and work
styles, for the O*NET occupations import_onet stored; every row of every file checked before
anything is written, and a second run changes nothing.

The sample files in tests/occupations/onet_traits/ are the header and rows cut verbatim from
the shipped fixtures/onet/ and fixtures/onet_skills_29/ files, for 43-9061.00 Office Clerks,
31-1121.00 and 31-1122.00 (the parts of 31-1120), 11-1011.00 Chief Executives and two
specialties the import skips (11-1011.03, 11-9199.01); the content model and scales references
are whole. import_onet runs first on its own samples (tests/occupations/onet/). Bad files are
copies with one value changed.
"""

import shutil
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from occupations.models import (
    Descriptor,
    InterestScore,
    SkillRating,
    SourceRelease,
    WorkStyleRating,
)
from tests.occupations.test_import_onet import SAMPLES as ONET_SAMPLES
from tests.occupations.test_import_onet import change

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "onet_traits"
CONTENT_MODEL = "content_model_reference.tsv.gz"
SCALES = "scales_reference.tsv.gz"
INTERESTS = "interests.tsv.gz"
WORK_STYLES = "work_styles.tsv.gz"
SKILLS = "onet_skills_29/skills.tsv.gz"
KNOWLEDGE = "onet_skills_29/knowledge.tsv.gz"
UNUSED = "O*NET occupations not stored (specialties, or not in the wage data)"


@pytest.fixture
def stored(occupations):
    """The O*NET occupations of import_onet's samples, stored as it stores them."""
    call_command("import_onet", str(ONET_SAMPLES), stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def files(tmp_path):
    return Path(shutil.copytree(SAMPLES, tmp_path / "onet"))


def run(directory):
    stdout = StringIO()
    call_command(
        "import_onet_traits", str(directory), str(directory / "onet_skills_29"),
        stdout=stdout, stderr=StringIO(),
    )  # fmt: skip
    return stdout.getvalue()


def snapshot():
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (SourceRelease, Descriptor, SkillRating, InterestScore, WorkStyleRating)
    ]


def test_skills_and_knowledge_are_o_net_29s_with_importance_and_level(stored, files):
    output = run(files)

    older = SourceRelease.objects.get(kind="onet", name="29")
    assert older.credit.startswith("Source: O*NET 29 Database (2024;")
    # 35 skills and 33 knowledge areas for each of the four stored occupations with ratings.
    assert SkillRating.objects.count() == 4 * 68
    assert not SkillRating.objects.filter(onet_occupation="11-9199.00").exists()
    reading = SkillRating.objects.get(onet_occupation="43-9061.00", descriptor="2.A.1.a")
    assert (reading.importance, reading.level, reading.release) == (
        Decimal("3.75"), Decimal("3.5"), older,
    )  # fmt: skip
    assert reading.rated_in == date(2018, 8, 1)
    assert not (reading.importance_suppressed or reading.level_suppressed)
    assert reading.level_shown
    administrative = SkillRating.objects.get(onet_occupation="43-9061.00", descriptor="2.C.1.b")
    assert administrative.importance == Decimal("4.19")
    assert Descriptor.objects.get(element_id="2.C.1.b").domain == "knowledge"
    assert Descriptor.objects.get(element_id="2.A.1.a").domain == "skill"
    assert f"skipped 140: skills.tsv.gz: {UNUSED}" in output  # 11-1011.03 and 11-9199.01


def test_o_net_flags_are_kept(stored, files):
    # 43-9061.00's Science level is marked not relevant in the file; one suppression is made.
    change(files, SKILLS, "Programming\tLV\tLevel\t0.38\t8\t0.2631\t0\t0.8906\tN",
           "Programming\tLV\tLevel\t0.38\t8\t0.2631\t0\t0.8906\tY")  # fmt: skip
    change(files, KNOWLEDGE, "Administrative\tIM\tImportance\t4.19\t75\t0.1936\t3.8059\t4.5775\tN",
           "Administrative\tIM\tImportance\t4.19\t75\t0.1936\t3.8059\t4.5775\tY")  # fmt: skip

    run(files)

    science = SkillRating.objects.get(onet_occupation="43-9061.00", descriptor="2.A.1.f")
    assert science.level_not_relevant and not science.level_suppressed
    assert not science.level_shown
    programming = SkillRating.objects.get(onet_occupation="43-9061.00", descriptor="2.B.3.e")
    assert programming.level_suppressed and not programming.level_shown
    administrative = SkillRating.objects.get(onet_occupation="43-9061.00", descriptor="2.C.1.b")
    assert administrative.importance_suppressed and administrative.level_shown


def test_interests_with_their_high_point_code(stored, files):
    run(files)

    aides = InterestScore.objects.filter(onet_occupation="31-1121.00").select_related("descriptor")
    assert [(score.descriptor.name, score.score, score.high_point) for score in aides] == [
        ("Social", Decimal("6.33"), 1),
        ("Realistic", Decimal("4.21"), 2),
        ("Conventional", Decimal("3.52"), 3),
        ("Investigative", Decimal("3.18"), None),
        ("Enterprising", Decimal("1.76"), None),
        ("Artistic", Decimal("1.49"), None),
    ]
    clerks = InterestScore.objects.filter(onet_occupation="43-9061.00", high_point__isnull=False)
    assert [(score.descriptor_id, score.high_point) for score in clerks] == [("1.B.1.f", 1)]
    social = Descriptor.objects.get(element_id="1.B.1.d")
    assert social.description.startswith("Work involves helping, teaching, advising")
    assert social.release.name == "30.1"
    # The high points are marks on the areas, not areas of their own.
    assert not Descriptor.objects.filter(element_id__in=["1.B.1.g", "1.B.1.h", "1.B.1.i"])


def test_work_styles_impact_and_the_ranks_skipped(stored, files):
    output = run(files)

    innovation = WorkStyleRating.objects.get(onet_occupation="43-9061.00", descriptor="1.D.1.a")
    assert (innovation.impact, innovation.rated_in) == (Decimal("-0.20"), date(2025, 12, 1))
    assert innovation.release.name == "30.1"
    assert WorkStyleRating.objects.count() == 4 * 21
    assert "skipped 84: work_styles.tsv.gz: distinctiveness ranks (not shown)" in output


def test_a_second_run_changes_nothing(stored, files):
    run(files)
    before = snapshot()

    output = run(files)

    assert snapshot() == before
    assert "0 created, 0 updated" in output
    assert "Nothing changed: already up to date." in output


def test_a_changed_or_removed_row_is_updated_or_deleted(stored, files):
    run(files)
    change(files, WORK_STYLES, "Innovation\tWI\t-0.20", "Innovation\tWI\t0.20")
    change(files, INTERESTS, "43-9061.00\t1.B.1.g\tFirst Interest High-Point\tIH\t6.00",
           "43-9061.00\t1.B.1.g\tFirst Interest High-Point\tIH\t5.00")  # fmt: skip

    output = run(files)

    innovation = WorkStyleRating.objects.get(onet_occupation="43-9061.00", descriptor="1.D.1.a")
    assert innovation.impact == Decimal("0.20")
    clerks = InterestScore.objects.filter(onet_occupation="43-9061.00", high_point__isnull=False)
    assert [score.descriptor_id for score in clerks] == ["1.B.1.e"]
    assert "0 created, 3 updated" in output


BAD_VALUES = [
    (SKILLS, "43-9061.00\tOffice", "43-9061\tOffice", "o*net-soc code",
     "an O*NET-SOC code looks like 43-9061.00"),
    (SKILLS, "2.A.1.a\tReading", "2.C.1.a\tReading", "element id",
     "not an element of the content model's skill"),
    (KNOWLEDGE, "Administrative\tIM", "Admin\tIM", "element name",
     "the content model reference names 2.C.1.b 'Administrative'"),
    (SKILLS, "Reading Comprehension\tIM", "Reading Comprehension\tOI", "scale id",
     "expected one of IM, LV"),
    (SKILLS, "Importance\t3.75", "Importance\tthree", "data value", "not a number"),
    (SKILLS, "Importance\t3.75", "Importance\t5.25", "data value", "outside scale IM, 1 to 5"),
    (KNOWLEDGE, "Level\t6.5\t", "Level\t7.5\t", "data value", "outside scale LV, 0 to 7"),
    # 6.5 is a level two lines above: a value read once is still checked on each row's scale.
    (KNOWLEDGE, "Administrative\tIM\tImportance\t2.42", "Administrative\tIM\tImportance\t6.5",
     "data value", "outside scale IM, 1 to 5"),
    (SKILLS, "Importance\t3.75", "Importance\t3.755", "data value", "more than 2 decimal places"),
    (SKILLS, "\t08/2018\tAnalyst", "\t2018-08\tAnalyst", "date", "a month looks like 08/2024"),
    (KNOWLEDGE, "\t08/2018\tIncumbent", "\t13/2018\tIncumbent", "date",
     "a month looks like 08/2024"),
    (SKILLS, "\tN\tn/a\t", "\tno\tn/a\t", "recommend suppress", "expected one of N, Y, n/a"),
    (SKILLS, "\tN\tN\t", "\tN\tmaybe\t", "not relevant", "expected one of N, Y, n/a"),
    (INTERESTS, "Realistic\tOI\t2.92", "Realistic\tOI\t7.92", "data value",
     "outside scale OI, 1 to 7"),
    (INTERESTS, "Realistic\tOI", "Realistic\tIH", "data value",
     "a high point is a whole number 0 to 6 on an IH element"),
    (INTERESTS, "High-Point\tIH\t6.00", "High-Point\tIH\t5.50", "data value",
     "a high point is a whole number 0 to 6 on an IH element"),
    (INTERESTS, "High-Point\tIH", "High-Point\tOI", "scale id",
     "1.B.1.g is not one of the six interest areas"),
    (WORK_STYLES, "Innovation\tWI\t-0.20", "Innovation\tWI\t-3.20", "data value",
     "outside scale WI, -3 to 3"),
    (WORK_STYLES, "Innovation\tDR", "Innovation\tIM", "scale id", "expected one of DR, WI"),
    (WORK_STYLES, "1.D.1.a\tInnovation", "1.B.1.a\tInnovation", "element id",
     "not an element of the content model's work style"),
    (CONTENT_MODEL, "1.B.1.d\tSocial\tWork", "1.B.1.d\t\tWork", "element name",
     "cannot be empty"),
    (SCALES, "IM\tImportance\t1\t5", "IM\tImportance\t1\t7", "minimum",
     "the page shows scale IM as (1, 5)"),
    (SCALES, "LV\tLevel\t0\t7", "LV\tLevel\tzero\t7", "minimum", "not a whole number"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "old", "new", "column", "problem"), BAD_VALUES)
def test_a_bad_value_names_file_line_and_column_and_writes_nothing(
    stored, files, name, old, new, column, problem
):
    before = snapshot()
    line = change(files, name, old, new)

    with pytest.raises(CommandError) as error:
        run(files)

    assert f"{files / name}, line {line}, column {column}: {problem}" in str(error.value)
    assert "Nothing was imported." in str(error.value)
    assert snapshot() == before


def test_a_bad_reimport_leaves_what_is_stored(stored, files):
    run(files)
    before = snapshot()
    change(files, WORK_STYLES, "Innovation\tWI\t-0.20", "Innovation\tWI\t0.20")
    change(files, KNOWLEDGE, "Level\t6.5\t", "Level\t9\t")

    with pytest.raises(CommandError, match="outside scale LV"):
        run(files)

    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (SKILLS, "2.A.1.b\tActive Listening\tIM", "2.A.1.a\tReading Comprehension\tIM",
         "duplicate row: IM of 2.A.1.a for 11-1011.00."),
        (INTERESTS, "1.B.1.b\tInvestigative", "1.B.1.a\tRealistic",
         "duplicate row: 1.B.1.a of 11-1011.00 is above."),
        (WORK_STYLES, "1.D.1.b\tAchievement Orientation\tWI", "1.D.1.a\tInnovation\tWI",
         "duplicate row: 1.D.1.a of 11-1011.00 is above."),
        (CONTENT_MODEL, "1.A\tAbilities", "1\tAbilities", "duplicate row: 1 is above."),
        (SCALES, "CF\tFrequency", "AO\tFrequency", "duplicate row: scale AO is above."),
    ],
)  # fmt: skip
def test_duplicate_rows(stored, files, name, old, new, message):
    line = change(files, name, old, new)

    with pytest.raises(CommandError) as error:
        run(files)

    assert f"{files / name}, line {line}: {message}" in str(error.value)
    assert not SkillRating.objects.exists()


def test_an_importance_needs_its_level(stored, files):
    # The line of the importance row, whose level row is then removed.
    line = change(files, SKILLS, "\n43-9061.00\tOffice Clerks, General\t2.A.1.a",
                  "\n43-9061.00\tOffice Clerks, General\t2.A.1.a")  # fmt: skip
    change(files, SKILLS, "\n43-9061.00\tOffice Clerks, General\t2.A.1.a\tReading Comprehension\t"
           "LV\tLevel\t3.5\t8\t0.189\t3.1296\t3.8704\tN\tN\t08/2018\tAnalyst", "")  # fmt: skip

    with pytest.raises(CommandError) as error:
        run(files)

    assert (f"{files / SKILLS}, line {line}: 2.A.1.a of 43-9061.00 has no level (LV) row.") in str(
        error.value
    )


def test_a_high_point_needs_the_score_it_names(stored, files):
    change(files, INTERESTS, "43-9061.00\t1.B.1.f\tConventional\tOI\t6.83\t11/2023\t"
           "Machine Learning\n", "")  # fmt: skip
    line = change(files, INTERESTS, "43-9061.00\t1.B.1.g", "43-9061.00\t1.B.1.g")

    with pytest.raises(CommandError) as error:
        run(files)

    assert f"{files / INTERESTS}, line {line}: 43-9061.00 has no score for high point 6." in (
        str(error.value)
    )


def test_missing_columns_are_named(stored, files):
    change(files, KNOWLEDGE, "\tNot Relevant", "\tRelevant")

    with pytest.raises(CommandError, match="line 1: missing column not relevant"):
        run(files)


def test_a_missing_file(stored, files):
    (files / SKILLS).unlink()

    with pytest.raises(CommandError, match=f"No file {files / SKILLS}"):
        run(files)


def test_rows_of_occupations_not_stored_are_skipped_and_counted(files):
    output = run(files)

    assert not SkillRating.objects.exists() and not InterestScore.objects.exists()
    assert f"skipped 420: skills.tsv.gz: {UNUSED}" in output  # 6 occupations, 70 rows each
    assert "Nothing changed: already up to date." in output


def test_progress_is_a_line_per_step_on_stderr(stored, files, capfd):
    call_command("import_onet_traits", str(files), str(files / "onet_skills_29"))

    out, err = capfd.readouterr()
    assert err.splitlines() == [
        f"Reading {files / CONTENT_MODEL}...",
        f"Reading {files / SCALES}...",
        f"Reading {files / SKILLS}...",
        f"Reading {files / KNOWLEDGE}...",
        f"Reading {files / INTERESTS}...",
        f"Reading {files / WORK_STYLES}...",
        "Writing what changed...",
    ]
    assert "  work styles: 84 (84 new, 0 changed, 0 deleted)" in out
