"""
Any saved or deleted part of a guide, or pay figure, makes cached pages and counts obsolete.

Role and RoleIndustry say so themselves (guides/models.py); bulk writes (imports, loading,
demo roles) call catalogue.changed() once when done.
"""

from django.db.models.signals import post_delete, post_save

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


for _model in CONTENT:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"catalogue-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"catalogue-{_model.__name__}-x")
