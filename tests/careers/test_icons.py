"""
The icons beside the occupation groups and career clusters people browse by: each group and
cluster of the shipped data has its own, and the sprite (static/icons.svg) draws every one named.
"""

import csv
import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

from careers import icons

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


def shipped(path, column, keep=lambda row: True):
    with gzip.open(ROOT / path, "rt", newline="") as file:
        return {row[column] for row in csv.DictReader(file) if keep(row)}


def test_every_shipped_group_and_cluster_has_an_icon_of_its_own():
    groups = shipped(
        "fixtures/oews/oews_may2025_national.csv.gz",
        "OCC_CODE",
        lambda row: row["O_GROUP"] == "major",
    )
    clusters = {
        name.strip()
        for names in shipped("fixtures/onet/career_clusters_legacy_2023.csv.gz", "Career Cluster")
        for name in names.split(";")
    }
    assert len(groups) == 22 and len(clusters) == 16

    assert all(code[:2] in icons.GROUP_ICONS for code in groups)
    assert all(name in icons.CLUSTER_ICONS for name in clusters)
    # No two alike: each group's differs from every other group's, each cluster's likewise.
    assert len({icons.group_icon(code) for code in groups}) == len(groups)
    assert len({icons.cluster_icon(name) for name in clusters}) == len(clusters)
    assert icons.group_icon("99-0000") == icons.cluster_icon("A new cluster") == icons.FALLBACK


def test_the_sprite_draws_every_icon_named_and_only_those():
    sprite = ET.parse(ROOT / "static" / "icons.svg").getroot()
    symbols = {symbol.get("id"): symbol for symbol in sprite.iter(f"{SVG}symbol")}

    assert sorted(symbols) == icons.NAMES
    for name, symbol in symbols.items():
        assert symbol.get("viewBox") == "0 0 24 24", name
        drawn = [element.tag for element in symbol]
        assert drawn and f"{SVG}use" not in drawn, name  # its own drawing, not another's
    assert "ISC License" in (ROOT / "static" / "icons.svg").read_text()
