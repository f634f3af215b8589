"""Loading guide documents: stubs are filled in, written guides are never overwritten."""

import json

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from guides.models import Role
from tests.builders import make_draft, make_role

pytestmark = pytest.mark.django_db


def write_document(tmp_path, **fields):
    document = {"slug": "office-assistant", "title": "Office Assistant", "status": "published",
                "introduction": "Office assistants keep an office running.", **fields}  # fmt: skip
    path = tmp_path / f"{document['slug']}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_role_known_only_by_name_gets_its_guide(tmp_path):
    make_draft(title="Office Assistant", slug="office-assistant", introduction="")
    path = write_document(tmp_path, responsibilities=["Answer the phone."])

    call_command("load_guides", str(path), verbosity=0)

    role = Role.objects.published().get(slug="office-assistant")
    assert role.introduction_html == "<p>Office assistants keep an office running.</p>"
    assert [item.text for item in role.responsibilities.all()] == ["Answer the phone."]


def test_a_written_guide_is_left_as_the_editors_left_it(tmp_path, capsys):
    make_role(slug="office-assistant", introduction="Corrected by an editor.")
    path = write_document(tmp_path, introduction="The shipped text.")

    call_command("load_guides", str(path))

    assert Role.objects.get(slug="office-assistant").introduction == "Corrected by an editor."
    assert "office-assistant: unchanged" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"median_pay_currency": "XYZ"}, "ISO 4217"),
        ({"pay_range_low": 9, "pay_range_high": 1}, "low end of the pay range"),
        ({"steps": [{"unexpected": "shape"}]}, "steps"),
        ({"sections": {"no_such_kind": {"body": "x"}}}, "sections.no_such_kind"),
    ],
)
def test_a_bad_document_names_the_problem_and_loads_nothing(tmp_path, fields, message):
    path = write_document(tmp_path, **fields)

    with pytest.raises(CommandError, match=message):
        call_command("load_guides", str(path), verbosity=0)
    assert not Role.objects.filter(slug="office-assistant").exists()


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_guides", str(tmp_path / "missing.json"), verbosity=0)


def test_a_loaded_guide_has_its_first_version_in_the_history():
    call_command("load_guides", verbosity=0)
    role = Role.objects.get(slug="back-office-assistant")

    [version] = Version.objects.get_for_object(role)
    assert version.revision.get_comment() == "Loaded from back-office-assistant.json"
    models = {v.content_type.model for v in version.revision.version_set.all()}
    assert {"role", "section", "responsibility", "faq", "careerlevel"} <= models

    call_command("load_guides", verbosity=0)  # unchanged: no new version
    assert Version.objects.get_for_object(role).count() == 1


RELATED = [
    {"title": title, "slug": slug, "occupation": code}
    for title, slug, code in [
        ("Administrative Assistant", "administrative-assistant", "43-6014"),
        ("Business Office Assistant", "business-office-assistant", None),
        ("Office Assistant", "office-assistant", "43-9061"),
    ]
]


def test_related_careers_get_the_occupations_the_document_names(tmp_path):
    make_draft(title="Office Assistant", slug="office-assistant", introduction="",
               occupation_id="43-6011")  # an editor's choice  # fmt: skip
    path = write_document(tmp_path, slug="back-office-assistant", related=RELATED)

    call_command("load_guides", str(path), verbosity=0)

    occupations = dict(Role.objects.exclude(slug="back-office-assistant").values_list(
        "slug", "occupation"))  # fmt: skip
    assert occupations == {
        "administrative-assistant": "43-6014",  # created as a name, with its occupation
        "business-office-assistant": None,
        "office-assistant": "43-6011",  # the editor's, kept
    }
