"""
Finding roles by what people type.

On PostgreSQL each role has a stored, generated search vector: its title weighted A, its
alternative titles and introduction B, and its search body (skills, responsibilities and prose,
kept up to date by Role.refresh_search_body) C, with a GIN index. A query is read with
`websearch` syntax and also as word prefixes ("admin assist" finds "Administrative
Assistants"). On SQLite the same interface matches every word as a substring. On both, a word
written with a minus ("office -assistant") is left out, and a SOC code alone ("43-9061") finds
the roles of that occupation.

When no role has the words, each is read as the closest known word ("recepcionist":
receptionists), and the words are searched again, once: find() says what was searched for
instead, for the page to say so. A word that starts a known word stays as it is, so two real
words that no role has together ("nurse bookkeeping") find nothing, quickly. The known words
are, on PostgreSQL, those of the O*NET names and occupation titles most like each word (pg_trgm,
one small query a word); on SQLite, those of every published title and other name.
"""

import difflib
import re
from typing import NamedTuple

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection, connections, models
from django.db.models import F, Q, Value
from django.db.models.functions import Least, Length, Lower, Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from careerguide import catalogue
from occupations.models import AlternateTitle, Occupation

CONFIG = "english"
MAX_QUERY_LENGTH = 200
TYPO_SIMILARITY = 0.7  # difflib's ratio of a typed word to the known word it is read as
CORRECTED_WORDS = 4  # the words of a query read as known words, at most: a query each
SIMILAR_NAMES = 20  # on PostgreSQL, the names and titles most like a word read for it
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SOC_CODE = re.compile(r"\d{2}-\d{4}")  # 43-9061: the occupation's roles


# The columns of the search vector, by weight, as migration 0003 made it; 0016 added the
# occupation's other names (Role.official_titles).
FIRST_VECTOR = (
    ("title", "A"), ("alternative_titles", "B"), ("introduction", "B"), ("search_body", "C"),
)  # fmt: skip
VECTOR = (
    ("title", "A"), ("alternative_titles", "B"), ("official_titles", "B"), ("introduction", "B"),
    ("search_body", "C"),
)  # fmt: skip


class RoleSearchVector(models.Func):
    """The SQL of Role.search_vector: weighted text on PostgreSQL, NULL elsewhere. Its columns
    are arguments, so that each migration keeps the vector it made."""

    output_field = SearchVectorField()

    def __init__(self, *weighted):
        super().__init__()
        self.weighted = weighted or FIRST_VECTOR

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        parts = [
            f"setweight(to_tsvector('english'::regconfig, coalesce({column}, '')), '{weight}')"
            for column, weight in self.weighted
        ]
        return " || ".join(parts), []


def words(text):
    """The words of a query, lower-cased, without punctuation or control characters."""
    return _WORD.findall((text or "")[:MAX_QUERY_LENGTH].lower())


class Found(NamedTuple):
    """Roles found, and the text searched for instead of the one typed ("" if none)."""

    roles: models.QuerySet
    correction: str = ""


def search(queryset, text):
    """Roles matching `text`, annotated with `rank` (higher is better)."""
    return find(queryset, text).roles


def find(queryset, text):
    """Roles matching `text`, annotated with `rank` (higher is better); if no role has its
    words, roles matching the closest known words, and those words as `correction`."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    code = _SOC_CODE.fullmatch(text.strip())
    if code:
        return Found(queryset.filter(occupation_id=code[0]).annotate(rank=models.Value(1.0)))
    terms, left_out = _parts(text)
    if not terms and not left_out:
        return Found(queryset.annotate(rank=models.Value(0.0)))
    found = _matching(queryset, text, terms, left_out)
    if not terms or catalogue.remember(catalogue.key("words-match", text), _any(found)):
        return Found(found)
    corrected = catalogue.remember(catalogue.key("correction", terms), lambda: _corrected(terms))
    if corrected == terms:
        return Found(found)
    correction = " ".join([*corrected, *(f"-{word}" for word in left_out)])
    return Found(_matching(queryset, correction, corrected, left_out), correction)


def _matching(queryset, text, terms, left_out):
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, text, terms, left_out)
    return _search_substrings(queryset, terms, left_out)


def _any(found):
    """Whether any role is found, as a function for the cache to call. On PostgreSQL not
    exists(): the planner may scan the whole table for a LIMIT 1 that it expects to end early
    (700 ms at 100,000 roles for "clerk -clerk"). The roles found are a materialized CTE,
    planned as if all were read (the GIN index, as for a count), of which EXISTS reads the
    first: 4 ms rather than a count's 9 for the 9,000 roles of "clerk"."""
    if connection.vendor != "postgresql":
        return found.exists

    def any_found():
        sql, params = found.order_by().values("pk").query.sql_with_params()
        with connections[found.db].cursor() as cursor:
            cursor.execute(
                f"WITH found AS MATERIALIZED ({sql}) SELECT EXISTS (SELECT 1 FROM found)", params
            )
            return cursor.fetchone()[0]

    return any_found


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
    return queryset.filter(search_vector=query).annotate(
        rank=SearchRank(F("search_vector"), query) + _title_bonus(terms) + _words_in_title(terms)
    )


