"""Every public page type in a real browser, at phone and desktop width, light and dark.

One load of each page per width and colour scheme, and on each load: axe finds nothing, the
page fits the screen and every table's key figures are on it, every icon draws, it has one h1
and headings that never skip a level, every form control has an accessible name, the landmarks
are there, and the skip link moves focus to <main>.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from guides.models import Role
from tests.builders import (
    make_area,
    make_cluster,
    make_estimate,
    make_occupation,
    make_role,
    make_site,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GUIDE = "back-office-assistant"
OCCUPATION = "office-clerks-general"  # a role without a guide, with official figures
WITHHELD = "actors"  # a role without a guide whose national median is not published ("*")
PAGES = {
    "home": "/",
    "list": "/careers/",
    "search": "/careers/?q=office+clerk&education=high_school",
    "guide": f"/careers/{GUIDE}/",
    "occupation": f"/careers/{OCCUPATION}/",
    "withheld": f"/careers/{WITHHELD}/",
    "salary": f"/careers/{GUIDE}/salaries/",
    "salary-state": f"/careers/{GUIDE}/salaries/?state=CA",
    "compare": f"/compare/?careers={GUIDE},{OCCUPATION}",
    "job-post": f"/careers/{GUIDE}/job-post/?level=2&state=CA",
    "embed": f"/careers/{GUIDE}/embed/",
    "groups": "/occupations/",
    "group": "/occupations/43-9000/",
    "clusters": "/clusters/",
    "cluster": "/clusters/business-management-administration/",
    "404": "/careers/no-such-career/",
}
BARE = {"embed"}  # shown inside other sites' pages: no site header, navigation or footer
WIDTHS = [375, 1280]
SCHEMES = ["light", "dark"]
# Roles of form controls in Chromium's accessibility tree.
CONTROL_ROLES = {
    "button", "checkbox", "combobox", "listbox", "radio", "searchbox", "slider",
    "spinbutton", "switch", "textbox",
}  # fmt: skip

MIN_TEXT_PX = 12  # the smallest text on any page, in CSS pixels, charts included
# Text as rendered: an SVG chart's text is scaled with its viewBox, so its size on screen is
# its font size times the chart's scale.
SMALL_TEXT = """(least) => [...document.querySelectorAll("body *")]
    .filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .filter(el => el.getClientRects().length && !el.closest("title, desc, .visually-hidden"))
    .map(el => {
        const size = parseFloat(getComputedStyle(el).fontSize);
        const scale = el instanceof SVGElement ? el.getScreenCTM().a : 1;
        return [el.tagName.toLowerCase(), el.textContent.trim().slice(0, 40),
                Math.round(size * scale * 10) / 10];
    })
    .filter(([, , px]) => px < least)"""

# A figures table's key columns, by their heading: the row's name and its main figure. Each of
# their cells, and the table's caption, is fully on screen without scrolling the table (the
# other columns may scroll in the table's own box).
KEY_COLUMNS = [
    "State", "Area", "Level", "Country", "Percentile", "Median", "Median annual",
    "Median hourly", "Annual", "Hourly", "US dollars",
]  # fmt: skip
HIDDEN_KEY_CELLS = """(keys) => {
    const hidden = [];
    for (const table of document.querySelectorAll("main table")) {
        const headings = [...table.querySelectorAll("thead tr:last-child th")]
            .map(th => th.textContent.trim().replace(/\\s+/g, " "));
        const box = (table.closest(".table-scroll") || document.body).getBoundingClientRect();
        const right = Math.min(box.right, window.innerWidth) + 0.5;
        const caption = table.caption?.getBoundingClientRect();
        if (caption && (caption.right > right || caption.left < box.left - 0.5))
            hidden.push(`the caption of ${table.caption.textContent.trim().slice(0, 30)}`);
        for (const row of table.querySelectorAll("tbody tr")) {
            let column = 0;
            for (const cell of row.children) {
                const rect = cell.getBoundingClientRect();
                const cut = rect.right > right || rect.left < box.left - 0.5;
                if (keys.includes(headings[column]) && cut)
                    hidden.push(`${table.caption?.textContent.trim().slice(0, 30)}: ` +
                                `${headings[column]} of ${row.children[0].textContent.trim()}`);
                column += cell.colSpan;
            }
        }
    }
    return hidden;
}"""

# Icons of the sprite (static/icons.svg) that draw nothing: a symbol the sprite lacks, or a
# sprite the browser could not use.
BLANK_ICONS = """() => [...document.querySelectorAll("svg.icon use")]
    .filter(use => !use.getBBox().width)
    .map(use => use.getAttribute("href"))"""

HEADINGS = """() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")]
    .map(h => [Number(h.getAttribute("aria-level") || h.tagName.slice(1)),
               h.textContent.trim().replace(/\\s+/g, " ").slice(0, 60)])"""


@pytest.fixture
def site(live_server):
    make_site()  # the guide, the occupation page and official figures
    actors = make_occupation("27-2011", "Actors")
    make_estimate(actors, make_area(), annual_median=None, markers={"annual_median": "*"})
    make_role(title="Actors", slug=WITHHELD, introduction="", occupation=actors)
    make_cluster("Business Management & Administration", 4, "43-9061", "27-2011")
    Role.objects.refresh_official_figures()
    return live_server.url


def heading_problems(headings):
    levels = [level for level, _ in headings]
    problems = []
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 elements, not one")
    previous = 0
    for level, text in headings:
        if level > previous + 1:
            problems.append(f"h{level} “{text}” follows h{previous}: a level is skipped")
        previous = level
    return problems


def unnamed_controls(page):
    """Form controls without an accessible name, as Chromium computes names."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return [
        f"{node['role']['value']} (DOM node {node.get('backendDOMNodeId')})"
        for node in nodes
        if not node.get("ignored")
        and node.get("role", {}).get("value") in CONTROL_ROLES
        and not node.get("name", {}).get("value", "").strip()
    ]


