"""import_career_clusters: O*NET's legacy (2023) career clusters, checked first, all or nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from occupations.models import CareerCluster
from tests.builders import make_occupation, make_onet

pytestmark = pytest.mark.django_db

HEADER = "Career Cluster,Career Pathway,Code,Occupation\n"
ROWS = [
    "Business Management & Administration,Administrative Support,43-9061.00,"
    '"Office Clerks, General"',
    '"Finance; Business Management & Administration",Accounting,43-3031.00,Bookkeepers',
    "Health Science,Support Services,31-1121.00,Home Health Aides",
    "Health Science,Therapeutic Services,29-1141.01,Acute Care Nurses",
    "Health Science,Therapeutic Services,99-9999.00,Not in the wage data",
]


@pytest.fixture
def wage_occupations():
    for code, title in [("43-9061", "Office Clerks, General"), ("29-1141", "Registered Nurses"),
                        ("43-3031", "Bookkeeping, Accounting, and Auditing Clerks")]:  # fmt: skip
        make_occupation(code, title)
    aides = make_occupation("31-1120", "Home Health and Personal Care Aides")
    make_onet(aides, "31-1121.00", "Home Health Aides")  # the crosswalk's part of 31-1120


def write(tmp_path, rows):
    path = tmp_path / "clusters.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n")
    return path


def run(path):
    out = StringIO()
    call_command("import_career_clusters", path, stdout=out, stderr=StringIO())
    return out.getvalue()


def members():
    return {
        cluster.name: (cluster.number, sorted(cluster.occupations.values_list("code", flat=True)))
        for cluster in CareerCluster.objects.all()
    }


def test_clusters_are_numbered_by_name_with_their_occupations(tmp_path, wage_occupations):
    output = run(write(tmp_path, ROWS))

    assert members() == {
        "Business Management & Administration": (1, ["43-3031", "43-9061"]),
        "Finance": (2, ["43-3031"]),  # a row may name several clusters
        "Health Science": (3, ["29-1141", "31-1120"]),  # a specialty, a combined occupation
    }
    assert list(CareerCluster.objects.order_by("number").values_list("bit", flat=True)) == [
        1, 2, 4,
    ]  # fmt: skip
    assert "5 rows read, 3 created, 0 updated, 0 unchanged, 1 skipped" in output
    assert "Nothing changed" in run(write(tmp_path, ROWS))


def test_a_changed_file_renumbers_and_moves_occupations(tmp_path, wage_occupations):
    run(write(tmp_path, ROWS))

    output = run(write(tmp_path, ["Agriculture,Pathway,43-9061.00,Office Clerks", *ROWS[2:4]]))

    assert members() == {
        "Agriculture": (1, ["43-9061"]),
        "Health Science": (2, ["29-1141", "31-1120"]),
    }
    assert "Import complete." in output


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("Finance,Accounting,43-3031,Bookkeepers", "column code"),
        (",Support,43-4171.00,Receptionists", "column career cluster"),
        ("Finance;;Marketing,Support,43-4171.00,Receptionists", "column career cluster"),
        ("Health Science,Therapeutic Services,43-9061.00,Twice", "duplicate row"),
    ],
)
def test_a_bad_row_names_its_line_and_writes_nothing(tmp_path, wage_occupations, row, problem):
    with pytest.raises(CommandError, match=problem) as error:
        run(write(tmp_path, [*ROWS, row]))

    assert "line 7" in str(error.value) and "Nothing was imported" in str(error.value)
    assert not CareerCluster.objects.exists()


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nowhere.csv")
