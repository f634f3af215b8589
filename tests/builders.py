"""Tiny builders for test data: each makes one valid object, with overrides."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from guides.models import (
    FAQ,
    CareerLevel,
    CountrySalary,
    EducationLevel,
    Industry,
    LevelSalary,
    ProCon,
    Responsibility,
    Role,
    RoleIndustry,
    Section,
    Skill,
    Step,
)
from occupations.models import (
    CareerCluster,
    Definition,
    Descriptor,
    EducationCategory,
    InterestScore,
    JobZone,
    Occupation,
    OnetOccupation,
    Projection,
    SkillRating,
    SourceRelease,
    WorkStyleRating,
)
from salaries.models import Area, Release, WageEstimate

_numbers = count(1)


def make_role(**overrides):
    number = next(_numbers)
    fields = {
        "title": f"Test Role {number}",
        "slug": f"test-role-{number}",
        "status": Role.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
        "introduction": f"Introduction to test role {number}.",
    }
    fields.update(overrides)
    return Role.objects.create(**fields)


def make_draft(**overrides):
    return make_role(status=Role.Status.DRAFT, published_at=None, **overrides)


def make_section(role, kind=Section.Kind.OVERVIEW, **overrides):
    return Section.objects.create(role=role, kind=kind, **{"body": "Some *prose*.", **overrides})


def _next_order(queryset):
    return queryset.count() + 1


def make_responsibility(role, **overrides):
    order = _next_order(role.responsibilities)
    return Responsibility.objects.create(
        role=role, **{"order": order, "text": f"Responsibility {order}", **overrides}
    )


def make_skill(role, kind=Skill.Kind.TECHNICAL, **overrides):
    order = _next_order(role.skills.filter(kind=kind))
    return Skill.objects.create(
        role=role, kind=kind, **{"order": order, "text": f"Skill {order}", **overrides}
    )


def make_step(role, **overrides):
    order = _next_order(role.steps)
    return Step.objects.create(
        role=role, **{"order": order, "text": f"Step text {order}", **overrides}
    )


def make_career_level(role, with_salary=True, **overrides):
    order = _next_order(role.career_levels)
    fields = {
        "order": order,
        "title": f"Level {order}",
        "years_from": order * 2,
        "years_to": order * 2 + 2,
        "description": f"Description of level {order}.",
        "focus_areas": f"Focus areas of level {order}.",
    }
    level = CareerLevel.objects.create(role=role, **{**fields, **overrides})
    if with_salary:
        LevelSalary.objects.create(
            career_level=level, median=40000 + order * 1000, average=42000 + order * 1000,
            currency="USD", source="Test source", year=2025,
        )  # fmt: skip
    return level


def make_country_salary(role, **overrides):
    order = _next_order(role.country_salaries)
    fields = {
        "order": order, "country": f"Country {order}", "currency": "EUR", "low": 20000,
        "high": 30000, "usd_low": 22000, "usd_high": 33000, "source": "Test source",
        "year": 2025,
    }  # fmt: skip
    return CountrySalary.objects.create(role=role, **{**fields, **overrides})


def make_faq(role, **overrides):
    order = _next_order(role.faqs)
    return FAQ.objects.create(
        role=role,
        **{"order": order, "question": f"Question {order}?", "answer": "Answer.", **overrides},
    )


def make_pro_con(role, kind=ProCon.Kind.PRO, **overrides):
    order = _next_order(role.pros_cons.filter(kind=kind))
    return ProCon.objects.create(
        role=role, kind=kind, **{"order": order, "text": f"{kind} {order}", **overrides}
    )


def make_release(**overrides):
    fields = {"name": "May 2025", "reference_date": date(2025, 5, 1),
              "published_on": date(2026, 5, 15), **overrides}  # fmt: skip
    return Release.objects.get_or_create(name=fields.pop("name"), defaults=fields)[0]


def make_occupation(code="43-9061", title="Office Clerks, General", **overrides):
    return Occupation.objects.create(code=code, title=title, **{"group": "detailed", **overrides})


def make_projection(occupation, **overrides):
    """Office clerks' projection in BLS's 2024-34 release, as table 1.2 gives it."""
    release = SourceRelease.objects.get_or_create(
        kind="projections", name="2024-34",
        defaults={"first_year": 2024, "last_year": 2034, "published_on": date(2025, 8, 28),
                  "credit": "Source: Employment Projections program, U.S. Bureau of Labor "
                  "Statistics."},
    )[0]  # fmt: skip
    fields = {
        "employment_start": Decimal("2646.0"), "employment_end": Decimal("2468.2"),
        "change": Decimal("-177.8"), "change_percent": Decimal("-6.7"),
        "openings": Decimal("282.4"), "entry_education": "High school diploma or equivalent",
        "work_experience": "None", "job_training": "Short-term on-the-job training",
        "reason": "Productivity change - share decreases.",
        "handbook_url": "https://www.bls.gov/ooh/office-and-administrative-support/general-office-clerks.htm",
    }  # fmt: skip
    # make_catalogue's occupations have theirs already: a test's own figures replace them.
    return Projection.objects.update_or_create(
        release=release, occupation=occupation, defaults={**fields, **overrides}
    )[0]


def make_definition(occupation, text="Perform duties too varied and diverse."):
    release = SourceRelease.objects.get_or_create(
        kind="soc", name="2018",
        defaults={"first_year": 2018, "credit": "Source: 2018 Standard Occupational "
                  "Classification, U.S. Bureau of Labor Statistics."},
    )[0]  # fmt: skip
    return Definition.objects.create(occupation=occupation, release=release, text=text)


def make_onet(occupation, code, title, tasks=(), titles=(), technologies=()):
    """An O*NET 30.1 occupation describing `occupation`; `tasks` are (text, kind) in the order
    shown, `technologies` (example, commodity, hot)."""
    onet = OnetOccupation.objects.create(code=code, title=title, release=onet_release())
    onet.occupations.add(occupation)
    for position, (text, kind) in enumerate(tasks):
        onet.tasks.create(task_id=position + 1, text=text, kind=kind, position=position)
    for position, name in enumerate(titles):
        onet.titles.create(title=name, position=position)
    for example, commodity, hot in technologies:
        onet.technologies.create(example=example, commodity=commodity, hot=hot)
    return onet


def make_onet_profile(onet, emerging=(), tools=(), zone=None, education=(), bright=""):
    """O*NET's further content for `onet`: emerging task texts, tool examples, a job zone
    number, RL answers as (description, percent) and Bright Outlook categories."""
    for position, text in enumerate(emerging):
        onet.emerging_tasks.create(text=text, reported=date(2025, 8, 1), position=position)
    for position, example in enumerate(tools):
        onet.tools.create(example=example, commodity="Office machines", position=position)
    if zone:
        onet.job_zone = JobZone.objects.get_or_create(
            number=zone,
            defaults={"name": f"Job Zone {zone}: Some Preparation Needed",
                      "experience": "Some previous work-related experience is usually needed.",
                      "education": "These occupations usually require a high school diploma.",
                      "training": "A few months to one year.", "examples": "Tellers."},
        )[0]  # fmt: skip
    onet.bright_outlook = bright
    onet.save()
    for number, (description, percent) in enumerate(education, start=1):
        category = EducationCategory.objects.get_or_create(
            scale="RL", number=number, defaults={"description": description}
        )[0]
        onet.education.create(
            category=category, percent=Decimal(percent), respondents="Incumbent",
            surveyed=date(2018, 8, 1),
        )  # fmt: skip


def make_related(onet, code, title, occupation=None, index=1):
    """A most related (Primary-Short) occupation of `onet`, belonging to `occupation`."""
    return onet.related.create(
        code=code, title=title, occupation=occupation, tier="Primary-Short", index=index
    )


ONET_CREDITS = {
    "30.1": (2025, "Source: O*NET 30.1 Database (December 2025), U.S. Department of Labor, "
             "Employment and Training Administration."),
    "29": (2024, "Source: O*NET 29 Database (2024; its newest ratings are of August 2024), "
           "U.S. Department of Labor, Employment and Training Administration."),
}  # fmt: skip


def onet_release(name="30.1"):
    first_year, credit = ONET_CREDITS[name]
    return SourceRelease.objects.get_or_create(
        kind="onet", name=name, defaults={"first_year": first_year, "credit": credit}
    )[0]


def rate_onet(onet, domain, name, value, level="3.00", rated_in=date(2021, 8, 1), **flags):
    """A rating of O*NET occupation `onet` on the element `name` of `domain` (skill and
    knowledge: importance and level, O*NET 29's; interest: score, work_style: impact)."""
    descriptor = Descriptor.objects.filter(domain=domain, name=name).first()
    if descriptor is None:
        descriptor = Descriptor.objects.create(
            element_id=f"{domain}.{next(_numbers):05d}", domain=domain, name=name,
            description=f"What {name} means, as O*NET describes it.", release=onet_release(),
        )  # fmt: skip
    fields = {"onet_occupation": onet, "descriptor": descriptor, "rated_in": rated_in, **flags}
    if domain in ("skill", "knowledge"):
        return SkillRating.objects.create(
            release=onet_release("29"), importance=Decimal(value), level=Decimal(level), **fields
        )
    if domain == "interest":
        return InterestScore.objects.create(release=onet_release(), score=Decimal(value), **fields)
    return WorkStyleRating.objects.create(release=onet_release(), impact=Decimal(value), **fields)


def make_area(code="99", title="U.S.", kind="1", state="US"):
    return Area.objects.get_or_create(
        code=code, defaults={"title": title, "kind": kind, "state": state}
    )[0]


def make_state(number):
    """A made-up state numbered `number`, with a two-letter code of its own."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    code = letters[number // 26 % 26] + letters[number % 26]
    return make_area(code=str(100 + number), title=f"State {code}", kind="2", state=code)


def make_estimate(occupation, area, release=None, **overrides):
    fields = {
        "employment": 1000, "annual_mean": 46420, "hourly_mean": Decimal("22.32"),
        "annual_p10": 30310, "annual_p25": 36350, "annual_median": 45010, "annual_p75": 54300,
        "annual_p90": 64680, "hourly_p10": Decimal("14.57"), "hourly_p25": Decimal("17.48"),
        "hourly_median": Decimal("21.64"), "hourly_p75": Decimal("26.11"),
        "hourly_p90": Decimal("31.10"),
    }  # fmt: skip
    return WageEstimate.objects.create(
        occupation=occupation, area=area, release=release or make_release(),
        **{**fields, **overrides},
    )  # fmt: skip


def make_occupation_role(code, title, median, **overrides):
    """A role that is only an occupation (no guide), with the occupation's national median."""
    occupation = make_occupation(code, title, national_annual_median=median)
    return make_role(title=title, introduction="", occupation=occupation, **overrides)


HIGH_SCHOOL = "High school diploma or equivalent"


def make_cluster(name, number, *codes):
    """A career cluster of O*NET's legacy framework, with the occupations of `codes`."""
    cluster = CareerCluster.objects.create(name=name, number=number, bit=1 << (number - 1))
    cluster.occupations.set(Occupation.objects.filter(code__in=codes))
    return cluster


def make_catalogue(
    clerk_introduction="A Back Office Assistant keeps records and processes invoices.",
):
    """The small catalogue that the careers list and the API are tested on, so that both are
    checked against the same filters, counts and searches: three SOC major groups, two
    industries, two guides (a clerk and a nurse), three occupations without a guide (one whose
    median is not published), the wage release their medians are from, and a draft. Returns
    the roles by name."""
    make_release()
    for code, title in [
        ("43-0000", "Office and Administrative Support Occupations"),
        ("29-0000", "Healthcare Practitioners and Technical Occupations"),
        ("27-0000", "Arts, Design, Entertainment, Sports, and Media Occupations"),
    ]:
        make_occupation(code, title, group="major")
    healthcare = Industry.objects.create(name="Healthcare", slug="healthcare")
    finance = Industry.objects.create(name="Financial Services", slug="financial-services")
    clerk = make_role(
        title="Back Office Assistant",
        slug="back-office-assistant",
        occupation=make_occupation(
            "43-9061", "Office Clerks, General", national_annual_median=45010
        ),
        education_level=EducationLevel.HIGH_SCHOOL,
        growth_percent=Decimal("5.0"),
        growth_source="BLS",
        introduction=clerk_introduction,
    )
    clerk.refresh_search_body()  # its occupation's title, Office Clerks, General
    RoleIndustry.objects.create(role=clerk, industry=finance, order=1)
    RoleIndustry.objects.create(role=clerk, industry=healthcare, order=2)
    nurse = make_role(
        title="Registered Nurse",
        education_level=EducationLevel.BACHELOR,
        growth_percent=Decimal("-1.0"),
        growth_source="BLS",
        introduction="Registered nurses care for patients.",
        occupation=make_occupation("29-1141", "Registered Nurses", national_annual_median=93600),
    )
    RoleIndustry.objects.create(role=nurse, industry=healthcare, order=1)
    roles = {
        "clerk": clerk,
        "nurse": nurse,
        "receptionist": make_occupation_role(
            "43-4171", "Receptionists and Information Clerks", 37230
        ),
        "bookkeeper": make_occupation_role(
            "43-3031", "Bookkeeping, Accounting, and Auditing Clerks", 49210
        ),
        "actors": make_occupation_role("27-2011", "Actors", None),
        "draft": make_draft(title="Secret Clerk", slug="secret-clerk"),
    }
    # BLS's projections 2024-34 of their occupations (table 1.2: employment in thousands, 2024
    # and 2034, the change and its percent, openings a year), which the growth filter reads.
    # and their typical entry education, which the education filter reads.
    # And of all occupations together, whose change (3.1%) the growth bands compare with.
    make_projection(
        make_occupation(Occupation.TOTAL_CODE, "Total, all occupations", group="total"),
        employment_start=Decimal("169956.1"), employment_end=Decimal("175167.9"),
        change=Decimal("5211.8"), change_percent=Decimal("3.1"), openings=Decimal("18863.3"),
        entry_education="", work_experience="", job_training="", reason="", handbook_url="",
    )  # fmt: skip
    for code, numbers, education in [
        ("43-9061", ("2646.0", "2468.2", "-177.8", "-6.7", "282.4"), HIGH_SCHOOL),
        ("29-1141", ("3391.0", "3557.1", "166.1", "4.9", "189.1"), "Bachelor's degree"),
        ("43-4171", ("1007.2", "1007.6", "0.3", "0.0", "128.5"), HIGH_SCHOOL),
        ("43-3031", ("1613.4", "1519.1", "-94.3", "-5.8", "170.0"), "Some college, no degree"),
        ("27-2011", ("57.0", "57.1", "0.2", "0.3", "6.3"), "Some college, no degree"),
    ]:
        fields = ("employment_start", "employment_end", "change", "change_percent", "openings")
        make_projection(
            Occupation.objects.get(code=code),
            **dict(zip(fields, map(Decimal, numbers), strict=True)),
            entry_education=education,
        )
    # O*NET's legacy (2023) career clusters of the five, numbered by name as the import does.
    for number, name, codes in [
        (1, "Arts, Audio/Video Technology & Communications", ["27-2011"]),
        (2, "Business Management & Administration", ["43-3031", "43-4171", "43-9061"]),
        (3, "Health Science", ["29-1141"]),
    ]:
        make_cluster(name, number, *codes)
    # O*NET 30.1's job zones and Bright Outlook list of three of them.
    for code, title, zone, bright in [
        ("29-1141", "Registered Nurses", 4, "Rapid Growth; Numerous Job Openings"),
        ("43-3031", "Bookkeeping, Accounting, and Auditing Clerks", 3, "Numerous Job Openings"),
        ("27-2011", "Actors", 2, ""),
    ]:
        onet = make_onet(Occupation.objects.get(code=code), f"{code}.00", title)
        make_onet_profile(onet, zone=zone, bright=bright)
    Role.objects.refresh_official_figures()
    for role in roles.values():
        role.refresh_from_db()
    return roles


def make_tree(occupation):
    """The groups above `occupation` (Office Clerks, General) as the wage data has them, each
    with its real national median: all occupations, a major and a minor group. Returns the
    major and the minor group."""
    total = make_occupation("00-0000", "All Occupations", group="total")
    major = make_occupation(
        "43-0000", "Office and Administrative Support Occupations", group="major", parent=total
    )
    minor = make_occupation(
        "43-9000", "Other Office and Administrative Support Workers", group="minor", parent=major
    )
    occupation.parent = minor
    occupation.save()
    for group, median in [(total, 50980), (major, 47450), (minor, 45300)]:
        make_estimate(group, make_area(), annual_median=median)
    return major, minor


def make_site():
    """The shipped guide (Back Office Assistant), an occupation page for its occupation
    (office-clerks-general, no guide, with O*NET's ratings) and official figures for it:
    national, California and Los Angeles; and the groups above it. Returns the guide."""
    from django.core.management import call_command

    occupation = make_occupation()
    make_tree(occupation)
    make_estimate(occupation, make_area())
    make_estimate(occupation, make_area("6", "California", "2", "CA"))
    make_estimate(occupation, make_area("31080", "Los Angeles, CA", "4", "CA"))
    make_role(title="Office Clerks, General", slug="office-clerks-general", introduction="",
              occupation=occupation)  # fmt: skip
    onet = make_onet(occupation, "43-9061.00", "Office Clerks, General")
    rate_onet(onet, "skill", "Active Listening", "3.75", level="3.50")
    rate_onet(onet, "knowledge", "Administrative", "4.19", level_not_relevant=True)
    rate_onet(onet, "interest", "Conventional", "6.83", high_point=1)
    rate_onet(onet, "work_style", "Innovation", "-0.20")
    call_command("load_guides", verbosity=0)
    return Role.objects.get(slug="back-office-assistant")
