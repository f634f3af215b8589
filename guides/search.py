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
from django.db.models import F, Q, Value
from django.db.models.functions import Least, Length, Lower, Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from careerguide import catalogue
from occupations.models import AlternateTitle

CONFIG = "english"
MAX_QUERY_LENGTH = 200
TYPO_SIMILARITY = 0.7  # SQLite's fallback: difflib's ratio of a typed word to a title word
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
        rank=SearchRank(F("search_vector"), query) + _title_bonus(terms) + _words_in_title(terms)
    )
    # A count, not exists(): the planner reads the GIN index for it, but may scan the whole
    # table for a LIMIT 1 that it expects to end early.
    if catalogue.remember(catalogue.key("words-match", text), found.count):
        return found
    # Nothing matches as words: titles with a similar word, or roles whose occupation has a
    # name with one (pg_trgm's %> operator, on guides_role_title_trgm_idx and on each of
    # O*NET's names, occupations_alternatetitle_trgm_idx: the same operator on all of an
    # occupation's names at once, Role.official_titles, took 250 ms). The threshold is set in
    # settings.DATABASES. Typos find; titles alike first ("recepcionist": Receptionists).
    names = AlternateTitle.objects.filter(title__trigram_word_similar=text).values(
        "onet_occupation__occupations__code"
    )
    # Each as a subquery: PostgreSQL reads the titles' index for one and the names' for the
    # other; written as one condition, it computed the similarity of every role's title (a
    # sequential scan: 380 ms at 100,000 roles).
    titles = queryset.filter(title__trigram_word_similar=text).values("pk")
    return queryset.filter(Q(pk__in=titles) | Q(occupation_id__in=names)).annotate(
        rank=TrigramWordSimilarity(text, "title")
    )


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
    found = _containing(queryset, terms)
    if catalogue.remember(catalogue.key("words-match", terms, left_out), found.exists):
        return found
    # Nothing has every word: read each word as the closest word of a title, so typos find.
    corrected = [_closest_title_word(term) for term in terms]
    return _containing(queryset, corrected) if corrected != terms else found


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


def _closest_title_word(term):
    from guides.models import Role

    vocabulary = catalogue.remember(
        catalogue.key("title-words"),
        lambda: sorted(
            {word for names in Role.objects.published().values_list("title", "official_titles")
             for name in names for word in words(name)}
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