def _corrected(terms):
    """Each word as the closest known word (the first CORRECTED_WORDS words; a word of two
    letters is read where a word starts, and stays)."""
    corrected = []
    for position, term in enumerate(terms):
        if position >= CORRECTED_WORDS or len(term) <= SHORT_WORD:
            corrected.append(term)
        elif connection.vendor == "postgresql":
            corrected.append(_closest(term, _words_of_names_like(term)))
        else:
            corrected.append(_closest(term, _title_words()))
    return corrected


def _closest(term, known):
    """`term` if it starts a known word (so both databases find it as it is), else the known
    word most like it, if alike enough."""
    if any(word.startswith(term) for word in known):
        return term
    close = difflib.get_close_matches(term, known, n=1, cutoff=TYPO_SIMILARITY)
    return close[0] if close else term


def _words_of_names_like(term):
    """The words of the O*NET names and occupation titles most like `term`: pg_trgm's %>
    operator, on occupations_alternatetitle_trgm_idx for O*NET's 55,000 names, and on the
    thousand occupations' titles (no index needed), the most similar first, SIMILAR_NAMES of
    each. One query. Roles' titles are not read: at 100,000 roles the index finds thousands
    like a typo, all to be ranked; each published role with its occupation's title has its
    words here, and a guide's title is an occupation's name or close to one."""
    names = [
        model.objects.filter(title__trigram_word_similar=term)
        .annotate(similarity=TrigramWordSimilarity(term, "title"))
        .order_by("-similarity")
        .values_list("title", "similarity")[:SIMILAR_NAMES]
        for model in (AlternateTitle, Occupation)
    ]
    # order_by(): without it, the union is ordered as AlternateTitle is by default.
    similar = names[0].union(names[1], all=True).order_by()
    return sorted({word for name, _ in similar for word in words(name)})


def _words_in_title(terms):
    """0.5 on PostgreSQL for a title with every word whole, or its plural: Registered Nurses
    for "nurses" before the occupation with many names saying Nursery (PostgreSQL's word
    prefix "nurs" matches it)."""
    if not terms:
        return models.Value(0.0)
    whole = Q()
    for term in terms:
        whole &= Q(title__iregex=rf"\m{re.escape(term)}(s|es)?\M")
    return models.Case(
        models.When(whole, then=models.Value(0.5)),
        default=models.Value(0.0),
        output_field=models.FloatField(),
    )


def _search_substrings(queryset, terms, left_out):
    for word in left_out:
        queryset = queryset.exclude(_mentions(word))
    if not terms:
        return queryset.annotate(rank=models.Value(0.0))
    return _containing(queryset, terms)


def _is_title(terms):
    """The words are the title or one of the occupation's other names, or their plural
    ("physical therapist"), or a name's short form ("rn": Registered Nurse (RN))."""
    phrase = " ".join(terms)
    return (
        Q(title__iexact=phrase)
        | Q(title__iexact=f"{phrase}s")
        | Q(official_titles__iregex=_name_pattern(terms))
    )


def _name_pattern(terms):
    """A line of Role.official_titles that is the words: written so, or their plural, or
    with its short form after it in brackets, or inside the brackets. The same regular
    expression on PostgreSQL and in Python (SQLite): literal newlines, no \\b."""
    phrase = "[^\\w\n]+".join(re.escape(term) for term in terms) + "(s|es)?"
    line = "[^\n]*"
    return f"(^|\n)({phrase}( \\({line}\\))?|{line}\\({phrase}\\))(\n|$)"


