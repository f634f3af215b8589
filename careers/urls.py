"""The public pages, and what crawlers, feed readers and other sites read."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from careerguide.page_cache import cached_page
from careers import syndication, views

app_name = "careers"


class SocCode:
    """A SOC code, 43-9061: anything else is no address (a 404)."""

    regex = r"[0-9]{2}-[0-9]{4}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SocCode, "soc")

sitemaps = {"sitemaps": syndication.SITEMAPS}

urlpatterns = [
    path("", views.home, name="home"),
    path("careers/", views.role_list, name="list"),
    # Not under careers/, where any word could be a career's slug.
    path("suggest/", views.suggest, name="suggest"),
    path("careers/<slug:slug>/", views.detail, name="detail"),
    path("careers/<slug:slug>/salaries/", views.salaries, name="salaries"),
    path("careers/<slug:slug>/embed/", syndication.embed, name="embed"),
    path("careers/<slug:slug>/job-post/", views.job_post, name="job_post"),
    path("careers/<slug:slug>/preview.png", views.preview_image, name="preview_image"),
    path("occupations/", views.groups, name="groups"),
    path("occupations/<soc:code>/", views.group, name="group"),
    path("clusters/", views.clusters, name="clusters"),
    path("clusters/<slug:slug>/", views.cluster, name="cluster"),
    path("preview.png", views.site_preview_image, name="site_preview_image"),
    path("compare/", views.compare, name="compare"),
    path("fit/", views.fit, name="fit"),
    path("feeds/careers/", cached_page(syndication.GuidesFeed(), params=[]), name="feed"),
    path("robots.txt", syndication.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        cached_page(sitemap_views.index, params=[]),
        {**sitemaps, "sitemap_url_name": "careers:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_page(sitemap_views.sitemap, params=["p"]),  # p: the page of a long sitemap
        sitemaps,
        name="sitemap-section",
    ),
]
