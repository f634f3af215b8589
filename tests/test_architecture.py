"""The apps build on each other one way (the layers in pyproject.toml's import-linter contract):
careerguide serves them all; occupations, then salaries (official data) know nothing of guides;
guides (the editorial content) builds on them, the public site (careers) on guides, and the API
sits on top."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["careerguide", "occupations", "salaries", "guides", "careers", "api"]


def test_no_import_goes_against_the_layers():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [lint, "--config", "pyproject.toml", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_every_app_is_in_the_layers():
    ours = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"careerguide"}
    assert ours == set(APPS)
