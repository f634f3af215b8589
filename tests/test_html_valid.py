"""Every public page type is valid HTML, checked by the Nu Html Checker (vnu.jar, with Java)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from guides.models import Role
from tests.builders import make_cluster, make_site

pytestmark = pytest.mark.django_db

VNU = Path(
    os.environ.get("VNU_JAR")
    or Path(__file__).resolve().parent.parent
    / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)
PAGES = [
    "/",
    "/careers/",
    "/careers/?q=office+clerk&education=high_school&sort=pay-high",
    "/careers/?pay_min=lots",
    "/careers/back-office-assistant/",
    "/careers/back-office-assistant/salaries/",
    "/careers/back-office-assistant/salaries/?state=CA&sort=-median",
    "/careers/office-clerks-general/",
    "/compare/?careers=back-office-assistant,office-clerks-general,no-such-career",
    "/careers/no-such-career/",
    "/careers/back-office-assistant/job-post/?level=2&state=CA",
    "/careers/back-office-assistant/job-post/?level=9",
    "/careers/back-office-assistant/embed/",
    "/occupations/",
    "/occupations/43-0000/",
    "/occupations/43-9000/",
    "/clusters/",
    "/clusters/business-management-administration/",
    "/fit/",
    "/fit/?education=high_school",
    "/fit/?skill=junk&tech=%00",
    "/careers/office-clerks-general/?education=none",
    "/careers/back-office-assistant/?education=bachelor&skill=junk",
]


@pytest.fixture
def site():
    make_site()  # the guide, the occupation page and official figures
    make_cluster("Business Management & Administration", 4, "43-9061")
    Role.objects.refresh_official_figures()


def test_public_pages_are_valid_html(client, site, tmp_path):
    if not (shutil.which("java") and VNU.is_file()):
        if os.environ.get("CI"):
            pytest.fail(f"the HTML checker is missing: java and {VNU} (see .ci/run)")
        pytest.skip(f"no Java or no {VNU}: npm install --prefix .cache/vnu vnu-jar")
    files = {}
    for number, url in enumerate(PAGES):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        path = tmp_path / f"page{number}.html"
        path.write_bytes(response.content)
        files[str(path)] = url

    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    problems = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
    ]
    assert not problems, "\n".join(problems)
