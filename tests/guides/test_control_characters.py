"""Control characters pasted in from word processors (a vertical tab, a form feed) are cleaned
from text when an editor saves it or a guide is imported, and never break the XML feed."""

import json
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.urls import reverse

from guides.loading import dump_document, export_document
from guides.models import Role
from tests.admin_forms import SAVE_AND_PUBLISH, change_form_data
from tests.builders import make_faq, make_role, make_section

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_admin_saves_text_without_control_characters(admin_client):
    role = make_role(title="Office Clerk", introduction="Hello.")
    url = reverse("admin:guides_role_change", args=[role.pk])
    data = change_form_data(
        admin_client.get(url),
        title="Office\x0bClerk\x07",
        introduction="Line one.\r\nLine\x0c two.\tTabbed.",
        **SAVE_AND_PUBLISH,
    )

    assert admin_client.post(url, data).status_code == 302

    role.refresh_from_db()
    assert role.title == "OfficeClerk"
    assert role.introduction == "Line one.\nLine two.\tTabbed."  # the browser's CRLF as LF
    assert "\x0c" not in role.introduction_html


def test_an_imported_guide_is_saved_without_control_characters(tmp_path):
    role = make_role(title="Imported Clerk", slug="imported-clerk", introduction="Hi.")
    make_section(role)
    make_faq(role, question="Is it calm?", answer="Mostly.")
    document = export_document(role)
    document["faqs"][0]["question"] = "Is it\x0b calm?"
    document["sections"]["overview"]["body"] = "Busy\x1b days."
    path = tmp_path / "guide.json"
    path.write_text(dump_document(document), encoding="utf-8")
    assert "\\u000b" in path.read_text()  # JSON writes it escaped; it is in the document

    call_command("import_guide", str(path), verbosity=0)

    role.refresh_from_db()
    assert role.faqs.get().question == "Is it calm?"
    assert role.sections.get().body == "Busy days."


def test_the_feed_reads_a_title_stored_with_a_control_character(client):
    role = make_role(title="Feed Clerk", introduction="A guide.")
    Role.objects.filter(pk=role.pk).update(title="Feed\x0bClerk")  # stored before cleaning

    response = client.get("/feeds/careers/")

    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["FeedClerk"]


def test_the_guide_document_keeps_tabs_and_line_breaks_as_lf():
    role = make_role(title="Tabbed", introduction="One\ttwo\nthree\r\nfour\rfive")
    role.full_clean(exclude=["occupation"])
    assert json.loads(dump_document(export_document(role)))["introduction"] == (
        "One\ttwo\nthree\nfour\nfive"
    )