def _title_bonus(terms):
    """1 for a role whose title or other name the words are, else 0: added to PostgreSQL's
    rank (under 1), it puts Physical Therapists before Physical Therapist Aides, which rank
    the same, and Registered Nurses first for "rn"."""
    if not terms:
        return models.Value(0.0)
    return models.Case(
        models.When(_is_title(terms), then=models.Value(1.0)),
        default=models.Value(0.0),
        output_field=models.FloatField(),
    )


# A word this short is read only where a word starts, as PostgreSQL's prefix query reads every
# word: inside other words it is everywhere ("rn" in Patternmakers, Government, Journalists).
SHORT_WORD = 2
_FIELDS = ("title", "alternative_titles", "official_titles", "introduction", "search_body")


def _mentions(term):
    if len(term) <= SHORT_WORD:
        lookup, value = "iregex", rf"\b{re.escape(term)}"
    else:
        lookup, value = "icontains", term
    mentions = Q()
    for field in _FIELDS:
        mentions |= Q(**{f"{field}__{lookup}": value})
    return mentions


def _containing(queryset, terms):
    for term in terms:
        queryset = queryset.filter(_mentions(term))
    words_in_title, in_title, in_names = Q(), Q(), Q()
    in_a_name = "(^|\n)" + "".join(rf"(?=[^\n]*\b{re.escape(term)})" for term in terms)
    for term in terms:
        words_in_title &= Q(title__iregex=rf"\b{re.escape(term)}s?\b")
        in_title &= Q(title__icontains=term)
        in_names &= Q(official_titles__icontains=term) | Q(alternative_titles__icontains=term)
    # The title itself (or its plural, or another name) first, then titles with every word
    # whole ("nurse" in Registered Nurses), then other names with every word starting a word
    # ("help desk": Help Desk Analyst), then titles with every word inside another (Nursery),
    # then other names with them anywhere, then the rest (the guide's text).
    return queryset.annotate(
        rank=models.Case(
            models.When(_is_title(terms), then=models.Value(4.0)),
            models.When(words_in_title, then=models.Value(3.0)),
            models.When(official_titles__iregex=in_a_name, then=models.Value(2.5)),
            models.When(in_title, then=models.Value(2.0)),
            models.When(in_names, then=models.Value(1.0)),
            default=models.Value(0.1),
            output_field=models.FloatField(),
        )
        + _closer(terms)
    )


def _closer(terms):
    """Under 0.5, which orders roles of the same rank on SQLite: 0.3 when the title has a word
    starting as each word does (Project Management Specialists for "project manager", which
    other occupations have as a name), and a hundredth for each time the other names say the
    words, up to 15 ("hvac": the HVAC mechanics' 26 names)."""
    stems = Q()
    for term in terms:
        stems &= Q(title__iregex=rf"\b{re.escape(term[:5])}")
    phrase = " ".join(terms)
    said = (
        Length("official_titles") - Length(Replace(Lower("official_titles"), Value(phrase)))
    ) / len(phrase)
    return (
        models.Case(models.When(stems, then=models.Value(0.3)), default=models.Value(0.0))
        + Least(said, 15) / 100.0
    )


def _title_words():
    """Every word of the published roles' titles and other names, sorted: SQLite's known
    words, read once per catalogue version."""
    from guides.models import Role

    return catalogue.remember(
        catalogue.key("title-words"),
        lambda: sorted(
            {word for names in Role.objects.published().values_list("title", "official_titles")
             for name in names for word in words(name)}
        ),
    )  # fmt: skip


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


def also_called(role, query):
    """The other name of `role` that `query` found it by, for its card ("rn": Registered Nurse
    (RN)): a name the words are first, else the first with every word starting a word of it;
    None when its title has every word, or no name has them (the guide's text did)."""
    terms = _parts(query or "")[0]
    if not terms or _has_every_word(role.title, terms):
        return None
    names = [*role.alternative_titles.splitlines(), *role.official_titles.splitlines()]
    exact = re.compile(_name_pattern(terms), re.IGNORECASE)
    found = [name for name in names if exact.search(name)]
    found += [name for name in names if _has_every_word(name, terms)]
    return found[0].strip() if found else None


def _has_every_word(text, terms):
    """Each of the words starts a word of `text`."""
    text_words = words(text)
    return all(any(word.startswith(term) for word in text_words) for term in terms)
