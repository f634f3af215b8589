"""
Finding roles by what people type.

On PostgreSQL each role has a stored, generated search vector: its title weighted A, its
alternative titles and introduction B, and its search body (skills, responsibilities and prose,
kept up to date by Role.refresh_search_body) C, with a GIN index. A query is read with
`websearch` syntax and also as word prefixes ("admin assist" finds "Administrative
Assistants"); when nothing matches, trigram similarity on the title finds typos
("recepcionist"). On SQLite the same interface matches every word as a substring, and reads
a word that no role has as the closest word of any title. On both, a word written with a
minus ("office -assistant") is left out, and a SOC code alone ("43-9061") finds the roles of
that occupation.
"""

import difflib
import re

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection, models
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from careerguide import catalogue

CONFIG = "english"
MAX_QUERY_LENGTH = 200
TYPO_SIMILARITY = 0.7  # SQLite's fallback: difflib's ratio of a typed word to a title word
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SOC_CODE = re.compile(r"\d{2}-\d{4}")  # 43-9061: the occupation's roles


class RoleSearchVector(models.Func):
    """The SQL of Role.search_vector: weighted text on PostgreSQL, NULL elsewhere."""

    output_field = SearchVectorField()
    template = (
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(alternative_titles, '')), 'B') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(introduction, '')), 'B') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(search_body, '')), 'C')"
    )

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.template, []


def words(text):
    """The words of a query, lower-cased, without punctuation or control characters."""
    return _WORD.findall((text or "")[:MAX_QUERY_LENGTH].lower())


def search(queryset, text):
    """Roles matching `text`, annotated with `rank` (higher is better)."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    code = _SOC_CODE.fullmatch(text.strip())
    if code:
        return queryset.filter(occupation_id=code[0]).annotate(rank=models.Value(1.0))
    terms, left_out = _parts(text)
    if not terms and not left_out:
        return queryset.annotate(rank=models.Value(0.0))
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, text, terms, left_out)
    return _search_substrings(queryset, terms, left_out)


def _parts(text):
    """The words to find and the words to leave out, as a web search reads them: a word
    written with a minus before it ("office -assistant") is left out."""
    terms, left_out = [], []
    for token in text.split():
        if token.startswith("-"):
            left_out += words(token)
        else:
            terms += words(token)
    return terms, left_out


def _search_postgresql(queryset, text, terms, left_out):
    prefixes = [f"{term}:*" for term in terms] + [f"!{word}" for word in left_out]
    query = SearchQuery(text, search_type="websearch", config=CONFIG) | SearchQuery(
        " & ".join(prefixes), search_type="raw", config=CONFIG
    )
    found = queryset.filter(search_vector=query).annotate(
        rank=SearchRank(F("search_vector"), query) + _title_bonus(terms)
    )
    # A count, not exists(): the planner reads the GIN index for it, but may scan the whole
    # table for a LIMIT 1 that it expects to end early.
    if catalogue.remember(catalogue.key("words-match", text), found.count):
        return found
    # Nothing matches as words: titles with a similar word (pg_trgm's %> operator, which uses
    # guides_role_title_trgm_idx; the threshold is set in settings.DATABASES), so typos find.
    return queryset.filter(title__trigram_word_similar=text).annotate(
        rank=TrigramWordSimilarity(text, "title")
    )


def _search_substrings(queryset, terms, left_out):
    for word in left_out:
        queryset = queryset.exclude(_mentions(word))
    if not terms:
        return queryset.annotate(rank=models.Value(0.0))
    found = _containing(queryset, terms)
    if catalogue.remember(catalogue.key("words-match", terms, left_out), found.exists):
        return found
    # Nothing has every word: read each word as the closest word of a title, so typos find.
    corrected = [_closest_title_word(term) for term in terms]
    return _containing(queryset, corrected) if corrected != terms else found


def _is_title(terms):
    """The words are the title, or the title is their plural ("physical therapist")."""
    phrase = " ".join(terms)
    return Q(title__iexact=phrase) | Q(title__iexact=f"{phrase}s")


def _title_bonus(terms):
    """1 for a role whose title the words are, else 0: added to PostgreSQL's rank (under 1),
    it puts Physical Therapists before Physical Therapist Aides, which rank the same."""
    if not terms:
        return models.Value(0.0)
    return models.Case(
        models.When(_is_title(terms), then=models.Value(1.0)),
        default=models.Value(0.0),
        output_field=models.FloatField(),
    )


def _mentions(term):
    return (
        Q(title__icontains=term)
        | Q(alternative_titles__icontains=term)
        | Q(introduction__icontains=term)
        | Q(search_body__icontains=term)
    )


def _containing(queryset, terms):
    for term in terms:
        queryset = queryset.filter(_mentions(term))
    words_in_title, in_title = Q(), Q()
    for term in terms:
        words_in_title &= Q(title__iregex=rf"\b{re.escape(term)}s?\b")
        in_title &= Q(title__icontains=term)
    # The title itself (or its plural) first, then titles with every word whole ("nurse" in
    # Registered Nurses), then titles with every word inside another (Nursery), then the rest.
    return queryset.annotate(
        rank=models.Case(
            models.When(_is_title(terms), then=models.Value(3.0)),
            models.When(words_in_title, then=models.Value(2.0)),
            models.When(in_title, then=models.Value(1.0)),
            default=models.Value(0.1),
            output_field=models.FloatField(),
        )
    )


def _closest_title_word(term):
    from guides.models import Role

    vocabulary = catalogue.remember(
        catalogue.key("title-words"),
        lambda: sorted(
            {word for title in Role.objects.published().values_list("title", flat=True)
             for word in words(title)}
        ),
    )  # fmt: skip
    close = difflib.get_close_matches(term, vocabulary, n=1, cutoff=TYPO_SIMILARITY)
    return close[0] if close else term


def highlight(text, query):
    """`text` escaped, with the words that start like a query word marked: <mark>…</mark>."""
    terms = _parts(query or "")[0]
    escaped = escape(text)
    if not terms:
        return mark_safe(escaped)
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(escape(term)) for term in terms) + r")(\w*)", re.IGNORECASE
    )
    return mark_safe(pattern.sub(r"<mark>\1\2</mark>", escaped))
