"""
Moving one whole guide as a file: `export_guide` writes it, `import_guide` reads it back.

Exporting, importing and exporting again gives the same bytes; an import replaces every part
of the guide; a bad file names its problem and writes nothing.
"""

import json
import re
from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from reversion.models import Revision, Version

from guides.loading import DOCUMENT_KEYS
from guides.models import (
    FAQ,
    CareerLevel,
    ChangeNote,
    CountrySalary,
    Industry,
    LevelSalary,
    ProCon,
    RelatedRole,
    Responsibility,
    Role,
    RoleIndustry,
    Section,
    Skill,
    Step,
)
from tests.builders import (
    make_career_level,
    make_country_salary,
    make_draft,
    make_faq,
    make_pro_con,
    make_responsibility,
    make_role,
    make_section,
    make_skill,
    make_step,
)

pytestmark = pytest.mark.django_db

SLUG = "back-office-assistant"
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "guides" / f"{SLUG}.json"

COUNTED_MODELS = [
    Role, Industry, RoleIndustry, Section, Responsibility, Skill, Step, CareerLevel,
    LevelSalary, CountrySalary, ProCon, FAQ, RelatedRole, ChangeNote, Revision, Version,
]  # fmt: skip

DERIVED_OR_IDS = {
    "id", "pk", "role", "career_level", "order", "introduction_html", "body_html",
    "search_body", "search_vector", "official_median", "soc_major_group", "guide_written",
    "created_at", "updated_at", "is_demo",
}  # fmt: skip


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


def export(slug=SLUG):
    """The document export_guide writes to standard output, as text."""
    out = StringIO()
    call_command("export_guide", slug, stdout=out)
    return out.getvalue()


def import_guide(path):
    out = StringIO()
    call_command("import_guide", str(path), stdout=out)
    return out.getvalue()


def write(tmp_path, document, name=f"{SLUG}.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def all_keys(value):
    """Every key of every object in a JSON value, however deep."""
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in all_keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in all_keys(item)}
    return set()


@pytest.fixture
def shipped():
    """The database after `load_guides`: the shipped guide and the roles it links to."""
    call_command("load_guides", verbosity=0)
    return Role.objects.get(slug=SLUG)


@pytest.fixture
def document(shipped):
    """The shipped guide as export_guide writes it, parsed."""
    return json.loads(export())


def small_guide(**overrides):
    """A whole guide document for a role that does not exist yet, with one of every part."""
    return {
        "slug": "data-clerk",
        "title": "Data Clerk",
        "status": "draft",
        "published_at": None,
        "occupation": "43-9021",
        "introduction": "Data clerks keep records *right*.",
        "alternative_titles": "Data Entry Clerk\nRecords Clerk",
        "median_pay": 39000,
        "median_pay_currency": "USD",
        "median_pay_source": "BLS, May 2024",
        "median_pay_year": 2024,
        "pay_range_low": 30000,
        "pay_range_high": 50000,
        "pay_range_open_ended": False,
        "growth_percent": "-2.5",
        "growth_label": "declining",
        "growth_period_start": 2024,
        "growth_period_end": 2034,
        "growth_source": "BLS projections",
        "annual_openings": None,
        "annual_openings_approximate": False,
        "annual_openings_source": "",
        "typical_education": "High school diploma",
        "education_level": "high_school",
        "last_reviewed": "2026-03-01",
        "industries": [{"slug": "public-sector", "name": "Public Sector"}],
        "sections": {"overview": {"heading": "", "body": "Clerks enter data."}},
        "responsibilities": ["Enter spreadsheets of figures."],
        "skills": {"soft": [{"name": "Accuracy", "text": "Every digit counts."}]},
        "steps": ["Learn to type fast."],
        "career_levels": [
            {
                "title": "Data Clerk",
                "years_from": 0,
                "years_to": None,
                "description": "Enters data.",
                "focus_areas": "Speed.",
                "salary": None,
            }
        ],
        "country_salaries": [
            {
                "country": "Ireland",
                "currency": "EUR",
                "low": 25000,
                "high": 32000,
                "usd_low": 27000,
                "usd_high": 35000,
                "source": "Survey",
                "year": 2025,
            },
        ],  # fmt: skip
        "pros": ["Quiet work."],
        "cons": ["Repetitive."],
        "faqs": [{"question": "Is it remote?", "answer": "Often."}],
        "related": [{"slug": "office-clerk", "title": "Office Clerk"}],
        "change_log": [{"date": "2026-03-01", "text": "Guide written."}],
        **overrides,
    }


