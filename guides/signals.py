"""
Any saved or deleted part of a guide, or pay figure, makes cached pages and counts obsolete;
so does the shared cache coming back after an outage.

Role and RoleIndustry say so themselves (guides/models.py); bulk writes (imports, loading,
demo roles) call catalogue.changed() once when done.
"""

from django.db.models.signals import post_delete, post_save

from careerguide.cache import cache_recovered
from guides import catalogue
from guides.models import (
    FAQ,
    CareerLevel,
    ChangeNote,
    Industry,
    ProCon,
    RelatedRole,
    Responsibility,
    Section,
    Skill,
    SlugHistory,
    Step,
)
from salaries.models import CountrySalary, LevelSalary

CONTENT = [
    Section, Responsibility, Skill, Step, CareerLevel, ProCon, FAQ, RelatedRole, ChangeNote,
    Industry, SlugHistory, LevelSalary, CountrySalary,
]  # fmt: skip


def _changed(sender, **kwargs):
    catalogue.changed()


def _cache_recovered(sender, cache, **kwargs):
    """The cache was unreachable for a while: changes made meanwhile could not replace the
    version, so what it kept from before may be stale. A new version, at once."""
    catalogue.new_version()


cache_recovered.connect(_cache_recovered, dispatch_uid="catalogue-cache-recovered")

for _model in CONTENT:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"catalogue-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"catalogue-{_model.__name__}-x")
