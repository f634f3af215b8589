"""
The image that chat apps, job boards and social sites show when someone pastes a guide's
address (its Open Graph image): the role, its median pay and where that figure comes from.

It is drawn with the font Pillow bundles, so every server draws the same image and none needs
system fonts. The PNG is cached under a hash of everything drawn, which is also its ETag: a
changed guide gets a new image at once, and an unchanged one is drawn once.
"""

import hashlib
import unicodedata
from functools import cache, lru_cache
from io import BytesIO
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpResponse
from django.utils.http import quote_etag
from PIL import Image, ImageDraw, ImageFont

from careers import headline
from salaries.models import Release

# The size Open Graph consumers crop least (1.91:1).
IMAGE_WIDTH = 1200
IMAGE_HEIGHT = 630

# Part of every cache key and ETag: raise it when the drawing changes, so that images drawn
# the old way are neither served from the cache nor kept by browsers.
DRAWING_VERSION = 1

# The key changes with what is drawn, so the expiry only bounds the space that old images take.
CACHE_SECONDS = 7 * 24 * 60 * 60

# A calm card: a warm off-white background, near-black text and one teal bar. Every text colour
# meets WCAG AA (4.5:1) against the background; the tests check each one.
BACKGROUND = (250, 248, 243)
INK = (23, 32, 42)
MUTED = (71, 85, 105)
ACCENT = (15, 118, 110)

# Layout, in pixels.
ACCENT_BAR_WIDTH = 24
LEFT = 96
RIGHT = 96
TEXT_WIDTH = IMAGE_WIDTH - LEFT - RIGHT
TOP = 64
BOTTOM = 64
SITE_NAME_SIZE = 34
TITLE_TOP = 150
TITLE_SIZES = range(80, 43, -4)  # largest first: a short title fills the card
TITLE_MAX_LINES = 3
TITLE_LINE_SPACING = 1.15
TITLE_WEIGHT = 1  # stroke width: the bundled font has no bold face
PAY_SIZE = 46
SOURCE_SIZE = 30
PAY_SOURCE_GAP = 14
TITLE_PAY_GAP = 40

ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"

# Letters the bundled font lacks that have no decomposition to ones it has.
SUBSTITUTES = {
    "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l",
    "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "Th", "þ": "th", "ß": "ss", "ı": "i",
    "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
    "‐": "-", "‑": "-", "−": "-", "×": "x",
}  # fmt: skip

NOT_A_GLYPH = "\ue000"  # private use: drawn as the font's missing-glyph box


class Card(NamedTuple):
    """Everything the image shows; its hash names the cached PNG."""

    title: str
    pay_line: str
    source_line: str
    site_name: str


# Public API ---------------------------------------------------------------------------------


def draw(title, pay_line, source_line, site_name):
    """The PNG of a card: the site name above, the title, and the pay with its source below."""
    image = Image.new("RGB", (IMAGE_WIDTH, IMAGE_HEIGHT), BACKGROUND)
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, 0, ACCENT_BAR_WIDTH - 1, IMAGE_HEIGHT - 1), fill=ACCENT)
    _draw_line(canvas, site_name, SITE_NAME_SIZE, TOP, ACCENT, anchor="la")
    source_bottom = IMAGE_HEIGHT - BOTTOM
    pay_bottom = source_bottom - SOURCE_SIZE - PAY_SOURCE_GAP
    _draw_line(canvas, source_line, SOURCE_SIZE, source_bottom, MUTED, anchor="ld")
    _draw_line(canvas, pay_line, PAY_SIZE, pay_bottom, INK, anchor="ld")
    title_bottom = pay_bottom - round(PAY_SIZE * 1.2) - TITLE_PAY_GAP
    _draw_title(canvas, title, title_bottom - TITLE_TOP)
    return _png(image)


def alt_text(role, pay):
    """A short text alternative to `role`'s image, as og:image:alt gives it; `pay` is its
    headline pay (role_pay)."""
    if pay is None:
        return f"{role.title}: pay not published"
    notes = "; ".join(part for part in (pay.citation, pay.older_note) if part)
    return f"{role.title}: median pay {pay.money} {pay.per_text} ({notes})"


def card(role):
    """What `role`'s image shows, as text: one place for the drawing, the hash and the key."""
    pay = role_pay(role)
    return Card(role.title, _pay_line(pay), _source_line(pay), settings.SITE_NAME)


def site_card():
    """The site's own image: what every figure comes from, for pages that are not a guide."""
    release = latest_release_label()
    return Card(
        "Career guides with the source of every figure",
        "What each role pays, how to get in and where it leads",
        f"Official pay data: {release}",
        settings.SITE_NAME,
    )


def role_pay(role):
    """The role's headline pay (careers/headline.py), as every surface shows it. Its
    occupation's estimate is asked for when the role keeps no annual median: BLS may publish
    only hourly wages for it."""
    if role.official_median is None and role.occupation_id:
        return headline.estimate_headline(role, role.national_estimate())
    release = headline.newest_release() if role.official_median is not None else None
    return headline.headline_pay(role, release)


def latest_release_label():
    """The newest release of official estimates as readers know it: BLS OEWS May 2025."""
    release = headline.newest_release()
    if release is None:
        return Release._meta.get_field("source").default
    return headline.release_label(release)


# Pay and caching ----------------------------------------------------------------------------


def _pay_line(pay):
    if pay is None:
        return "Pay not published"
    money = pay.money
    if not _can_draw(money):  # £, € and ₹ are not in the bundled font: write the code
        money = f"{pay.currency} {pay.amount:,}"
    return f"Median pay {money} {pay.per_text}"