# --- export -----------------------------------------------------------------------------------


def test_export_holds_the_whole_shipped_guide(shipped, document):
    assert list(document) == DOCUMENT_KEYS
    shipped_document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    # Everything the shipped document says comes back as it was written ...
    for key, value in shipped_document.items():
        if key != "industries":
            assert document[key] == value, key
    # ... with the industries by slug and name, and what the database added.
    assert document["industries"] == [
        {"slug": "financial-services", "name": "Financial Services"},
        {"slug": "healthcare", "name": "Healthcare"},
        {"slug": "legal-services", "name": "Legal Services"},
        {"slug": "corporate-offices", "name": "Corporate Offices"},
    ]
    assert document["published_at"] == shipped.published_at.isoformat()
    assert document["last_reviewed"] is None
    assert document["change_log"] == []
    assert document["career_levels"][4]["years_to"] is None
    assert document["career_levels"][4]["salary"] == {
        "median": 90000, "average": 95000, "currency": "USD",
        "source": "Guide estimate (salary by experience level)", "year": 2025,
    }  # fmt: skip


def test_export_holds_no_ids_and_nothing_derived(document):
    assert not all_keys(document) & DERIVED_OR_IDS
    assert "<p>" not in json.dumps(document)  # no rendered HTML


def test_export_file_is_stable_utf8_text(shipped, tmp_path):
    path = tmp_path / "out.json"
    out = StringIO()
    call_command("export_guide", SLUG, "-o", str(path), stdout=out)

    text = path.read_text(encoding="utf-8")
    assert text == export()  # the same bytes as standard output
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text.startswith('{\n  "slug": "back-office-assistant",\n  "title": ')
    assert "£22,000" in text and "résumés" in text
    assert not re.search(r"\\u[0-9a-f]{4}", text)
    assert f"{SLUG}: written to {path}" in out.getvalue()


def test_export_of_an_unknown_slug_fails_clearly():
    with pytest.raises(CommandError, match="No role has the slug 'no-such-guide'"):
        export("no-such-guide")


def test_export_to_a_folder_that_does_not_exist_fails_clearly(shipped, tmp_path):
    path = tmp_path / "missing" / "out.json"
    with pytest.raises(CommandError, match=rf"{re.escape(str(path))}: cannot be written"):
        call_command("export_guide", SLUG, "-o", str(path))


def test_export_writes_the_change_log_oldest_first_and_skills_by_kind():
    role = make_role(slug="clerk", last_reviewed=date(2026, 2, 1))
    ChangeNote.objects.create(role=role, date=date(2026, 2, 1), text="Salaries updated.")
    ChangeNote.objects.create(role=role, date=date(2025, 6, 1), text="Guide written.")
    ChangeNote.objects.create(role=role, date=date(2026, 2, 1), text="FAQ added.")
    make_skill(role, kind=Skill.Kind.SOFT, text="Patience")
    make_skill(role, kind=Skill.Kind.EDUCATION, text="Diploma")

    document = json.loads(export("clerk"))

    assert document["last_reviewed"] == "2026-02-01"
    assert document["change_log"] == [
        {"date": "2025-06-01", "text": "Guide written."},
        {"date": "2026-02-01", "text": "Salaries updated."},
        {"date": "2026-02-01", "text": "FAQ added."},
    ]
    assert list(document["skills"]) == ["education", "soft"]


# --- round trips ------------------------------------------------------------------------------


def test_importing_the_export_over_itself_gives_the_same_bytes(shipped, tmp_path):
    first = export()
    path = tmp_path / f"{SLUG}.json"
    path.write_text(first, encoding="utf-8")
    before = counts()

    output = import_guide(path)

    assert f"{SLUG}: updated" in output
    assert export() == first
    after = counts()
    assert after.pop("Revision") == before.pop("Revision") + 1
    assert after.pop("Version") > before.pop("Version")
    assert after == before


def test_importing_the_export_into_a_database_without_the_guide_gives_the_same_bytes(
    shipped, tmp_path
):
    first = export()
    path = tmp_path / f"{SLUG}.json"
    path.write_text(first, encoding="utf-8")
    shipped.delete()
    assert not Section.objects.exists()

    output = import_guide(path)

    assert f"{SLUG}: created" in output
    assert export() == first
    role = Role.objects.get(slug=SLUG)
    assert role.introduction_html.startswith("<p>A Back Office Assistant plays")
    assert "Process and verify financial transactions" in role.search_body
    assert role.is_published


