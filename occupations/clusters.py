"""
Read and import O*NET's legacy career clusters (career_clusters_legacy_2023.csv: Career
Cluster, Career Pathway, Code, Occupation), the 16-cluster framework O*NET OnLine showed in
2023, not the 2024 framework.

A row is an O*NET occupation; its Career Cluster cell may name several clusters ("Finance;
Marketing"), each taken once. An O*NET occupation belongs to the wage data's occupation of its
first seven characters (17-2051.02 Water/Wastewater Engineers to 17-2051), or, for one the wage
data combines (31-1121.00 Home Health Aides), to the occupations the O*NET crosswalk gives it.
The pathways are not kept: nothing shows them yet.

Reading checks every row before anything is written; writing compares with what is stored, so
a second run changes nothing.
"""

import re

from django.db import transaction

from careerguide import catalogue
from occupations.datafiles import DataFileError, Row, read_rows
from occupations.models import CareerCluster, Occupation

ONET_CODE = re.compile(r"\d\d-\d{4}\.\d\d")
COLUMNS = ["career cluster", "career pathway", "code", "occupation"]
MOST_CLUSTERS = 30  # the bits of Role.official_clusters that a cluster's number may take
NO_OCCUPATION = "O*NET occupations of no occupation the wage data has"


def read_clusters(path, summary):
    """{cluster name: {SOC codes}} from the file, every row checked first."""
    known = set(Occupation.objects.detailed().values_list("code", flat=True))
    combined = dict(
        Occupation.objects.detailed()
        .filter(onet_occupations__isnull=False)
        .values_list("onet_occupations__code", "code")
    )
    clusters, seen = {}, set()
    for where, record in read_rows(path, COLUMNS, "a career clusters file"):
        summary.rows_read += 1
        row = Row(where, record)
        code = row.text("code", 10, required=True)
        if not ONET_CODE.fullmatch(code):
            row.fail("code", "an O*NET-SOC code looks like 43-9061.00")
        if code in seen:
            raise DataFileError(f"{where}: duplicate row: {code} is above.")
        seen.add(code)
        names = {name.strip() for name in row.text("career cluster", 300, True).split(";")}
        if "" in names or any(len(name) > 100 for name in names):
            row.fail("career cluster", "expected cluster names, separated by semicolons")
        occupation = code[:7] if code[:7] in known else combined.get(code)
        if occupation is None:
            summary.skipped[NO_OCCUPATION] += 1
            continue
        for name in names:
            clusters.setdefault(name, set()).add(occupation)
    if len(clusters) > MOST_CLUSTERS:
        raise DataFileError(f"{path}: {len(clusters)} clusters, more than {MOST_CLUSTERS}.")
    return clusters


@transaction.atomic
def import_clusters(clusters, summary):
    """Store the clusters, numbered by name, with their occupations; only what changed. When
    the names change, the numbers do: the clusters are stored anew."""
    numbers = {name: number for number, name in enumerate(sorted(clusters), start=1)}
    stored = dict(CareerCluster.objects.values_list("name", "number"))
    if stored and stored != {name: numbers.get(name) for name in stored}:
        summary.updated += (
            CareerCluster.objects.all().delete()[1].get(CareerCluster._meta.label, 0)
        )
    for name, number in numbers.items():
        cluster, created = CareerCluster.objects.get_or_create(
            name=name, defaults={"number": number, "bit": 1 << (number - 1)}
        )
        if created:
            summary.created += 1
        elif set(cluster.occupations.values_list("code", flat=True)) == clusters[name]:
            summary.unchanged += 1
            continue
        else:
            summary.updated += 1
        cluster.occupations.set(Occupation.objects.filter(code__in=clusters[name]))
    if summary.created or summary.updated:
        catalogue.changed()
