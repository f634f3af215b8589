"""
A saved or deleted role, industry, old address or any part of a guide makes cached pages and
counts obsolete once the change commits (careerguide/catalogue.py), and so does a scheduled
guide going public. Bulk writes that send no signals (imports, demo roles, updates of many
rows) call catalogue.changed() themselves.
"""

from django.db.models.signals import post_delete, post_save

from careerguide import catalogue
from guides.models import Industry, Role, SlugHistory
from guides.parts import PART_MODELS


def _changed(sender, **kwargs):
    catalogue.changed()


catalogue.changes_on_schedule(lambda: Role.objects.next_publication())

for _model in [Role, Industry, SlugHistory, *PART_MODELS]:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"catalogue-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"catalogue-{_model.__name__}-x")
