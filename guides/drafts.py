"""
Staged changes to a live guide: a save of a guide that the public sees is kept as a draft
(GuideDraft), the whole guide as django-reversion serializes it, and the public page stays as
it is until an editor who may publish publishes the draft, now or at a set time.

A draft is stored by running the admin's normal save inside a savepoint, keeping the revision
that save recorded, and rolling the savepoint back (guides/admin.py). Applying a draft writes
the guide as the draft has it through the models' own saves, so that everything a save derives
(rendered Markdown, official figures, search text, the catalogue's version, the roles' tally)
follows; the screen and the preview apply it inside a transaction that they roll back.
"""

import reversion
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision, Version

from guides.models import GuideDraft, Role
from guides.parts import PARTS

SAVED = "Saved as a draft: not public until published."
PUBLISHED = "Published a draft."
SCHEDULED = "Published a draft, as scheduled."
DISCARDED = " (discarded)"


def is_live(role):
    """Whether the public sees `role`'s page, a guide or an occupation's profile: a save of it
    is kept as a draft. So a guide started on an occupation's page goes public only when an
    editor who may publish publishes it, not when someone writes its introduction."""
    return role.is_published


def token(role_pk):
    """What says which version of a guide a form was opened on: its draft, or its last save."""
    draft = GuideDraft.objects.filter(role=role_pk).values_list("revision", flat=True).first()
    if draft is not None:
        return f"draft-{draft}"
    saved = Role.objects.filter(pk=role_pk).values_list("updated_at", flat=True).first()
    return saved.isoformat() if saved else None


def captured(revision):
    """The serialized versions of `revision`, to keep after the savepoint that made it is gone."""
    fields = ["content_type_id", "object_id", "db", "format", "serialized_data", "object_repr"]
    return list(revision.version_set.values(*fields))


def store(role, versions, user, note=""):
    """Keep `versions` (from captured()) as the draft of `role`, in a revision of its history
    (with `note`, what the save said of itself); a draft that is there already is replaced,
    its schedule kept."""
    comment = f"{SAVED} {note}".strip()
    revision = Revision.objects.create(date_created=timezone.now(), user=user, comment=comment)
    Version.objects.bulk_create(Version(revision=revision, **version) for version in versions)
    draft, _ = GuideDraft.objects.update_or_create(
        role=role,
        defaults={"revision": revision, "saved_by": user, "saved_at": revision.date_created},
    )
    return draft


def apply(draft):
    """Write the guide as `draft` has it, in the current transaction. The publication (status
    and time) stays as it is now: publishing and unpublishing are actions of their own. A row
    the draft added keeps its id unless another guide's row has taken it since. A row linking
    to one deleted since the draft was saved (a related career, an industry) is left out, and
    named in `draft.left_out`."""
    role = Role.objects.select_for_update().get(pk=draft.role_id)
    versions = list(draft.revision.version_set.all())
    objects = [version._object_version.object for version in versions]
    names = {id(obj): version.object_repr for obj, version in zip(objects, versions, strict=True)}
    draft.left_out = []
    for part in PARTS:
        part.model.objects.filter(role=role).delete()  # an owned row goes with its row
    [guide] = [obj for obj in objects if isinstance(obj, Role) and obj.pk == role.pk]
    guide.status, guide.published_at, guide.created_at = (
        role.status,
        role.published_at,
        role.created_at,
    )
    guide._state.adding = False
    guide.save()
    ids = {}
    for part in PARTS:
        for row in (obj for obj in objects if type(obj) is part.model):
            if row.role_id != role.pk:
                continue
            if _links_lost(row, "role"):
                draft.left_out.append(f"{part.model._meta.verbose_name} “{names[id(row)]}”")
                continue
            ids[(part.model, row.pk)] = _insert(row)
    for part in PARTS:
        if not part.owned:
            continue
        link = part.model._meta.get_field(part.owned.relation).field.attname
        for row in (obj for obj in objects if type(obj) is part.owned.model):
            new_id = ids.get((part.model, getattr(row, link)))
            if new_id is not None:
                setattr(row, link, new_id)
                _insert(row)
    guide.refresh_search_body()
    return guide


def _links_lost(row, own):
    """Whether `row` links to a row (other than its guide, `own`) that no longer exists."""
    return any(
        not field.related_model._default_manager.filter(pk=value).exists()
        for field in row._meta.concrete_fields
        if field.many_to_one and field.name != own
        and (value := getattr(row, field.attname)) is not None
    )  # fmt: skip


def _insert(row):
    if type(row).objects.filter(pk=row.pk).exists():
        row.pk = None
    row._state.adding = True
    row.save(force_insert=True)
    return row.pk


def publish(draft, user, comment=PUBLISHED):
    """Make `draft` the public guide, with a revision of the whole guide."""
    with transaction.atomic(), reversion.create_revision():
        guide = apply(draft)
        reversion.add_to_revision(guide)
        reversion.set_user(user)
        reversion.set_comment(comment)
        draft.delete()
    return guide


def discard(draft):
    """Drop `draft`: its revision stays in the history, marked discarded."""
    with transaction.atomic():
        revision = draft.revision
        revision.comment += DISCARDED
        revision.save(update_fields=["comment"])
        draft.delete()


def due(now=None):
    """The drafts whose set time has come."""
    return GuideDraft.objects.filter(publish_at__lte=now or timezone.now()).select_related("role")


def publish_due(now=None):
    """Publish every draft whose set time has come; the guides published."""
    published = []
    for draft in due(now):
        published.append(publish(draft, None, SCHEDULED))
    return published
