"""Suggestions as you type: the options, their order, the search boxes, bad input, cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guides.models import Role
from tests.builders import make_draft, make_occupation, make_onet, make_role

pytestmark = pytest.mark.django_db

SUGGEST = reverse("careers:suggest")
HTMX = {"HX-Request": "true", "HX-Target": "id_q-suggestions"}
# Roles whose title starts with the text; the first alternate titles starting with it, then
# the roles of their occupations (when there are such titles); roles with a word starting with
# each typed word (when a word has three letters or more). Whatever the number of roles.
QUERIES = 4
NO_ALTERNATE_TITLE_QUERIES = 3
SHORT_QUERIES = 2


def options(response):
    """The options' texts, without the highlighting marks."""
    found = re.findall(r'<a class="suggest__option"[^>]*>(.*?)</a>', response.text)
    return [re.sub(r"<[^>]+>", "", text) for text in found]


def suggest(client, text, headers=HTMX):
    response = client.get(SUGGEST, {"q": text}, headers=headers)
    assert response.status_code == 200
    return response


@pytest.fixture
def nurses():
    nurses = make_occupation("29-1141", "Registered Nurses")
    make_onet(nurses, "29-1141.00", "Registered Nurses", titles=["RN", "Staff Nurse"])
    make_role(title="Registered Nurses", slug="registered-nurses", occupation=nurses)
    make_role(title="Nursery Workers", slug="nursery-workers")
    make_role(title="Nurse Practitioners", slug="nurse-practitioners")
    make_role(title="Licensed Practical Nurses", slug="licensed-practical-nurses")
    make_role(title="Office Clerks, General", slug="office-clerks-general")
    make_draft(title="Nurse Anesthetists", slug="nurse-anesthetists")


def test_titles_starting_with_the_text_come_first(client, nurses):
    response = suggest(client, "nurse")

    assert options(response) == [
        "Nurse Practitioners",
        "Nursery Workers",
        "Licensed Practical Nurses",
        "Registered Nurses",
    ]
    assert 'href="/careers/nurse-practitioners/"' in response.text
    assert "<mark>Nurse</mark>" in response.text
    assert "<html" not in response.text


def test_every_typed_word_starts_a_word_of_the_title(client, nurses):
    assert options(suggest(client, "reg nur")) == ["Registered Nurses"]
    assert options(suggest(client, "Practical  nurse")) == ["Licensed Practical Nurses"]
    assert options(suggest(client, "urse")) == []  # inside a word is no start


def test_words_under_three_letters_only_start_titles(client, nurses, django_assert_num_queries):
    with django_assert_num_queries(SHORT_QUERIES):  # no alternate title starts with "nu"
        short = options(suggest(client, "nu"))
    assert short == ["Nurse Practitioners", "Nursery Workers"]
    assert options(suggest(client, "re nu")) == []
    assert options(suggest(client, "reg nu")) == ["Registered Nurses"]  # one word is enough


def test_a_title_starting_with_the_text_whatever_its_case_and_punctuation(client, nurses):
    assert options(suggest(client, "OFFICE CLERKS,")) == ["Office Clerks, General"]


def test_an_alternate_title_of_the_occupation_finds_its_roles(client, nurses):
    response = suggest(client, "rn")

    assert options(response) == ["Registered Nurses — also called RN"]
    assert 'href="/careers/registered-nurses/"' in response.text


def test_an_alternate_title_does_not_repeat_a_role_found_by_its_own_title(client, nurses):
    also_called = "Registered Nurses — also called Staff Nurse"
    assert options(suggest(client, "staff nurse")) == [also_called]
    assert options(suggest(client, "registered")) == ["Registered Nurses"]


def test_drafts_are_never_suggested(client, nurses):
    assert "Nurse Anesthetists" not in options(suggest(client, "nurse an"))
    assert options(suggest(client, "anesth")) == []


def test_at_most_eight_options(client):
    typists = make_occupation("43-9022", "Word Processors and Typists")
    make_onet(typists, "43-9022.00", "Word Processors and Typists", titles=["Clerk Typist"])
    for number in range(6):
        make_role(title=f"Clerk {number}")
        make_role(title=f"Senior Clerk {number}")
        make_role(title=f"Typist {number}", occupation=typists)

    assert options(suggest(client, "clerk")) == [
        *(f"Clerk {number}" for number in range(6)),
        "Typist 0 — also called Clerk Typist",
        "Typist 1 — also called Clerk Typist",
    ]


