"""
What an occupation's page shows of O*NET's ratings of the O*NET occupations describing it:
the most important skills and knowledge areas (O*NET 29), the six interest areas by score and
the work styles with the most impact (O*NET 30.1).

An occupation the wage data combines (31-1120) shows each of its O*NET occupations' ratings
apart, as O*NET gives them: a mean of the parts' ratings would be a figure O*NET never
published.
"""

from django.db.models import Prefetch, prefetch_related_objects

from occupations.models import Descriptor, InterestScore, SkillRating, WorkStyleRating

TOP = 5  # of each ranked list; the page says of how many


def trait_parts(onet):
    """The ratings of the O*NET occupations `onet`, ranked for the page: three queries when
    there are any O*NET occupations, however many ratings, and none otherwise."""
    prefetch_related_objects(
        onet,
        Prefetch("skill_ratings", SkillRating.objects.select_related("descriptor", "release")),
        Prefetch("interests", InterestScore.objects.select_related("descriptor", "release")),
        Prefetch("work_styles", WorkStyleRating.objects.select_related("descriptor", "release")),
    )
    parts = [_part(occupation) for occupation in onet]
    shortened = []
    for part in parts:
        for noun, ranked in [("skills", part["skills"]), ("knowledge areas", part["knowledge"]),
                             ("work styles", part["work_styles"])]:  # fmt: skip
            cut = (len(ranked["shown"]), ranked["rated"], noun)
            if ranked["shown"] and cut[0] < cut[1] and cut not in shortened:
                shortened.append(cut)
    return {
        "parts": parts,
        "combined": len(onet) > 1,
        "skills": any(part["skills"]["shown"] or part["knowledge"]["shown"] for part in parts),
        "interests": any(part["interests"] for part in parts),
        "work_styles": any(part["work_styles"]["shown"] for part in parts),
        "shortened": shortened,
    }


def _part(occupation):
    ratings = occupation.skill_ratings.all()  # the most important first
    interests = list(occupation.interests.all())  # the highest score first
    return {
        "occupation": occupation,
        "skills": _ranked_skills(ratings, Descriptor.Domain.SKILL),
        "knowledge": _ranked_skills(ratings, Descriptor.Domain.KNOWLEDGE),
        "interests": interests,
        "high_points": sorted(
            (interest for interest in interests if interest.high_point),
            key=lambda interest: interest.high_point,
        ),
        "work_styles": _ranked(list(occupation.work_styles.all())),
    }


def _ranked_skills(ratings, domain):
    """An importance O*NET recommends suppressing is not ranked; the page says how many."""
    rated = [rating for rating in ratings if rating.descriptor.domain == domain]
    return _ranked(rated, [rating for rating in rated if not rating.importance_suppressed])


def _ranked(rated, shown=None):
    """The first TOP of `shown` (`rated`, in rank order, by default), and how many were left
    out of the ranking."""
    shown = rated if shown is None else shown
    return {"shown": shown[:TOP], "rated": len(rated), "suppressed": len(rated) - len(shown)}
