"""
Which careers fit me: a job seeker says what they have (education, skills, interests,
technologies they know) and gets the careers ranked by how well they fit, each with what they
have already and what they would still need; and, on a career's own page, the readiness check
against that one career.

Everything is public data: BLS's typical entry education (Employment Projections), O*NET 29's
skill ratings and O*NET 30.1's interest scores and technologies. Everything the visitor says is
in the URL's query (shareable, back-button safe) and nowhere else: no session, no cookie, and
the views mark the answers' pages private so that no shared cache keeps them.

The ranking scores each O*NET occupation from a few grouped queries, in Python: how important
the chosen skills are in it, how well the chosen interest areas describe it, how many of the
chosen technologies it uses, and whether the chosen education meets BLS's typical entry
education. An occupation of the wage data that O*NET describes in several parts takes its
best-fitting part. Each occupation is shown as one career (its written guide before its own
page); generated demo roles never are.
"""

import re
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, FloatField
from django.db.models.functions import Cast

from careerguide import catalogue
from careers.headline import headline_pays, newest_release
from guides.models import EducationLevel, Role
from occupations.models import (
    Descriptor,
    InterestScore,
    Occupation,
    OnetOccupation,
    Projection,
    SkillRating,
    SourceRelease,
    Technology,
)

# The query parameters the fit page and the readiness check read: the whole state of both.
PARAMS = ["education", "interest", "skill", "tech"]
READINESS_PARAMS = ["education", "skill", "tech"]
RESULTS = 20
# How many technologies the fit page offers: those the most occupations use.
TECHNOLOGIES_OFFERED = 40
# O*NET's importance scale: 3 is "Important"; below it a skill is not among those a career
# needs.
IMPORTANT = 3
# How many of a career's most important skills, and of its hot technologies, a result lists.
NEEDS_LISTED = 5
# The readiness check lists at most this many hot technologies of a career (and any ticked).
READINESS_TECHNOLOGIES = 15
MAX_TEXT = 200  # a technology's name is at most this long (Technology.example)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# BLS's order of its typical entry education categories, lowest first: BLS ranks a
# postsecondary nondegree award above some college without a degree.
EDUCATION_ORDER = [
    EducationLevel.NONE,
    EducationLevel.HIGH_SCHOOL,
    EducationLevel.SOME_COLLEGE,
    EducationLevel.POSTSECONDARY,
    EducationLevel.ASSOCIATE,
    EducationLevel.BACHELOR,
    EducationLevel.MASTER,
    EducationLevel.DOCTORAL,
]
_EDUCATION_BY_LABEL = {level.label: level for level in EducationLevel}