def test_a_guide_with_every_kind_of_value_survives_the_round_trip(tmp_path):
    make_draft(slug="office-clerk", title="Office Clerk", introduction="")
    role = make_role(
        slug="clerk",
        published_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
        last_reviewed=date(2026, 2, 1),
        occupation_id="43-9061",
        growth_percent="-3.5",
        growth_source="BLS",
    )
    make_section(role, heading="What a clerk does", body="Files *things*.")
    make_responsibility(role)
    make_skill(role, kind=Skill.Kind.SOFT, name="Patience", text="Waits well.")
    make_skill(role, kind=Skill.Kind.TECHNICAL)
    make_step(role)
    make_career_level(role)
    make_career_level(role, with_salary=False, years_to=None)
    make_country_salary(role, country="Österreich")
    make_pro_con(role, kind=ProCon.Kind.CON)
    make_faq(role)
    RelatedRole.objects.create(role=role, related=Role.objects.get(slug="office-clerk"), order=1)
    ChangeNote.objects.create(role=role, date=date(2026, 2, 1), text="Salaries updated.")
    ChangeNote.objects.create(role=role, date=date(2026, 2, 1), text="FAQ added.")
    first = export("clerk")
    path = tmp_path / "clerk.json"
    path.write_text(first, encoding="utf-8")

    import_guide(path)
    assert export("clerk") == first
    role.delete()
    import_guide(path)
    assert export("clerk") == first

    document = json.loads(first)
    assert document["published_at"] == "2026-01-02T03:04:05.678901+00:00"
    assert document["growth_percent"] == "-3.5"
    assert document["occupation"] == "43-9061"
    assert document["career_levels"][1]["salary"] is None
    assert document["pros"] == [] and document["cons"] == ["con 1"]


def test_load_guides_reads_an_exported_guide_too(shipped, tmp_path):
    first = export()
    path = tmp_path / f"{SLUG}.json"
    path.write_text(first, encoding="utf-8")
    shipped.delete()

    call_command("load_guides", str(path), verbosity=0)

    assert export() == first


# --- importing --------------------------------------------------------------------------------


def test_importing_a_new_guide_creates_it(tmp_path):
    office_clerk = make_draft(slug="office-clerk", title="Office Clerk", introduction="")
    path = write(tmp_path, small_guide(), name="data-clerk.json")

    output = import_guide(path)

    assert "data-clerk: created" in output
    role = Role.objects.get(slug="data-clerk")
    assert (role.title, role.status, role.published_at) == ("Data Clerk", "draft", None)
    assert role.introduction_html == "<p>Data clerks keep records <em>right</em>.</p>"
    assert role.occupation_id == "43-9021"
    assert str(role.growth_percent) == "-2.5"
    assert role.last_reviewed == date(2026, 3, 1)
    assert [industry.slug for industry in role.industries.all()] == ["public-sector"]
    assert role.sections.get().body_html == "<p>Clerks enter data.</p>"
    assert list(role.skills.values_list("kind", "order", "name")) == [("soft", 1, "Accuracy")]
    assert role.career_levels.get().years_to is None
    assert not LevelSalary.objects.exists()
    assert role.country_salaries.get().usd_high == 35000
    assert list(role.pros_cons.values_list("kind", "text")) == [
        ("con", "Repetitive."), ("pro", "Quiet work."),
    ]  # fmt: skip
    assert [link.related for link in role.related_links.all()] == [office_clerk]
    assert list(role.change_notes.values_list("date", "text")) == [
        (date(2026, 3, 1), "Guide written.")
    ]
    assert "Enter spreadsheets of figures." in role.search_body
    assert "Accuracy Every digit counts." in role.search_body


