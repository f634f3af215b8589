"""
What a guide page tells machines: schema.org JSON-LD and the link preview's text.

The JSON-LD describes the role as a schema.org `Occupation` with its headline pay
(careers/headline.py) as a `MonetaryAmountDistribution` named for which figure it is and its
source: the official percentiles, at the page's own rounding (whole dollars a year), or the
guide's own median; and a `BreadcrumbList`. A top-coded or unpublished percentile is left out
rather than guessed. Its
education, skills and responsibilities are what the page shows: a guide's own, or on an
occupation page the official profile's (`profile_facts`).
"""

import html
import json
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from careers.headline import estimate_headline
from salaries.figures import PERCENTILES

# Like django.utils.html.json_script: nothing in the data can end the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
SCHEMA_PERCENTILES = {"p10": "percentile10", "p25": "percentile25", "median": "median",
                      "p75": "percentile75", "p90": "percentile90"}  # fmt: skip


def json_ld(data):
    """`data` as a JSON-LD script element, safe whatever its strings hold."""
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def summary(role, words=30):
    """The introduction as plain text (its HTML's tags gone and its character references read
    back, so that templates and JSON escape it once), cut after `words` words."""
    return Truncator(html.unescape(strip_tags(role.introduction_html))).words(words)


def pay_line(role, official):
    """The role's headline pay, saying which figure it is and where it comes from, as the link
    preview's description starts and the embed card says it. `official` is the newest national
    estimate of its occupation, or None."""
    pay = estimate_headline(role, official)
    return pay.sentence() if pay is not None else ""


def description(role, official):
    return " ".join(part for part in (pay_line(role, official), summary(role)) if part)


def occupation_graph(request, role, official, education="", skills=(), responsibilities=()):
    """The JSON-LD of a role's page: its Occupation and the breadcrumbs to it. `education`,
    `skills` and `responsibilities` are texts, as the page shows them."""
    url = request.build_absolute_uri(role.get_absolute_url())
    occupation = {
        "@type": "Occupation",
        "@id": f"{url}#occupation",
        "name": role.title,
        "description": summary(role, 60),
        "occupationLocation": [{"@type": "Country", "name": "United States"}],
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }
    if role.last_reviewed:
        occupation["mainEntityOfPage"]["lastReviewed"] = role.last_reviewed.isoformat()
    if role.occupation_id:
        occupation["occupationalCategory"] = {
            "@type": "CategoryCode",
            "codeValue": role.occupation_id,
            "inCodeSet": {"@type": "CategoryCodeSet", "name": "Standard Occupational "
                          "Classification (SOC) 2018"},
        }  # fmt: skip
    salary = _salary_distribution(estimate_headline(role, official), official)
    if salary:
        occupation["estimatedSalary"] = [salary]
    if education:
        occupation["educationRequirements"] = education
    if skills:
        occupation["skills"] = list(skills)
    if responsibilities:
        occupation["responsibilities"] = list(responsibilities)
    breadcrumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "All careers",
             "item": request.build_absolute_uri(reverse("careers:list"))},
            {"@type": "ListItem", "position": 2, "name": role.title, "item": url},
        ],
    }  # fmt: skip
    return {"@context": "https://schema.org", "@graph": [occupation, breadcrumbs]}


def profile_facts(outlook, onet):
    """What an occupation page shows of its official profile, as occupation_graph's education,
    skills and responsibilities: BLS's typical education to enter, each O*NET occupation's hot
    technologies (all its technologies when none is hot, as the page then lists them) and
    O*NET's tasks, core first, then its emerging tasks. `onet` comes with its tasks, emerging
    tasks and technologies prefetched."""
    skills = []
    for part in onet:
        for technology in part.hot_technologies or part.technologies.all():
            if technology.example not in skills:  # a combined occupation's parts share some
                skills.append(technology.example)
    return {
        "education": outlook.entry_education if outlook else "",
        "skills": skills,
        "responsibilities": [
            task.text for part in onet for task in (*part.tasks.all(), *part.emerging_tasks.all())
        ],
    }


def _salary_distribution(pay, official):
    """The headline pay as schema.org has it: the official percentiles around the official
    median, or the guide's own median; named for which figure it is and its source."""
    if pay is None:
        return None
    period = "hourly" if pay.hourly else "annual"
    distribution = {
        "@type": "MonetaryAmountDistribution",
        "name": f"{period.capitalize()} wage, {pay.citation}",
        "currency": pay.currency,
        "duration": "PT1H" if pay.hourly else "P1Y",
    }
    if pay.older_note:
        distribution["description"] = pay.older_note[:1].upper() + pay.older_note[1:] + "."
    if not pay.official:
        distribution["median"] = pay.amount
        return distribution
    for _, name in PERCENTILES:
        field = f"{period}_{name}"
        value = getattr(official, field)
        if value is not None and official.markers.get(field) != "#":
            distribution[SCHEMA_PERCENTILES[name]] = _number(value)
    return distribution


def _number(value):
    """A wage as a JSON number: whole dollars a year, dollars and cents an hour."""
    return float(value) if isinstance(value, Decimal) else value


def page_preview(request, title, description, path, role=None, official=None):
    """The canonical address and the link preview of a page: a guide's own image, or the
    site's. `official` is the newest national estimate of the role's occupation, which the
    page has loaded (or None)."""
    from careers import link_preview  # drawing needs Pillow only when a preview is asked

    if role is not None:
        image = reverse("careers:preview_image", args=[role.slug])
        alt = link_preview.alt_text(role, estimate_headline(role, official))
    else:
        image = reverse("careers:site_preview_image")
        alt = f"{settings.SITE_NAME}: career guides with the source of every figure"
    return {
        "type": "article" if role is not None and role.has_guide else "website",
        "title": title,
        "description": description,
        "url": request.build_absolute_uri(path),
        "image": request.build_absolute_uri(image),
        "image_alt": alt,
        "width": link_preview.IMAGE_WIDTH,
        "height": link_preview.IMAGE_HEIGHT,
    }