def _source_line(pay):
    """Which figure the image shows and where it comes from, in one line: the release alone
    when the guide's older figure has to fit beside it."""
    if pay is None:
        return ""
    if pay.older_note:
        return f"Official, {pay.release}; {pay.older_note}"
    return pay.citation[:1].upper() + pay.citation[1:]


def digest(card):
    """The hash of everything `card` draws: the image's cache key and its ETag."""
    text = "\x1f".join([f"v{DRAWING_VERSION}", *card])
    return hashlib.sha256(text.encode()).hexdigest()


def _cached_png(card):
    key = f"careers:link-preview:{digest(card)}"
    png = django_cache.get(key)
    if png is None:
        png = draw(*card)
        django_cache.set(key, png, CACHE_SECONDS)
    return png


def png_response(card):
    """The PNG of `card`, drawn once and then kept in the cache."""
    response = HttpResponse(_cached_png(card), content_type="image/png")
    # The ETag of the image drawn, should the guide change after the view computed its own.
    response["ETag"] = quote_etag(digest(card))
    return response


# Drawing ------------------------------------------------------------------------------------


def _font(size):
    """Pillow's bundled TrueType font (Aileron): the same on every server, no files needed.
    Loading it is a fraction of a millisecond, and a font object per drawing is thread-safe."""
    return ImageFont.load_default(size=size)


def _draw_line(canvas, text, size, y, fill, anchor):
    font = _font(size)
    line = _ellipsize(_drawable(text), font, TEXT_WIDTH)
    canvas.text((LEFT, y), line, font=font, fill=fill, anchor=anchor)


def _draw_title(canvas, title, height):
    """The title, centred in the space between the site name and the pay: a short title does
    not leave a gap above the pay, a long one fills the space."""
    font, lines = _fit_title(_drawable(title), height)
    line_height = round(font.size * TITLE_LINE_SPACING)
    block_height = len(lines) * line_height
    top = TITLE_TOP + (height - block_height) // 2
    for number, line in enumerate(lines):
        y = top + number * line_height
        canvas.text(
            (LEFT, y), line, font=font, fill=INK, anchor="la",
            stroke_width=TITLE_WEIGHT, stroke_fill=INK,
        )  # fmt: skip


def _fit_title(title, height):
    """The largest size at which the title fits in its lines; at the smallest, the lines that
    fit, the last one ending in an ellipsis."""
    width = TEXT_WIDTH - 2 * TITLE_WEIGHT
    for size in TITLE_SIZES:
        font = _font(size)
        lines = _wrap(title, font, width)
        fits_height = len(lines) * round(size * TITLE_LINE_SPACING) <= height
        if len(lines) <= TITLE_MAX_LINES and fits_height:
            return font, lines
    kept = lines[:TITLE_MAX_LINES]
    kept[-1] = _ellipsize(" ".join(lines[TITLE_MAX_LINES - 1 :]) + " ", font, width)
    return font, kept


def _wrap(text, font, width):
    """Words onto lines no wider than `width`; a word wider than a line is broken."""
    lines, line = [], ""
    for word in text.split():
        for piece in _pieces(word, font, width):
            candidate = f"{line} {piece}" if line else piece
            if line and font.getlength(candidate) > width:
                lines.append(line)
                candidate = piece
            line = candidate
    return [*lines, line] if line else lines


def _pieces(word, font, width):
    if font.getlength(word) <= width:
        yield word
        return
    piece = ""
    for character in word:
        if piece and font.getlength(piece + character) > width:
            yield piece
            piece = ""
        piece += character
    yield piece


def _ellipsize(text, font, width):
    """`text`, or as much of it as fits with an ellipsis, cut at a word when one ends there."""
    text = text.strip()
    if font.getlength(text) <= width:
        return text
    kept = text
    while kept and font.getlength(kept.rstrip() + ELLIPSIS) > width:
        kept = kept[:-1]
    cut_in_word = len(kept) < len(text) and not text[len(kept)].isspace()
    if cut_in_word and " " in kept.strip():
        kept = kept.rstrip().rsplit(" ", 1)[0]
    return kept.rstrip() + ELLIPSIS


def _png(image):
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


# Characters the font lacks ------------------------------------------------------------------


def _drawable(text):
    """`text` on one line, in letters the bundled font has where a close one exists: Café
    becomes Cafe rather than Caf and a box. Other missing characters are drawn as boxes."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return "".join(_drawable_character(character) for character in text)


def _drawable_character(character):
    if unicodedata.category(character).startswith("C"):  # controls, format, surrogates
        return ""
    if _has_glyph(character):
        return character
    if unicodedata.combining(character):
        return ""
    decomposed = unicodedata.normalize("NFKD", character)
    plain = SUBSTITUTES.get(character) or "".join(
        part for part in decomposed if not unicodedata.combining(part)
    )
    return plain if plain and _can_draw(plain) else character


def _can_draw(text):
    return all(_has_glyph(character) for character in text)


@lru_cache(maxsize=4096)
def _has_glyph(character):
    """Whether the font draws `character` as itself rather than as its missing-glyph box
    (Pillow does not say which glyphs a font has)."""
    return _glyph_pixels(character) != _box_pixels()


@cache
def _box_pixels():
    return _glyph_pixels(NOT_A_GLYPH)


def _glyph_pixels(character):
    size = 32
    image = Image.new("L", (size * 3, size * 2))
    ImageDraw.Draw(image).text((0, 0), character, font=_font(size), fill=255)
    return image.tobytes()
