"""The link preview image of a guide: what it shows, that it always fits, and its caching."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.cache import cache
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone
from PIL import Image

from careers import link_preview, views
from tests.builders import make_draft, make_occupation, make_release, make_role

pytestmark = pytest.mark.django_db

# As a page: browsers ask again each time (a 304 while it is the same), a CDN keeps it a minute.
CACHED_LIKE_PAGES = "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TEXT_COLOURS = {
    "title": link_preview.INK,
    "pay": link_preview.INK,
    "source": link_preview.MUTED,
    "site name": link_preview.ACCENT,
}


@pytest.fixture
def role():
    make_release(name="May 2024", reference_date=date(2024, 5, 1))
    make_release(name="May 2025", reference_date=date(2025, 5, 1))
    occupation = make_occupation(national_annual_median=45010)
    return make_role(title="Back Office Assistant", slug="back-office-assistant",
                     occupation=occupation)  # fmt: skip


@pytest.fixture
def draws(monkeypatch):
    """Every call of draw(), still drawing."""
    calls = []
    real_draw = link_preview.draw

    def counting_draw(*args):
        calls.append(args)
        return real_draw(*args)

    monkeypatch.setattr(link_preview, "draw", counting_draw)
    return calls


def open_png(data):
    assert data.startswith(PNG_SIGNATURE)
    image = Image.open(BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def draw(title="Back Office Assistant", pay="Median pay $45,010 a year",
         source="BLS OEWS May 2025, U.S. national median"):  # fmt: skip
    return open_png(link_preview.draw(title, pay, source, "careerguide"))


def colours(image, box=None):
    region = image.crop(box) if box else image
    return {colour for _, colour in region.getcolors(maxcolors=1 << 20)}


def luminance(rgb):
    """WCAG 2 relative luminance."""

    def linear(channel):
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def get(path="/careers/back-office-assistant/preview.png", **headers):
    return RequestFactory().get(path, headers=headers)


def image(role, **headers):
    """The response of `role`'s image, as the URL answers it."""
    return views.preview_image(get(**headers), slug=role.slug)


def etag_and_png(role):
    response = image(role)
    return response["ETag"], response.content


# The image -----------------------------------------------------------------------------------


def test_is_a_png_of_the_open_graph_size(role):
    png = open_png(image(role).content)

    assert png.size == (link_preview.IMAGE_WIDTH, link_preview.IMAGE_HEIGHT) == (1200, 630)


def test_uses_the_solid_background_one_accent_bar_and_the_text_colours():
    image = draw()

    assert image.getpixel((0, 0)) == image.getpixel((0, 629)) == link_preview.ACCENT
    assert image.getpixel((1199, 0)) == image.getpixel((600, 10)) == link_preview.BACKGROUND
    assert set(TEXT_COLOURS.values()) <= colours(image)


@pytest.mark.parametrize("name, colour", TEXT_COLOURS.items())
def test_every_text_colour_meets_wcag_aa_on_the_background(name, colour):
    assert contrast(colour, link_preview.BACKGROUND) >= 4.5, name


def test_the_contrast_formula_gives_the_known_extremes():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(
    "title",
    [
        " ".join(["Senior"] * 50)[:300],  # 300 characters of words
        "x" * 300,  # one word wider than three lines
        "Café Manager",
        "Ingénieur d’études — Łódź, Straße",
        "Ведущий инженер 日本語 🚀",
        "Tab\tnew\nline\x00null \ud800 zero\u200bwidth e\u0301",
        "",
    ],
)
def test_any_title_draws_inside_the_margins(title):
    image = draw(title=title)

    assert image.size == (1200, 630)
    right_margin = (1200 - link_preview.RIGHT + 8, 0, 1200, 630)
    assert colours(image, right_margin) == {link_preview.BACKGROUND}


def test_a_long_title_keeps_three_lines_ending_in_an_ellipsis():
    font, lines = link_preview._fit_title(" ".join(["Senior"] * 50), 300)

    assert len(lines) == link_preview.TITLE_MAX_LINES
    assert lines[-1].endswith(link_preview.ELLIPSIS)
    assert font.size == min(link_preview.TITLE_SIZES)
    assert all(font.getlength(line) <= link_preview.TEXT_WIDTH for line in lines)