def test_importing_over_a_guide_replaces_every_part(shipped, document, tmp_path):
    other_guide_faqs = FAQ.objects.exclude(role=shipped).count()
    removed_question = document["faqs"][1]["question"]
    document["title"] = "Back Office Assistant (revised)"
    del document["faqs"][1]
    del document["sections"]["visa"]
    document["steps"] = ["Apply."]
    document["skills"] = {"technical": [{"name": "Excel", "text": "Formulas."}]}
    document["career_levels"][0]["salary"] = None
    document["industries"] = [{"slug": "healthcare", "name": "Healthcare"}]
    document["related"] = document["related"][2:]
    document["change_log"] = [{"date": "2026-04-01", "text": "Revised."}]
    path = write(tmp_path, document)

    output = import_guide(path)

    assert f"{SLUG}: updated" in output
    role = Role.objects.get(slug=SLUG)
    assert role.pk == shipped.pk
    assert role.title == "Back Office Assistant (revised)"
    assert role.faqs.count() == 7
    assert not role.faqs.filter(question=removed_question).exists()
    assert FAQ.objects.count() == 7 + other_guide_faqs
    assert list(role.faqs.values_list("order", flat=True)) == list(range(1, 8))
    assert not role.sections.filter(kind="visa").exists()
    assert role.sections.count() == len(Section.Kind) - 1  # the shipped guide has every kind
    assert list(role.steps.values_list("text", flat=True)) == ["Apply."]
    assert list(role.skills.values_list("kind", "name")) == [("technical", "Excel")]
    assert not LevelSalary.objects.filter(career_level__role=role, career_level__order=1).exists()
    assert LevelSalary.objects.filter(career_level__role=role).count() == 4
    assert [industry.slug for industry in role.industries.all()] == ["healthcare"]
    assert Industry.objects.filter(slug="legal-services").exists()  # shared; kept
    assert [link.related.slug for link in role.related_links.all()] == [
        "business-office-assistant", "office-administrative-assistant", "office-assistant",
    ]  # fmt: skip
    assert list(role.change_notes.values_list("text", flat=True)) == ["Revised."]
    assert "Formulas." in role.search_body
    assert json.loads(export()) == document


def test_an_import_is_recorded_in_the_guides_history(shipped, document, tmp_path):
    del document["faqs"][0]
    path = write(tmp_path, document, name="revised-guide.json")

    import_guide(path)

    role = Role.objects.get(slug=SLUG)
    versions = Version.objects.get_for_object(role)  # newest first
    assert [version.revision.comment for version in versions] == [
        "Imported from revised-guide.json",
        "Loaded from back-office-assistant.json",
    ]
    revision = versions.first().revision
    # The revision holds the guide as imported: every current part, and no deleted one.
    faq_versions = revision.version_set.filter(content_type__model="faq")
    assert sorted(int(version.object_id) for version in faq_versions) == sorted(
        role.faqs.values_list("pk", flat=True)
    )
    assert revision.version_set.filter(content_type__model="levelsalary").count() == 5
    assert revision.version_set.filter(content_type__model="section").count() == len(Section.Kind)


# --- bad files --------------------------------------------------------------------------------


def _set(path, value):
    """A change to the exported document: set the value at `path` (keys and list indexes)."""

    def change(document):
        *parents, last = path
        target = document
        for key in parents:
            target = target[key]
        target[last] = value

    return change


def _delete(path):
    def change(document):
        *parents, last = path
        target = document
        for key in parents:
            target = target[key]
        del target[last]

    return change


BAD_DOCUMENTS = [
    (_delete(["faqs"]), "the guide: missing key(s): faqs."),
    (_set(["introducton"], "Typo."), "the guide: unknown key(s): introducton"),
    (_delete(["career_levels", 1, "years_to"]), "career_levels[2]: missing key(s): years_to."),
    (_set(["faqs", 0, "answr"], "?"), "faqs[1]: unknown key(s): answr"),
    (_set(["career_levels", 0, "salary", "bonus"], 1), "career_levels[1].salary: unknown key"),
    (_set(["sections", "tools", "title"], "x"), "sections.tools: unknown key(s): title"),
    (_set(["steps"], "Apply."), "steps: expected a list."),
    (_set(["responsibilities", 2], {"text": "x"}), "responsibilities[3]: expected text."),
    (_set(["faqs", 0], "Q?"), "faqs[1]: expected an object with the keys question, answer."),
    (_set(["title"], ["Two", "titles"]), "title: expected a single value"),
    (
        _set(["related", 4, "slug"], "no-such-role"),
        "related[5].slug: no role has the slug 'no-such-role'",
    ),
    (_set(["related", 0, "slug"], SLUG), "related[1].related: A role cannot be related to itself"),
    (_set(["career_levels", 1, "years_to"], 1), "career_levels[2].years_to: "),
    (_set(["career_levels", 0, "salary", "median"], -5), "career_levels[1].salary.median: "),
    (_set(["median_pay_currency"], "XYZ"), "median_pay_currency: XYZ is not an ISO 4217"),
    (_set(["pay_range_low"], 90000), "pay_range_high: "),
    (_set(["status"], "archived"), "status: Value 'archived' is not a valid choice."),
    (_set(["sections", "no_such_kind"], {"heading": "", "body": "x"}), "sections.no_such_kind"),
    (_set(["skills", "soft", 0, "text"], ""), "skills.soft[1].text: This field cannot be blank"),
    (_set(["faqs", 7, "question"], "x" * 301), "faqs[8].question: "),
    (_set(["country_salaries", 8, "low"], 99999), "country_salaries[9].high: "),
    (
        _set(["industries", 0, "name"], "Finance"),
        "industries[1].name: the industry 'financial-services' is named 'Financial Services' in "
        "the database, not 'Finance'.",
    ),
    (
        _set(["change_log"], [{"date": "2026-13-01", "text": "Bad month."}]),
        "change_log[1].date: ",
    ),
    (_set(["published_at"], "yesterday"), "published_at: "),
]


