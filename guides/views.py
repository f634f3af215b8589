"""Public pages: home, the list of careers, and the guide."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from guides.models import ProCon, Role, Section, Skill

ROLES_PER_PAGE = 24


def home(request):
    roles = Role.objects.published().exclude(introduction="")[:6]
    return render(request, "guides/home.html", {"featured": roles})


def role_list(request):
    roles = Role.objects.published().only("title", "slug", "introduction_html")
    page = Paginator(roles, ROLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "guides/role_list.html", {"page": page})


def detail(request, slug):
    role = get_object_or_404(Role.objects.published().for_guide_page(), slug=slug)
    sections = {section.kind: section for section in role.sections.all()}
    skills = {kind: [] for kind in Skill.Kind}
    for skill in role.skills.all():
        skills[skill.kind].append(skill)
    pros_cons = {kind: [] for kind in ProCon.Kind}
    for item in role.pros_cons.all():
        pros_cons[item.kind].append(item)
    context = {
        "role": role,
        "sections": sections,
        "industries": [link.industry for link in role.role_industries.all()],
        "responsibilities": role.responsibilities.all(),
        "education_requirements": skills[Skill.Kind.EDUCATION],
        "technical_skills": skills[Skill.Kind.TECHNICAL],
        "soft_skills": skills[Skill.Kind.SOFT],
        "steps": role.steps.all(),
        "career_levels": role.career_levels.all(),
        "country_salaries": role.country_salaries.all(),
        "pros": pros_cons[ProCon.Kind.PRO],
        "cons": pros_cons[ProCon.Kind.CON],
        "faqs": role.faqs.all(),
        "related_roles": [link.related for link in role.related_links.all()],
    }
    context["contents"] = _table_of_contents(context)
    context["shown"] = {anchor for anchor, _ in context["contents"]}
    return render(request, "guides/role_detail.html", context)


def _table_of_contents(context):
    """The guide's sections that have content, as (anchor, label) pairs in page order."""
    sections = context["sections"]
    has = {
        "overview": Section.Kind.OVERVIEW in sections,
        "responsibilities": bool(context["responsibilities"]),
        "work-environment": Section.Kind.WORK_ENVIRONMENT in sections,
        "tools": Section.Kind.TOOLS in sections,
        "skills": Section.Kind.SKILLS in sections
        or context["technical_skills"]
        or context["soft_skills"],
        "how-to-become": Section.Kind.HOW_TO_BECOME in sections or bool(context["steps"]),
        "education": Section.Kind.EDUCATION in sections,
        "salary": Section.Kind.SALARY in sections or bool(context["career_levels"]),
        "career-path": Section.Kind.CAREER_PATH in sections or bool(context["career_levels"]),
        "diversity": Section.Kind.DIVERSITY in sections,
        "global": Section.Kind.GLOBAL in sections or bool(context["country_salaries"]),
        "market": Section.Kind.MARKET in sections,
        "pros-cons": bool(context["pros"] or context["cons"]),
        "faq": bool(context["faqs"]),
        "related": bool(context["related_roles"]),
    }
    return [(anchor, label) for anchor, label in CONTENTS if has[anchor]]


CONTENTS = [
    ("overview", "What it is"),
    ("responsibilities", "Responsibilities"),
    ("work-environment", "Work environment"),
    ("tools", "Tools & technologies"),
    ("skills", "Skills & qualifications"),
    ("how-to-become", "How to become one"),
    ("education", "Education & training"),
    ("salary", "Salary & outlook"),
    ("career-path", "Career path"),
    ("diversity", "Diversity & inclusion"),
    ("global", "Global opportunities"),
    ("market", "Market reality"),
    ("pros-cons", "Pros & cons"),
    ("faq", "FAQ"),
    ("related", "Related careers"),
]