def test_options_are_named_after_the_list_they_fill(client, nurses):
    response = suggest(client, "nurse")

    assert re.findall(r'role="option" id="([^"]+)"', response.text) == [
        f"id_q-suggestions-{number}" for number in range(1, 5)
    ]
    # A target that is no element id gives plain ids, never its text.
    odd = suggest(client, "nurse", {"HX-Request": "true", "HX-Target": '"><b>'})
    assert 'id="suggestion-1"' in odd.text
    assert "<b>" not in odd.text


def test_nothing_typed_gives_no_options(client, nurses, django_assert_num_queries):
    for text in ("", "   ", "\x00\x07"):
        with django_assert_num_queries(0):
            response = suggest(client, text)
        assert options(response) == []


@pytest.mark.parametrize(
    "text",
    [
        "nurse\x00",
        "nu\x1frse",
        "x" * 10_000,
        "%",
        "_",
        "\\",
        "' OR 1=1 --",
        "(((",
        "[a-",
        "\u202enurse",
        "😀 nurse",
    ],
)
def test_odd_text_never_fails(client, nurses, text):
    response = suggest(client, text)

    assert response["Content-Type"].startswith("text/html")


def test_bytes_that_are_no_utf8_never_fail(client, nurses):
    response = client.get(f"{SUGGEST}?q=nurse%ED%A0%80%FF", headers=HTMX)

    assert response.status_code == 200


def test_wildcards_are_plain_characters(client, nurses):
    assert options(suggest(client, "%")) == []
    assert options(suggest(client, "_urse")) == []


def test_control_characters_are_left_out(client, nurses):
    assert options(suggest(client, "nur\x00se prac")) == [
        "Nurse Practitioners",
        "Licensed Practical Nurses",
    ]


def test_the_query_count_is_constant(client, nurses, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        suggest(client, "staff")
    nurses = Role.objects.get(slug="registered-nurses").occupation
    for number in range(20):
        make_role(title=f"Staff {number}")
        make_role(title=f"Nurse {number}", occupation=nurses)
    with django_assert_num_queries(QUERIES):
        suggest(client, "staff")
    with django_assert_num_queries(NO_ALTERNATE_TITLE_QUERIES):
        suggest(client, "nurse")
    with django_assert_num_queries(SHORT_QUERIES):
        suggest(client, "zz")


def test_without_htmx_the_endpoint_sends_people_to_the_search(client, nurses):
    response = client.get(SUGGEST, {"q": " nurse\x00 pr "})

    assert response.status_code == 302
    assert response["Location"] == "/careers/?q=nurse+pr"
    assert client.get(SUGGEST)["Location"] == "/careers/"
    assert "HX-Request" in response["Vary"]


def test_answers_vary_on_htmx(client, nurses):
    assert "HX-Request" in suggest(client, "nurse")["Vary"]


def test_only_read(client, nurses):
    assert client.post(SUGGEST, {"q": "nurse"}, headers=HTMX).status_code == 405


def test_the_fragment_is_kept_per_text(client, nurses, settings):
    settings.CACHE_PAGES = True
    suggest(client, "nurse")
    with CaptureQueriesContext(connection) as again:
        response = suggest(client, "nurse")

    assert not [query for query in again.captured_queries if "guides_role" in query["sql"]]
    assert options(response)[0] == "Nurse Practitioners"


@pytest.mark.parametrize(("url", "box"), [("/", "home-q"), ("/careers/", "id_q")])
def test_search_boxes_are_comboboxes_that_ask_for_suggestions(client, nurses, url, box):
    response = client.get(url)

    assert response.status_code == 200
    text = response.text
    tag = re.search(rf'<input type="text" name="q" id="{box}"[^>]*>', text)[0]
    assert 'role="combobox"' in tag
    assert 'aria-autocomplete="list"' in tag
    assert 'aria-expanded="false"' in tag
    assert f'aria-controls="{box}-suggestions"' in tag
    assert f'data-hx-get="{SUGGEST}"' in tag
    assert re.search(rf'<div id="{box}-suggestions" class="suggest__list" role="listbox"', text)
    assert f'id="{box}-suggestions-status" class="visually-hidden" role="status"' in text
    assert "/static/js/suggest" in text
    assert "/static/django_htmx/htmx-2" in text