@pytest.mark.parametrize(("change", "message"), BAD_DOCUMENTS)
def test_a_bad_document_names_the_problem_and_changes_nothing(
    shipped, document, tmp_path, change, message
):
    change(document)
    path = write(tmp_path, document)
    before, exported = counts(), export()

    with pytest.raises(CommandError) as error:
        import_guide(path)

    assert message in str(error.value)
    assert str(error.value).startswith(f"{path}")
    assert str(error.value).endswith("Nothing was imported.")
    assert counts() == before
    assert export() == exported


def test_a_bad_new_guide_creates_nothing(tmp_path):
    path = write(tmp_path, small_guide(), name="data-clerk.json")  # office-clerk does not exist
    before = counts()

    with pytest.raises(CommandError, match=re.escape("related[1].slug: no role has the slug")):
        import_guide(path)

    assert counts() == before
    assert not Role.objects.filter(slug="data-clerk").exists()
    assert not Industry.objects.filter(slug="public-sector").exists()


# The file's content, and what the message says after the file's name.
BAD_FILES = [
    ('{\n  "slug": "broken",\n  "title": "Broken"\n  "status": "draft"\n}\n',
     ", line 4, column 3: not valid JSON (Expecting ',' delimiter)."),
    ("[]", ": a guide document is an object with a slug."),
    ('{"title": "No slug"}', ": a guide document is an object with a slug."),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_a_file_that_is_not_a_guide_document_is_refused(shipped, tmp_path, text, message):
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    before, exported = counts(), export()

    with pytest.raises(CommandError) as error:
        import_guide(path)

    assert str(error.value) == f"{path}{message} Nothing was imported."
    assert counts() == before
    assert export() == exported


def test_a_file_that_cannot_be_read_is_named(shipped, tmp_path):
    before = counts()
    not_utf8 = tmp_path / "latin1.json"
    not_utf8.write_bytes('{"slug": "caf\u00e9"}'.encode("latin-1"))

    with pytest.raises(CommandError, match=re.escape(f"{tmp_path / 'missing.json'}: no such")):
        import_guide(tmp_path / "missing.json")
    with pytest.raises(CommandError, match=re.escape(f"{tmp_path}: cannot be read")):
        import_guide(tmp_path)
    with pytest.raises(CommandError, match=re.escape(f"{not_utf8}: not UTF-8 text")):
        import_guide(not_utf8)
    assert counts() == before


def test_the_shipped_document_is_not_whole_enough_to_replace_a_guide(shipped):
    """It leaves out the change log and more: importing it would silently drop them."""
    before = counts()
    with pytest.raises(CommandError, match=re.escape("missing key(s): published_at, ")):
        import_guide(FIXTURE)
    assert counts() == before


def test_an_import_changes_no_other_guide(shipped, document, tmp_path):
    other = make_role(slug="other-guide")
    make_faq(other)
    ChangeNote.objects.create(role=other, date=date(2026, 1, 1), text="Written.")
    other_before = export("other-guide")
    document["faqs"] = []
    document["change_log"] = []

    import_guide(write(tmp_path, document))

    assert export("other-guide") == other_before
