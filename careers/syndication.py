"""
For crawlers, feed readers and other sites: the sitemap, robots.txt, the Atom feed of guides,
and the embeddable card. Only published roles appear; generated demo roles never do.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from careerguide.page_cache import cached_page
from careers.addresses import follows_moves, published_role
from careers.structured_data import pay_line, summary
from guides.models import HAS_GUIDE, Role, without_control_characters
from occupations.models import CareerCluster, Occupation


def _public():
    return Role.objects.published().filter(is_demo=False)


class GuideSitemap(Sitemap):
    """Every published guide, with when it last changed."""

    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return _public().filter(HAS_GUIDE).only("slug", "updated_at").order_by("pk")

    def lastmod(self, role):
        return role.updated_at


class OccupationSitemap(GuideSitemap):
    """Every published occupation page (a role without a written guide)."""

    priority = 0.5

    def items(self):
        return _public().exclude(HAS_GUIDE).only("slug", "updated_at").order_by("pk")


class GroupSitemap(Sitemap):
    """The occupation tree: its index and the page of every group."""

    changefreq = "yearly"
    priority = 0.4

    def items(self):
        return ["", *Occupation.objects.groups().values_list("code", flat=True)]

    def location(self, code):
        return reverse("careers:group", args=[code]) if code else reverse("careers:groups")


class ClusterSitemap(GroupSitemap):
    """O*NET's legacy career clusters: their index and the page of every cluster."""

    def items(self):
        return ["", *(cluster.slug for cluster in CareerCluster.objects.all())]

    def location(self, slug):
        return reverse("careers:cluster", args=[slug]) if slug else reverse("careers:clusters")


# The sitemap index names one sitemap per section; each splits into pages of 50,000 URLs.
SITEMAPS = {
    "guides": GuideSitemap,
    "occupations": OccupationSitemap,
    "groups": GroupSitemap,
    "clusters": ClusterSitemap,
}


@require_safe
def robots_txt(request):
    """Crawlers may read every page, but not the API, or the endless permutations of filters
    and comparisons (any address with a query string). The admin is not named: its address
    may be moved to keep it out of sight, and it asks every visitor to sign in."""
    lines = [
        "User-agent: *",
        "Disallow: /api/",
        "Disallow: /compare/",
        "Disallow: /*?",
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('careers:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class GuidesFeed(Feed):
    """New and updated career guides, newest change first (Atom)."""

    feed_type = Atom1Feed
    title = f"{settings.SITE_NAME}: new and updated career guides"
    subtitle = "In-depth career guides, with the source of every figure."

    def link(self):
        return reverse("careers:list") + "?guide=on"

    def items(self):
        return _public().filter(HAS_GUIDE).order_by("-updated_at")[:20]

    # Text saved before control characters were cleaned on save may still hold them, and XML
    # cannot: they are left out here too.

    def item_title(self, role):
        return without_control_characters(role.title)

    def item_description(self, role):
        # Atom's summary is HTML to a feed reader: the plain text is escaped for it.
        return escape(without_control_characters(summary(role, 60)))

    def item_pubdate(self, role):
        return role.published_at

    def item_updateddate(self, role):
        return role.updated_at


# The card may be framed by any site: its own policy replaces the site's `frame-ancestors
# 'none'`, and X-Frame-Options is left out for it alone.
EMBED_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


@cached_page(params=[])
@follows_moves
@xframe_options_exempt
@csp_override(EMBED_CSP)
def embed(request, slug):
    """A small card for other sites to frame: title, median pay with its source (the national
    estimate the role's own page shows), a link."""
    role = published_role(slug, _public())
    context = {"role": role, "pay_line": pay_line(role, role.national_estimate())}
    return render(request, "careers/embed.html", context)
