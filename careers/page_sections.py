"""The sections of a guide page, in page order: each one's anchor, its entry in the contents list,
its heading, and the parts of the guide that fill it.

Each section is drawn by the `guide-section` partial of careers/role_detail.html: its heading,
the prose an editor wrote for it, then its own content partial (named by `content`, in the same
template), then its subsections. A heading an editor writes on a prose section replaces the
standard heading given here; so does the heading of a section that titles a list (the guide's
"Key Responsibilities", "Technical Skills", ...), whose text, if any, leads the list.
"""

from dataclasses import dataclass

from guides.models import Section, Skill

# The template whose partials draw the sections.
TEMPLATE = "careers/role_detail.html"

# The skills section's groups, in page order, each under its own heading.
SKILL_HEADINGS = {
    Skill.Kind.EDUCATION: "Education requirements",
    Skill.Kind.TECHNICAL: "Technical skills",
    Skill.Kind.SOFT: "Soft skills",
}
# The section in which a guide may give a group its own heading and lead text.
SKILL_SECTIONS = {
    Skill.Kind.EDUCATION: Section.Kind.SKILLS_EDUCATION,
    Skill.Kind.TECHNICAL: Section.Kind.SKILLS_TECHNICAL,
    Skill.Kind.SOFT: Section.Kind.SKILLS_SOFT,
}


@dataclass(frozen=True)
class Subsection:
    """A titled part of a section: an editor's prose section under its own `h3`."""

    kind: Section.Kind
    heading: str  # empty: no heading unless the guide gives one
    shown_by: tuple[str, ...] = ()  # context entries that show it even without its prose
    content: str = ""  # the partial drawn after its prose
    prose_alone: bool = True  # False: its prose without any of `shown_by` is not shown

    def has_content(self, context):
        prose = self.prose_alone and self.kind in context["sections"]
        return prose or _any(self.shown_by, context)


@dataclass(frozen=True)
class PageSection:
    """A section of the guide page, with its entry in the page's contents list."""

    anchor: str
    label: str  # its entry under "On this page"
    heading: str
    kind: Section.Kind | None = None  # the prose that leads it; None for a section of items only
    shown_by: tuple[str, ...] = ()  # context entries that give it content besides its prose
    prose_alone: bool = True  # False: its prose without any of those is not shown
    content: str = ""  # the partial drawn after its prose
    subsections: tuple[Subsection, ...] = ()
    figures_first: bool = False  # its content (figures) drawn before its prose, not after

    def has_content(self, context):
        prose = self.prose_alone and self.kind in context["sections"]
        return prose or _any(self.shown_by, context)