def landmark_problems(page, bare):
    counts = {
        role: page.get_by_role(role).count()
        for role in ("main", "banner", "navigation", "contentinfo")
    }
    problems = [] if counts["main"] == 1 else [f"{counts['main']} main landmarks, not one"]
    if not bare:
        problems += [f"no {role} landmark" for role, count in counts.items() if not count]
    return problems


def skip_link_problems(page):
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.className")
    if first != "skip-link":
        return [f"the first Tab stop is .{first}, not the skip link"]
    if not page.evaluate("document.activeElement.getBoundingClientRect().top >= 0"):
        return ["the focused skip link is off screen"]
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.id")
    return [] if focused == "main" else [f"the skip link moved focus to #{focused}, not #main"]


def check_loaded_page(page, width, bare):
    problems = []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"scrolls sideways: {scroll_width}px wide")
    problems += [
        f"a key figure is off screen: {cell}"
        for cell in page.evaluate(HIDDEN_KEY_CELLS, KEY_COLUMNS)
    ]
    problems += [
        f"text of {px}px (under {MIN_TEXT_PX}px): <{tag}> {text!r}"
        for tag, text, px in page.evaluate(SMALL_TEXT, MIN_TEXT_PX)
    ]
    problems += [f"an icon draws nothing: {href}" for href in page.evaluate(BLANK_ICONS)]
    problems += heading_problems(page.evaluate(HEADINGS))
    problems += [f"no accessible name: {control}" for control in unnamed_controls(page)]
    problems += landmark_problems(page, bare)
    results = Axe().run(page)
    if results.violations_count:
        problems.append(results.generate_report())
    if not bare:
        problems += skip_link_problems(page)  # last: it moves focus and the URL's fragment
    return problems


@pytest.mark.parametrize("name", PAGES)
def test_page_in_every_width_and_colour_scheme(page, site, name):
    problems = []
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(f"{site}{PAGES[name]}")
            assert response.status == (404 if name == "404" else 200), name
            assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
            problems += [
                f"{width}px {scheme}: {problem}"
                for problem in check_loaded_page(page, width, name in BARE)
            ]
    assert not problems, f"{PAGES[name]}:\n" + "\n".join(problems)