def test_a_short_title_is_drawn_large_on_one_line():
    font, lines = link_preview._fit_title("Cashier", 300)

    assert (font.size, lines) == (max(link_preview.TITLE_SIZES), ["Cashier"])


def test_accented_letters_the_font_lacks_are_drawn_as_their_plain_letters():
    assert draw(title="Café Ingénieur").tobytes() == draw(title="Cafe Ingenieur").tobytes()
    assert draw(title="Café Ingénieur").tobytes() != draw(title="Cafe Ingenieux").tobytes()


def test_a_long_source_line_is_cut_with_an_ellipsis():
    long_source = "A salary survey with a very long name " * 10

    image = draw(source=long_source)

    assert colours(image, (1200 - link_preview.RIGHT + 8, 0, 1200, 630)) == {
        link_preview.BACKGROUND
    }


def test_the_image_changes_with_the_title_and_the_pay():
    base = draw().tobytes()

    assert draw(title="Front Office Assistant").tobytes() != base
    assert draw(pay="Median pay $45,020 a year").tobytes() != base


# What a guide's image says -------------------------------------------------------------------


def test_shows_the_official_median_with_the_newest_release(role):
    assert link_preview.card(role) == (
        "Back Office Assistant",
        "Median pay $45,010 a year",
        "Official figure, BLS OEWS May 2025, U.S. national median",
        "careerguide",
    )
    assert link_preview.alt_text(role, link_preview.role_pay(role)) == (
        "Back Office Assistant: median pay $45,010 a year "
        "(official figure, BLS OEWS May 2025, U.S. national median)"
    )


def test_without_an_official_median_shows_the_guides_own_pay_and_source():
    role = make_role(title="Shop Assistant", median_pay=38000, median_pay_currency="USD",
                     median_pay_source="Retail pay survey", median_pay_year=2024)  # fmt: skip

    card = link_preview.card(role)

    assert (card.pay_line, card.source_line) == (
        "Median pay $38,000 a year",
        "The guide's figure, Retail pay survey, 2024",
    )
    assert link_preview.alt_text(role, link_preview.role_pay(role)) == (
        "Shop Assistant: median pay $38,000 a year (the guide's figure, Retail pay survey, 2024)"
    )


def test_a_currency_symbol_the_font_lacks_is_written_as_its_code():
    role = make_role(title="Barista", median_pay=22000, median_pay_currency="GBP",
                     median_pay_source="ONS ASHE 2024", median_pay_year=2024)  # fmt: skip

    assert link_preview.card(role).pay_line == "Median pay GBP 22,000 a year"
    assert link_preview.card(role).source_line == "The guide's figure, ONS ASHE 2024"
    assert link_preview.alt_text(role, link_preview.role_pay(role)) == (
        "Barista: median pay £22,000 a year (the guide's figure, ONS ASHE 2024)"
    )


def test_without_any_pay_says_so():
    role = make_role(title="Lighthouse Keeper")

    assert link_preview.card(role)[1:3] == ("Pay not published", "")
    assert (
        link_preview.alt_text(role, link_preview.role_pay(role))
        == "Lighthouse Keeper: pay not published"
    )


# Caching --------------------------------------------------------------------------------------


def test_is_drawn_once_for_an_unchanged_guide(role, draws):
    first = etag_and_png(role)
    second = etag_and_png(role)

    assert first == second
    assert len(draws) == 1


def test_a_changed_title_gets_a_new_image_and_etag_at_once(role, draws):
    before = etag_and_png(role)

    role.title = "Back Office Clerk"
    role.save()
    after = etag_and_png(role)

    assert after[0] != before[0]
    assert after[1] != before[1]
    assert len(draws) == 2
    assert draws[-1][0] == "Back Office Clerk"


def test_a_changed_official_median_gets_a_new_image_and_etag(role, draws):
    before = etag_and_png(role)

    role.occupation.national_annual_median = 46000
    role.occupation.save()
    role.save()  # copies the occupation's median onto the role
    after = etag_and_png(role)

    assert role.official_median == 46000
    assert after[0] != before[0]
    assert after[1] != before[1]
    assert draws[-1][1] == "Median pay $46,000 a year"


