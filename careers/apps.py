"""The careers app: the public site where job seekers find, read and compare careers, and what
other sites take from it (link previews, feed, sitemaps, embeds, job posts)."""

from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
