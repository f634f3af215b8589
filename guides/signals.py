"""
A saved or deleted role, industry, old or retired address or any part of a guide makes cached
pages and counts obsolete once the change commits (careerguide/catalogue.py), and so does a
scheduled guide going public. Bulk writes that send no signals (imports, demo roles, updates of
many rows) call catalogue.changed() themselves. Each change also marks the careers list's tally
of roles (RoleTally) stale, in the change's own transaction.
"""

from careerguide import catalogue
from guides.models import Industry, RetiredAddress, Role, RoleTallyState, SlugHistory
from guides.parts import PART_MODELS

catalogue.changes_on_schedule(lambda: Role.objects.next_publication())
catalogue.watch(Role, Industry, SlugHistory, RetiredAddress, *PART_MODELS)


def _tally_stale(sender, **kwargs):
    RoleTallyState.objects.mark_stale()


catalogue.catalogue_changed.connect(_tally_stale, dispatch_uid="guides-tally-stale")
