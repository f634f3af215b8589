"""
Suggestions as you type: a few published careers for the first letters of a search.

The search boxes ask careers:suggest as people type (templates/careers/search_box.html,
static/js/suggest.js); choosing one opens that career, and the search itself is unchanged. Best
first: roles whose title starts with the text; then roles whose occupation O*NET also calls by
a title starting with it ("charge n": Registered Nurses, also called Charge Nurse); then roles
whose title has a word starting with each typed word ("reg nur"), when one of them has three
letters or more. At most four small queries whatever the number of roles, each read from an
index on PostgreSQL (migration guides 0018): the lower-cased titles in byte order ("C"
collation) serve both `LIKE 'text%'` and the order, so the first rows found are the
answer; the word starts use the title's trigram index.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Collate, Lower

from guides.models import Role, without_control_characters
from guides.search import MAX_QUERY_LENGTH, words
from occupations.models import AlternateTitle

LIMIT = 8
MIN_WORD = 3  # pg_trgm's trigrams: shorter words alone cannot use guides_role_title_trgm_idx
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Suggestion:
    title: str
    url: str
    also_called: str = ""


def clean(text):
    """The typed text as it is matched: no control characters, single spaces, at most
    MAX_QUERY_LENGTH characters (the search box's own limit)."""
    text = _SPACES.sub(" ", without_control_characters(text or "")).strip()
    return text[:MAX_QUERY_LENGTH].strip()


def suggest(text):
    """Up to LIMIT suggestions for `text` (cleaned), best first; none for no text."""
    if not text:
        return []
    prefix = text.lower()
    found = {}
    for role, also_called in [
        *((role, "") for role in _titles_starting(prefix)),
        *_also_called(prefix),
        *((role, "") for role in _titles_with_words(words(text))),
    ]:
        if role.pk not in found:
            found[role.pk] = Suggestion(role.title, role.get_absolute_url(), also_called)
    return list(found.values())[:LIMIT]


def _lower_title(field="title"):
    """The lower-cased title in byte order: on PostgreSQL, the expression that the indexes of
    migration guides 0018 hold (SQLite's own order is bytes already)."""
    return Collate(Lower(field), "C" if connection.vendor == "postgresql" else "BINARY")


def _titles_starting(prefix):
    return list(
        Role.objects.published()
        .alias(lower_title=_lower_title())
        .filter(lower_title__startswith=prefix)
        .order_by("lower_title")
        .only("title", "slug")[:LIMIT]
    )


def _titles_with_words(typed):
    """Roles whose title has a word starting with each typed word, in title order; none when
    no word has MIN_WORD letters, which the trigram index needs (a seq scan instead)."""
    if not any(len(word) >= MIN_WORD for word in typed):
        return []
    # A word's start: PostgreSQL's \m; SQLite's REGEXP is Python's re, where it is \b.
    start = r"\m" if connection.vendor == "postgresql" else r"\b"
    condition = Q()
    for word in typed:
        condition &= Q(title__iregex=start + re.escape(word))
    return list(Role.objects.published().filter(condition).only("title", "slug")[:LIMIT])


def _also_called(prefix):
    """(role, the alternate title) for published roles whose occupation O*NET also calls by one
    of the first LIMIT titles starting with `prefix`, in the order of those titles."""
    # The titles first, from the index: in one query with the roles, PostgreSQL reads every
    # title in the index's order to keep the order of the titles, not just the first few.
    first_titles = list(
        AlternateTitle.objects.alias(lower_title=_lower_title())
        .filter(lower_title__startswith=prefix)
        .order_by("lower_title")
        .values_list("pk", flat=True)[:LIMIT]
    )
    if not first_titles:
        return []
    also_called = "occupation__onet_occupations__titles__title"
    return [
        (role, role.also_called)
        for role in Role.objects.published()
        .filter(occupation__onet_occupations__titles__in=first_titles)
        .annotate(also_called=F(also_called), lower_also_called=_lower_title(also_called))
        .order_by("lower_also_called", "title")
        .only("title", "slug")[:LIMIT]
    ]