def test_a_new_release_changes_the_etag(role):
    before = image(role)["ETag"]

    make_release(name="May 2026", reference_date=date(2026, 5, 1))

    assert image(role)["ETag"] != before
    assert link_preview.card(role).source_line == (
        "Official figure, BLS OEWS May 2026, U.S. national median"
    )


def test_the_etag_covers_the_site_name_and_the_drawing_version(role, settings, monkeypatch):
    before = image(role)["ETag"]

    settings.SITE_NAME = "careers"
    renamed = image(role)["ETag"]
    monkeypatch.setattr(link_preview, "DRAWING_VERSION", link_preview.DRAWING_VERSION + 1)

    assert len({before, renamed, image(role)["ETag"]}) == 3


def test_the_etag_is_a_quoted_sha256(role):
    etag = image(role)["ETag"]

    assert etag.startswith('"') and etag.endswith('"')
    assert len(etag.strip('"')) == 64
    assert int(etag.strip('"'), 16) >= 0


# The view ------------------------------------------------------------------------------------


def test_view_answers_the_png_with_etag_and_cache_control(role):
    response = image(role)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["ETag"] == image(role)["ETag"]
    assert response["Cache-Control"] == CACHED_LIKE_PAGES
    assert response.content == image(role).content
    assert open_png(response.content).size == (1200, 630)


@pytest.mark.parametrize("quote", ['"{}"', 'W/"{}"', '"other", "{}"', "*"])
def test_view_answers_304_when_the_reader_has_the_image(role, draws, quote):
    etag = image(role)["ETag"].strip('"')
    cache.clear()  # a 200 now would have to draw the image again
    draws.clear()

    response = image(role, If_None_Match=quote.format(etag))

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == f'"{etag}"'
    assert response["Cache-Control"] == CACHED_LIKE_PAGES
    assert draws == []


def test_the_site_answers_304_with_its_headers_through_every_middleware(client, role):
    first = client.get("/careers/back-office-assistant/preview.png")

    again = client.get(
        "/careers/back-office-assistant/preview.png", headers={"If-None-Match": first["ETag"]}
    )

    assert (first.status_code, again.status_code) == (200, 304)
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == CACHED_LIKE_PAGES


@pytest.mark.parametrize("url", ["/careers/back-office-assistant/preview.png", "/preview.png"])
def test_the_png_is_sent_as_it_is_where_pages_are_compressed(client, role, url):
    image = client.get(url, headers={"Accept-Encoding": "gzip"})
    page = client.get("/careers/back-office-assistant/", headers={"Accept-Encoding": "gzip"})

    assert image.content.startswith(PNG_SIGNATURE) and "Content-Encoding" not in image
    assert page["Content-Encoding"] == "gzip"


def test_view_answers_200_for_an_outdated_etag(role):
    response = image(role, If_None_Match='"outdated"')

    assert response.status_code == 200
    assert response.content.startswith(PNG_SIGNATURE)


@pytest.mark.parametrize(
    "hidden",
    [
        lambda: make_draft(slug="draft-role"),
        lambda: make_role(slug="scheduled", published_at=timezone.now() + timedelta(days=1)),
    ],
)
def test_view_is_404_for_a_guide_the_public_cannot_see(hidden):
    role = hidden()

    with pytest.raises(Http404):
        views.preview_image(get(), slug=role.slug)


def test_view_is_404_for_an_unknown_slug():
    with pytest.raises(Http404):
        views.preview_image(get(), slug="no-such-role")


def test_view_refuses_writes(role):
    request = RequestFactory().post("/careers/back-office-assistant/preview.png")

    assert views.preview_image(request, slug=role.slug).status_code == 405


def test_site_image_names_the_newest_release(role):
    response = views.site_preview_image(get("/preview.png"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert open_png(response.content).size == (1200, 630)
    assert link_preview.site_card().source_line == "Official pay data: BLS OEWS May 2025"


def test_site_image_answers_304_with_its_etag_and_cache_control(role, draws):
    etag = views.site_preview_image(get("/preview.png"))["ETag"]
    cache.clear()
    draws.clear()

    response = views.site_preview_image(get("/preview.png", If_None_Match=etag))

    assert (response.status_code, response["ETag"]) == (304, etag)
    assert response["Cache-Control"] == CACHED_LIKE_PAGES
    assert draws == []
