"""
The job post kit: a draft job description assembled from a published guide.

Recruiters choose a career level of the guide and, optionally, a U.S. state (the form is in
careers/forms.py, the page in careers/views.py). The kit takes every line from the guide
(introduction, the level, responsibilities, requirements, typical education, the guide's pay
for the level) or from the official wage estimates of the role's occupation in that state (25th
to 75th percentile and median), and gives it as plain text and as Markdown, with a preview of
the Markdown. Nothing else is added.
"""

import html
import re

from django.utils.html import strip_tags

from careers import page_sections
from guides.models import Skill
from salaries.currency import format_money
from salaries.figures import NOT_PUBLISHED, describe_wage

SOURCE = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"
RANGE_LABEL = "25th to 75th percentile"
SKILL_KINDS = {
    "education_requirements": Skill.Kind.EDUCATION,
    "technical_skills": Skill.Kind.TECHNICAL,
    "soft_skills": Skill.Kind.SOFT,
}
# The guide page's headings for the same groups.
SKILL_HEADINGS = [(key, page_sections.SKILL_HEADINGS[kind]) for key, kind in SKILL_KINDS.items()]


# --- Assembly -------------------------------------------------------------------------------

_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre|tr)>|<br\s*/?>|<hr\s*/?>", re.I)


def one_line(text):
    """Text with its runs of whitespace, line breaks included, made single spaces."""
    return " ".join((text or "").split())


def paragraphs(html_text):
    """The paragraphs of sanitised HTML as plain text, each on one line."""
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n\n", html_text or "")))
    return [one_line(block) for block in re.split(r"\n\s*\n", text) if block.strip()]


def official_pay(estimate):
    """The official pay of an estimate as the kit states it, or None without an estimate.

    Annual wages, unless BLS publishes only hourly wages for the occupation."""
    if estimate is None:
        return None
    period, per = ("hourly", "an hour") if estimate.hourly_only else ("annual", "a year")
    low = describe_wage(estimate, f"{period}_p25")
    high = describe_wage(estimate, f"{period}_p75")
    median = describe_wage(estimate, f"{period}_median")
    # A range needs both ends: without one of them BLS has published no range.
    published = NOT_PUBLISHED not in (low, high)
    return {
        "range_label": RANGE_LABEL,
        "range": f"{low} to {high} {per}" if published else NOT_PUBLISHED,
        "median": median if median == NOT_PUBLISHED else f"{median} {per}",
        "occupation": f"{estimate.occupation.title} (SOC {estimate.occupation.code})",
        "area": estimate.area.title,
        "source": f"{SOURCE}, {estimate.release.name}, {estimate.area.title}",
    }


def guide_pay(level):
    """The guide's own pay for the level, with its source and year, or None."""
    salary = getattr(level, "salary", None) if level is not None else None
    if salary is None:
        return None
    return {
        "median": format_money(salary.median, salary.currency),
        "average": format_money(salary.average, salary.currency),
        "source": salary.source,
        "year": salary.year,
    }


def assemble(role, level, estimate, guide_url=None):
    """The parts of the job post: a dict of the guide's and the official data's lines.

    `level` is one of the guide's CareerLevels (or None for a guide without levels),
    `estimate` the WageEstimate of the chosen area (or None), `guide_url` the guide's
    absolute address (its path by default). Reads `role.responsibilities` and `role.skills`
    (prefetch them for a constant number of queries)."""
    skills = {key: [] for key in SKILL_KINDS}
    kinds = {kind: key for key, kind in SKILL_KINDS.items()}
    for skill in role.skills.all():
        skills[kinds[skill.kind]].append(
            {"name": one_line(skill.name), "text": one_line(skill.text)}
        )
    return {
        "role_title": role.title,
        "title": one_line(level.title if level is not None else role.title),
        "years": level.years if level is not None else "",
        "level_description": one_line(level.description) if level is not None else "",
        "summary": paragraphs(role.introduction_html),
        "responsibilities": [one_line(item.text) for item in role.responsibilities.all()],
        **skills,
        "typical_education": one_line(role.typical_education),
        "official_pay": official_pay(estimate),
        "guide_pay": guide_pay(level),
        "guide_url": guide_url or role.get_absolute_url(),
    }


def _skill_line(skill):
    return f"{skill['name']}: {skill['text']}" if skill["name"] else skill["text"]


def _pay_lines(parts):
    """The pay section's lines, the same in both versions: (label, text) pairs."""
    lines = []
    pay = parts["official_pay"]
    if pay is not None:
        lines += [
            (f"Official pay, {pay['range_label']}", pay["range"]),
            ("Official median", pay["median"]),
            ("Occupation", pay["occupation"]),
            ("Source of the official pay", pay["source"]),
        ]
    band = parts["guide_pay"]
    if band is not None:
        lines += [
            (
                "The guide's estimate for this level",
                f"median {band['median']}, average {band['average']} a year",
            ),
            ("Source of the guide's estimate", f"{band['source']}, {band['year']}"),
        ]
    return lines


def _sections(parts):
    """The post as (heading, paragraphs, list items, labelled lines), in order."""
    sections = []
    if parts["summary"]:
        sections.append(("About the role", parts["summary"], [], []))
    if parts["level_description"]:
        sections.append(("At this level", [parts["level_description"]], [], []))
    if parts["responsibilities"]:
        sections.append(("Responsibilities", [], parts["responsibilities"], []))
    for key, heading in SKILL_HEADINGS:
        if parts[key]:
            sections.append((heading, [], [_skill_line(skill) for skill in parts[key]], []))
    if parts["typical_education"]:
        sections.append(("Typical education", [parts["typical_education"]], [], []))
    pay = _pay_lines(parts)
    if pay:
        sections.append(("Pay", [], [], pay))
    return sections


def as_text(parts):
    """The job post as plain text."""
    lines = [parts["title"]]
    if parts["years"]:
        lines.append(f"Experience: {parts['years']}")
    for heading, texts, items, labelled in _sections(parts):
        lines += ["", heading.upper()]
        for number, text in enumerate(texts):
            lines += [""] * bool(number) + [text]
        lines += [f"- {item}" for item in items]
        lines += [f"{label}: {text}" for label, text in labelled]
    lines += ["", f"Career guide: {parts['role_title']}, {parts['guide_url']}"]
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)")
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")


def escape_markdown(text):
    """Text shown as written in Markdown: no emphasis, links, headings, lists or HTML."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: f"{m[1]}{m[2][:-1]}\\{m[2][-1]}", text)
    return _TAG_LIKE.sub("&lt;", text)


def as_markdown(parts):
    """The job post as Markdown."""
    lines = [f"# {escape_markdown(parts['title'])}"]
    if parts["years"]:
        lines += ["", f"**Experience:** {escape_markdown(parts['years'])}"]
    for heading, texts, items, labelled in _sections(parts):
        lines += ["", f"## {heading}", ""]
        for number, text in enumerate(texts):
            lines += [""] * bool(number) + [escape_markdown(text)]
        lines += [f"- {escape_markdown(item)}" for item in items]
        # Each labelled line is a list item, so that no renderer runs them together.
        lines += [f"- **{label}:** {escape_markdown(text)}" for label, text in labelled]
    title, url = escape_markdown(parts["role_title"]), parts["guide_url"]
    lines += ["", f"Career guide: [{title}]({url})"]
    return "\n".join(lines) + "\n"