class Choices(forms.MultipleChoiceField):
    """Several of a fixed list, each once, in the order given; at most as many as the list
    holds (a longer query is refused, not trimmed; with no list at all, every value is simply
    not one of the choices)."""

    def to_python(self, value):
        values = list(dict.fromkeys(super().to_python(value)))
        if self.choices and len(values) > len(self.choices):
            raise ValidationError(f"Choose at most {len(self.choices)}.", code="too_many")
        if any(len(item) > MAX_TEXT for item in values):
            raise ValidationError("That is not one of the choices.", code="invalid_choice")
        return values

    def validate(self, value):
        """Django's message names the value refused: here with its control characters
        written out (\\x00), so that the page shows what was sent without sending them."""
        try:
            super().validate(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            shown = _CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", error.params["value"])
            raise ValidationError(
                f"“{shown}” is not one of the choices.", code="invalid_choice"
            ) from None


class FitForm(forms.Form):
    """What a job seeker has: every field optional, every value one of the choices."""

    education = forms.ChoiceField(
        label="Your highest education",
        required=False,
        choices=[("", "Not saying"), *EducationLevel.choices],
    )
    interest = Choices(label="What interests you", required=False)
    skill = Choices(label="Skills you have", required=False)
    tech = Choices(label="Technologies you know", required=False)

    def __init__(self, data, options):
        super().__init__(data)
        self.options = options
        self.fields["interest"].choices = [(d.element_id, d.name) for d in options["interests"]]
        self.fields["skill"].choices = [(d.element_id, d.name) for d in options["skills"]]
        self.fields["tech"].choices = [(name, name) for name in options["technologies"]]

    @property
    def answered(self):
        return self.is_valid() and any(self.cleaned_data.get(name) for name in PARAMS)

    def messages(self):
        """Each error as one sentence naming the field: shown above the form."""
        return [
            f"{self.fields[name].label}: {' '.join(errors)}"
            for name, errors in self.errors.items()
        ]


def checklist(form):
    """The fit form's choices as the page draws them, each (value, label, description, ticked)
    by field name: what the visitor sent stays ticked, even when some of it was refused."""
    sent = {name: form.data.getlist(name) for name in ("interest", "skill", "tech")}
    descriptions = {d.element_id: d.description for d in form.options["interests"]}
    lists = {
        name: [
            (value, label, descriptions.get(value, ""), value in sent[name])
            for value, label in form.fields[name].choices
        ]
        for name in sent
    }
    lists["education"] = [
        (value, label, "", value == form.data.get("education", ""))
        for value, label in form.fields["education"].choices
    ]
    return lists


def fit_options():
    """What the fit page offers: O*NET's interest areas and skills, the technologies the most
    occupations use, and the O*NET releases the page credits. Three queries, kept until the
    catalogue changes."""
    return catalogue.remember(catalogue.key("fit-options"), _fit_options)


def _fit_options():
    descriptors = list(
        Descriptor.objects.filter(
            domain__in=[Descriptor.Domain.SKILL, Descriptor.Domain.INTEREST]
        ).order_by("name")
    )
    interests = [d for d in descriptors if d.domain == Descriptor.Domain.INTEREST]
    # O*NET's own order of the interest areas (Realistic ... Conventional) is its element IDs'.
    interests.sort(key=lambda descriptor: descriptor.element_id)
    technologies = list(
        Technology.objects.values_list("example", flat=True)
        .annotate(used=Count("pk"))
        .order_by("-used", "example")[:TECHNOLOGIES_OFFERED]
    )
    releases = SourceRelease.objects.filter(kind=SourceRelease.Kind.ONET).order_by("first_year")
    return {
        "interests": interests,
        "skills": [d for d in descriptors if d.domain == Descriptor.Domain.SKILL],
        "technologies": sorted(technologies, key=str.casefold),
        "releases": list(releases),
    }


# --- The ranking -----------------------------------------------------------------------------


def rank(answers, options):
    """The careers that fit `answers` (a valid FitForm's cleaned data) best, best first, each
    a dict with its role, headline pay, projection and what it has and lacks."""
    parts = _parts_by_occupation()
    scored, ratings = _scores(answers, parts)
    entry = _entry_education_and_openings()
    education = answers.get("education")
    for code, result in scored.items():
        required, openings = entry.get(code, ("", 0))
        result["openings"] = openings
        result["education"] = _education(education, required)
        if education:
            result["scores"].append(result["education"]["score"])
        result["fit"] = sum(result["scores"]) / len(result["scores"])
    ordered = sorted(
        scored.values(), key=lambda result: (-result["fit"], -result["openings"], result["code"])
    )
    # Every occupation has a career of its own (Role.objects.cover_occupations), so twice as
    # many as are shown is room enough for an occupation that lacks one.
    top = ordered[: RESULTS * 2]
    roles = _careers([result["code"] for result in top])
    shown = [result for result in top if result["code"] in roles][:RESULTS]
    for result in shown:
        _has(result, ratings, answers)
    _needs(shown, answers, options)
    outlooks = Projection.objects.newest_for_each([result["code"] for result in shown])
    release = catalogue.remember(catalogue.key("newest-wage-release"), newest_release)
    pays = headline_pays([roles[result["code"]] for result in shown], release)
    for result in shown:
        result["role"] = roles[result["code"]]
        result["pay"] = pays[result["role"].pk]
        result["outlook"] = outlooks.get(result["code"])
        carried = {*result["skills"], *result["technologies"]}
        result["readiness_query"] = _readiness_query(answers, carried)
    return shown


def _parts_by_occupation():
    """The O*NET occupations describing each occupation of the wage data, by its code: one
    query."""
    through = OnetOccupation.occupations.through.objects.filter(
        occupation__group=Occupation.Group.DETAILED
    ).values_list("onetoccupation__code", "occupation__code")
    parts = {}
    for onet_code, code in through:
        parts.setdefault(code, []).append(onet_code)
    return parts


def _scores(answers, parts):
    """Each occupation's fit, from its best-fitting O*NET part, and what that part has of the
    answers: one query for each kind of answer given."""
    ratings = _ratings(answers)
    results = {}
    for code, onet_codes in parts.items():
        scored = [
            (_part_scores(ratings, onet_code, answers), onet_code) for onet_code in onet_codes
        ]
        scores, onet_code = max(scored, key=lambda pair: sum(pair[0]))
        results[code] = {"code": code, "onet_code": onet_code, "scores": scores}
    return results, ratings


def _ratings(answers):
    """What O*NET gives of the answers, by kind, then by O*NET code: the interest areas'
    scores (and which are in the high-point code), the skills' importance, the technologies
    used. Figures are read as floats: the ranking adds hundreds of them."""
    ratings = {"interest": {}, "high_point": {}, "skill": {}, "tech": {}}
    if answers.get("interest"):
        found = InterestScore.objects.filter(descriptor_id__in=answers["interest"]).values_list(
            "onet_occupation_id", "descriptor_id", Cast("score", FloatField()), "high_point"
        )
        for onet_code, element, score, high_point in found:
            ratings["interest"].setdefault(onet_code, {})[element] = score
            if high_point:
                ratings["high_point"].setdefault(onet_code, set()).add(element)
    if answers.get("skill"):
        found = SkillRating.objects.filter(
            descriptor_id__in=answers["skill"], importance_suppressed=False
        ).values_list("onet_occupation_id", "descriptor_id", Cast("importance", FloatField()))
        for onet_code, element, importance in found:
            ratings["skill"].setdefault(onet_code, {})[element] = importance
    if answers.get("tech"):
        found = Technology.objects.filter(example__in=answers["tech"]).values_list(
            "onet_occupation_id", "example"
        )
        for onet_code, example in found:
            ratings["tech"].setdefault(onet_code, set()).add(example)
    return ratings


def _part_scores(ratings, onet_code, answers):
    """From 0 to 1 each: how well the chosen interest areas describe the work (O*NET's score,
    1 to 7), how important the chosen skills are in it (1 to 5), and the share of the chosen
    technologies it uses; a rating O*NET does not give counts as the lowest."""
    scores = []
    if interests := answers.get("interest"):
        found = ratings["interest"].get(onet_code, {})
        scores.append(sum(found.get(e, 1.0) - 1 for e in interests) / (6 * len(interests)))
    if skills := answers.get("skill"):
        found = ratings["skill"].get(onet_code, {})
        scores.append(sum(found.get(e, 1.0) - 1 for e in skills) / (4 * len(skills)))
    if technologies := answers.get("tech"):
        scores.append(len(ratings["tech"].get(onet_code, ())) / len(technologies))
    return scores


def _has(result, ratings, answers):
    """What the best part of a shown career has of the answers: the chosen interest areas in
    its high-point code, the chosen skills it rates important (most important first), and the
    chosen technologies it uses."""
    onet_code = result["onet_code"]
    high_points = ratings["high_point"].get(onet_code, set())
    importance = ratings["skill"].get(onet_code, {})
    used = ratings["tech"].get(onet_code, set())
    result["interests"] = [e for e in answers.get("interest", []) if e in high_points]
    result["skills"] = sorted(
        (e for e in answers.get("skill", []) if importance.get(e, 0) >= IMPORTANT),
        key=lambda element: -importance[element],
    )
    result["technologies"] = [name for name in answers.get("tech", []) if name in used]


def _entry_education_and_openings():
    """Each occupation's typical entry education and openings a year in BLS's newest
    projections, by code: one query, of only those two figures."""
    newest = {}
    for code, education, openings in Projection.objects.order_by(
        "occupation_id", "-release__first_year"
    ).values_list("occupation_id", "entry_education", "openings"):
        newest.setdefault(code, (education, openings))
    return newest


def _education(level, entry_education):
    """Whether education `level` meets BLS's typical entry education `entry_education`: met
    (1), not met (0), or not known (0.5: no projection, or a category of BLS's we do not
    rank)."""
    required = _EDUCATION_BY_LABEL.get(entry_education)
    if required is None:
        return {"required": "", "met": None, "score": 0.5}
    met = bool(level) and EDUCATION_ORDER.index(level) >= EDUCATION_ORDER.index(required)
    return {"required": required.label, "met": met, "score": 1.0 if met else 0.0}


def _careers(codes):
    """One published career for each occupation in `codes`: its written guide if it has one,
    else its own page; never a demo role. One query, through the occupation index."""
    roles = {}
    for role in (
        Role.objects.published()
        .filter(occupation_id__in=codes, is_demo=False)
        .order_by("-guide_written", "title")
        .only("title", "slug", "occupation_id", "official_median", "official_growth",
              "median_pay", "median_pay_currency", "median_pay_source", "median_pay_year",
              "introduction", "is_demo")
    ):  # fmt: skip
        roles.setdefault(role.occupation_id, role)
    return roles


def _needs(shown, answers, options):
    """What each of the `shown` careers would still need: its most important skills and its
    hot technologies that the answers lack. Two queries, however many careers."""
    onet_codes = [result["onet_code"] for result in shown]
    skill_names = {d.element_id: d.name for d in options["skills"]}
    important = {}
    for onet_code, element in (
        SkillRating.objects.filter(
            onet_occupation_id__in=onet_codes,
            descriptor__domain=Descriptor.Domain.SKILL,
            importance_suppressed=False,
            importance__gte=IMPORTANT,
        )
        .order_by("onet_occupation_id", "-importance", "descriptor_id")
        .values_list("onet_occupation_id", "descriptor_id")
    ):
        important.setdefault(onet_code, []).append(element)
    hot = {}
    for onet_code, example in (
        Technology.objects.filter(onet_occupation_id__in=onet_codes, hot=True)
        .order_by("onet_occupation_id", "example")
        .values_list("onet_occupation_id", "example")
    ):
        hot.setdefault(onet_code, []).append(example)
    interest_names = {d.element_id: d.name for d in options["interests"]}
    has_skills, has_tech = set(answers.get("skill", [])), set(answers.get("tech", []))
    for result in shown:
        top = important.get(result["onet_code"], [])[:NEEDS_LISTED]
        result["skills_have"] = [skill_names.get(e, e) for e in result["skills"]]
        result["skills_need"] = [skill_names.get(e, e) for e in top if e not in has_skills]
        result["interests_have"] = [interest_names[e] for e in result["interests"]]
        result["technologies_need"] = [
            name for name in hot.get(result["onet_code"], []) if name not in has_tech
        ][:NEEDS_LISTED]


def _readiness_query(answers, carried):
    """The query string of a career's readiness check with `answers` (cleaned data): the
    education, and only the skills and technologies that career has (`carried`)."""
    items = [("education", answers["education"])] if answers.get("education") else []
    for name in ("skill", "tech"):
        items += [(name, value) for value in answers.get(name, []) if value in carried]
    return urlencode(items)


# --- The readiness check on a career's page --------------------------------------------------


def readiness(query, onet, outlook, steps=(), skill_ratings=None, technologies=None):
    """The readiness check of a career: what its O*NET occupations `onet` need (their
    important skills, most important first, and hot technologies), ticked against the
    visitor's `query`, with education against BLS's `outlook`. The occupation page passes
    `onet` with its ratings and technologies prefetched; the guide page passes them loaded
    (`readiness_rows`). Returns the context of careers/readiness.html."""
    if skill_ratings is None:
        skill_ratings = [r for part in onet for r in part.skill_ratings.all()]
    if technologies is None:
        technologies = [t for part in onet for t in part.technologies.all()]
    skills = {}
    for rating in sorted(skill_ratings, key=lambda rating: -rating.importance):
        if (
            rating.descriptor.domain == Descriptor.Domain.SKILL
            and not rating.importance_suppressed
            and rating.importance >= IMPORTANT
        ):
            skills.setdefault(rating.descriptor_id, rating.descriptor.name)
    known = list(dict.fromkeys(technology.example for technology in technologies))
    hot = list(dict.fromkeys(t.example for t in technologies if t.hot))
    form = ReadinessForm(query, skills, known)
    answered = form.answered
    has_skills = set(form.cleaned_data.get("skill", [])) if answered else set()
    has_tech = form.cleaned_data.get("tech", []) if answered else []
    offered = list(dict.fromkeys([*hot[:READINESS_TECHNOLOGIES], *has_tech]))
    education = _education(
        form.cleaned_data.get("education") if answered else "",
        outlook.entry_education if outlook else "",
    )
    releases = {rating.release for rating in skill_ratings}
    releases |= {technology.onet_occupation.release for technology in technologies}
    return {
        "form": form,
        "answered": answered,
        "releases": sorted(releases, key=lambda release: release.first_year),
        "skills": [(e, name, e in has_skills) for e, name in skills.items()],
        "technologies": [(name, name in has_tech) for name in offered],
        "hot_count": len(hot),
        "skills_have": [name for e, name in skills.items() if e in has_skills],
        "skills_need": [name for e, name in skills.items() if e not in has_skills],
        "technologies_have": has_tech,
        "technologies_need": [name for name in hot if name not in has_tech],
        "education": education,
        "education_choices": EducationLevel.choices,
        "chosen_education": form.cleaned_data.get("education", "") if answered else "",
        "outlook": outlook,
        "job_zones": [part for part in onet if part.job_zone_id],
        "steps": steps,
        # Drawn where there is something to check against, or a refused answer to name.
        "shown": bool(skills or known or outlook or form.errors),
    }


def readiness_rows(code):
    """The O*NET skill ratings and technologies of occupation `code`'s O*NET occupations, for
    a guide page: two queries."""
    ratings = list(
        SkillRating.objects.filter(
            onet_occupation__occupations__code=code,
            descriptor__domain=Descriptor.Domain.SKILL,
            importance_suppressed=False,
            importance__gte=IMPORTANT,
        ).select_related("descriptor", "release")
    )
    technologies = list(
        Technology.objects.filter(onet_occupation__occupations__code=code).select_related(
            "onet_occupation__release"
        )
    )
    return ratings, technologies


class ReadinessForm(forms.Form):
    """The readiness check's answers: the career's own skills and technologies only."""

    education = FitForm.base_fields["education"]
    skill = Choices(label="Skills you have", required=False)
    tech = Choices(label="Technologies you know", required=False)

    def __init__(self, data, skills, technologies):
        super().__init__(data)
        self.fields["skill"].choices = list(skills.items())
        self.fields["tech"].choices = [(name, name) for name in technologies]

    @property
    def answered(self):
        return self.is_valid() and any(self.cleaned_data.get(n) for n in READINESS_PARAMS)

    messages = FitForm.messages