PAGE_SECTIONS = (
    PageSection("overview", "What it is", "What the role is", kind=Section.Kind.OVERVIEW),
    PageSection(
        "responsibilities",
        "Responsibilities",
        "Key responsibilities",
        kind=Section.Kind.RESPONSIBILITIES,
        shown_by=("responsibilities",),
        subsections=(
            # Under the standard heading the list needs no heading of its own.
            Subsection(
                Section.Kind.RESPONSIBILITY_LIST,
                "",
                shown_by=("responsibilities",),
                content="responsibilities",
                prose_alone=False,
            ),
        ),
    ),
    PageSection(
        "work-environment",
        "Work environment",
        "Work environment",
        kind=Section.Kind.WORK_ENVIRONMENT,
    ),
    PageSection("tools", "Tools & technologies", "Tools & technologies", kind=Section.Kind.TOOLS),
    PageSection(
        "skills",
        "Skills & qualifications",
        "Skills & qualifications",
        kind=Section.Kind.SKILLS,
        shown_by=("skill_groups",),
        content="skills",
    ),
    PageSection(
        "how-to-become",
        "How to become one",
        "How to become one",
        kind=Section.Kind.HOW_TO_BECOME,
        shown_by=("steps",),
        content="steps",
    ),
    PageSection(
        "education", "Education & training", "Education & training", kind=Section.Kind.EDUCATION
    ),
    PageSection(
        "salary",
        "Salary & outlook",
        "Salary & outlook",
        kind=Section.Kind.SALARY,
        shown_by=("career_levels", "official"),
        content="salary",
        figures_first=True,  # a link to #salary opens on the numbers
        subsections=(Subsection(Section.Kind.SALARY_MARKET, "Market commentary"),),
    ),
    PageSection(
        "career-path",
        "Career path",
        "Career path",
        kind=Section.Kind.CAREER_PATH,
        shown_by=("career_levels",),
        content="career-path",
    ),
    PageSection(
        "diversity",
        "Diversity & inclusion",
        "Diversity & inclusion",
        kind=Section.Kind.DIVERSITY,
        subsections=(
            Subsection(Section.Kind.DIVERSITY_HIRING, "Inclusive hiring practices"),
            Subsection(Section.Kind.DIVERSITY_CULTURE, "Workplace culture"),
            Subsection(Section.Kind.DIVERSITY_RESOURCES, "Resources & support networks"),
        ),
    ),
    PageSection(
        "global",
        "Global opportunities",
        "Global opportunities",
        kind=Section.Kind.GLOBAL,
        shown_by=("country_salaries",),
        subsections=(
            Subsection(
                Section.Kind.GLOBAL_SALARIES,
                "Global salaries",
                shown_by=("country_salaries",),
                content="country-salaries",
            ),
            Subsection(Section.Kind.REMOTE_WORK, "Remote work"),
            Subsection(Section.Kind.VISA, "Visa & immigration"),
        ),
    ),
    PageSection(
        "market",
        "Market reality",
        "Market reality",
        kind=Section.Kind.MARKET,
        subsections=(
            Subsection(Section.Kind.MARKET_CHALLENGES, "Current challenges"),
            Subsection(Section.Kind.MARKET_GROWTH, "Growth opportunities"),
            Subsection(Section.Kind.MARKET_TRENDS, "Current market trends"),
        ),
    ),
    PageSection(
        "pros-cons",
        "Pros & cons",
        "Pros & cons",
        kind=Section.Kind.PROS_CONS,
        shown_by=("pros", "cons"),
        prose_alone=False,
        content="pros-cons",
    ),
    PageSection(
        "faq",
        "FAQ",
        "Frequently asked questions",
        kind=Section.Kind.FAQ,
        shown_by=("faqs",),
        prose_alone=False,
        content="faqs",
    ),
    PageSection(
        "related",
        "Related careers",
        "Related careers",
        kind=Section.Kind.RELATED,
        shown_by=("related_links",),
        prose_alone=False,
        content="related-careers",
    ),
    PageSection(
        "changes",
        "Changes to this guide",
        "Changes to this guide",
        shown_by=("change_notes",),
        content="change-notes",
    ),
)


def sections_with_content(context):
    """The guide's sections that have content, in page order, as the template draws them.

    `context` is the guide page's context: `sections` (the guide's prose by kind) and every
    entry a section is `shown_by`.
    """
    written = context["sections"]
    drawn = []
    for section in PAGE_SECTIONS:
        if section.has_content(context):
            drawn.append(
                {
                    "anchor": section.anchor,
                    "label": section.label,
                    "figures_first": section.figures_first,
                    **_drawn(section, written),
                    "subsections": [
                        _drawn(subsection, written)
                        for subsection in section.subsections
                        if subsection.has_content(context)
                    ],
                }
            )
    return drawn


def skill_groups(skills, written):
    """The skills section's groups that have skills, in page order: each one's heading, lead
    text (both the guide's own if it wrote them) and `skills`, from `skills` by kind."""
    return [
        {**_drawn(Subsection(SKILL_SECTIONS[kind], heading), written), "skills": skills[kind]}
        for kind, heading in SKILL_HEADINGS.items()
        if skills[kind]
    ]


def _any(names, context):
    return any(context[name] for name in names)


def _drawn(part, written):
    """A section's (or subsection's) heading, prose and content partial, for this guide."""
    prose = written.get(part.kind)
    return {
        "heading": prose.heading if prose and prose.heading else part.heading,
        # None: a section of items only, without a prose block; "": its prose is not written.
        "prose_html": prose.body_html if prose else (None if part.kind is None else ""),
        "content": f"{TEMPLATE}#{part.content}" if part.content else "",
    }
