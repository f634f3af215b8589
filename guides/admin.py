"""
Django admin for guides: the editor's desk.

One screen per guide: the role with every part of its guide as collapsible inlines, in the
order the page shows them, Markdown fields with a live preview, and the career levels with
their salary band. Each part loads when it is opened, so that the screen of a long guide stays
light; a save changes the parts that the form sent. Every save records a revision of the whole
guide (django-reversion), which editors can compare and restore; a save over a colleague's
newer save is refused.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, resolve, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.formats import date_format
from django.utils.html import format_html
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from reversion_compare.helpers import html_diff

from careerguide.admin import AutocompleteFields, ReadOnly, TextAsStored
from careerguide.http import vary_on_htmx
from guides import drafts, editor_checks, starting
from guides.markdown import render_markdown
from guides.models import (
    FAQ,
    CareerLevel,
    ChangeNote,
    CountrySalary,
    GuideDraft,
    Industry,
    LevelSalary,
    ProCon,
    RelatedRole,
    Responsibility,
    RetiredAddress,
    Role,
    RoleIndustry,
    Section,
    Skill,
    SlugHistory,
    Sourced,
    Step,
)
from guides.parts import PARTS
from occupations.models import Occupation
from salaries.currency import validate_currency
from salaries.models import Release


class MarkdownEditor(forms.Textarea):
    """A Markdown textarea with its rendered preview beside it, refreshed as the editor types
    (htmx; rendered by the same sanitiser as the public page)."""

    template_name = "admin/guides/markdown_editor.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["preview_html"] = render_markdown(value or "")
        context["widget"]["attrs"].update(
            {
                "data-hx-post": reverse("admin:guides_role_markdown_preview"),
                "data-hx-trigger": "input changed delay:400ms",
                "data-hx-target": "next .markdown-preview",
                "data-hx-params": name,
            }
        )
        return context


# Each part of a guide (guides/parts.py) has its inline on the guide's screen.
_PART_INLINES = {}


def _part_inline(inline):
    _PART_INLINES[inline.model] = inline
    return inline


class ItemForm(forms.ModelForm):
    """A numbered item: its number is checked against the other rows of the screen (the
    formset does that), not against the database, so editors can swap two numbers."""

    def validate_unique(self):
        self._validate_against_database(self.instance.validate_unique)

    def validate_constraints(self):
        self._validate_against_database(self.instance.validate_constraints)

    def _validate_against_database(self, validate):
        try:
            validate(exclude=self._get_validation_exclusions() | {"order"})
        except ValidationError as error:
            self._update_errors(error)

    def save(self, commit=True):
        # An item from official data that an editor rewrites is the editor's: no longer marked.
        if isinstance(self.instance, Sourced) and set(self.changed_data) - {"order"}:
            self.instance.source = ""
        return super().save(commit)


class PartFormSet(forms.BaseInlineFormSet):
    """The rows of one part of a guide. A saved row sent as a new one (the form's count of
    saved rows is below the rows it sends: a stale or tampered form) is refused, not saved a
    second time."""

    def clean(self):
        super().clean()
        for form in self.extra_forms:
            data = getattr(form, "cleaned_data", None)
            if data and data.get(self._pk_field.name) is not None:
                form.add_error(None, "This row is saved already: reload the page.")


class ItemFormSet(PartFormSet):
    """Saves renumbered items without clashing with each other's old numbers: items that
    move or go are first parked on numbers no item uses."""

    PARKED = 30_000  # within a PositiveSmallIntegerField; guides have far fewer items

    def clean(self):
        """A new item may not take a number that an item this screen did not send still
        holds (the page is out of date, or the form was tampered with)."""
        super().clean()
        if self.instance.pk is None:
            return
        fields = self._numbering_fields()
        sent = [form.instance.pk for form in self.initial_forms]
        held = self.model.objects.filter(**{self.fk.name: self.instance}).exclude(pk__in=sent)
        taken = set(held.values_list(*fields))
        for form in self.extra_forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form):
                continue
            if tuple(data.get(field) for field in fields) in taken:
                form.add_error(
                    "order",
                    "Another item not shown on this page has this number: reload the page.",
                )

    def _numbering_fields(self):
        """The fields besides the guide that number an item uniquely: order (and kind)."""
        for constraint in self.model._meta.constraints:
            fields = getattr(constraint, "fields", ())
            if "order" in fields:
                return [field for field in fields if field != self.fk.name]
        return ["order"]

    def save_existing_objects(self, commit=True):
        if commit:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if "order" in form.changed_data or self._should_delete_form(form)
            ]
            for index, pk in enumerate(moving):
                self.model.objects.filter(pk=pk).update(order=self.PARKED + index)
        return super().save_existing_objects(commit)


class Collapsible(TextAsStored, AutocompleteFields):
    """Inline parts fold away, so that a sixty-item guide stays workable."""

    extra = 0
    classes = ["collapse"]
    formset = PartFormSet


class Ordered(Collapsible):
    """A collapsible inline of numbered items that editors reorder by their numbers."""

    form = ItemForm
    formset = ItemFormSet


class FromOfficialData:
    """Items a guide can be started with (guides/starting.py) say which came from official
    data, and from which release and table; the others are the editors'."""

    readonly_fields = ["official_source"]

    @admin.display(description="official source")
    def official_source(self, item):
        if item.pk is None:
            return ""
        return item.source or "written by editors"


@_part_inline
class RoleIndustryInline(Ordered, admin.TabularInline):
    model = RoleIndustry
    autocomplete_fields = ["industry"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("industry")  # each row's name


@_part_inline
class SectionInline(Collapsible, admin.StackedInline):
    model = Section
    formfield_overrides = {Section.body.field.__class__: {"widget": MarkdownEditor}}


@_part_inline
class ResponsibilityInline(FromOfficialData, Ordered, admin.TabularInline):
    model = Responsibility


@_part_inline
class SkillInline(FromOfficialData, Ordered, admin.TabularInline):
    model = Skill
    verbose_name_plural = "skills (education requirements, technical skills, soft skills)"


@_part_inline
class StepInline(Ordered, admin.TabularInline):
    model = Step
    verbose_name_plural = "how to become one: steps"


class CareerLevelForm(ItemForm):
    """A career level with its salary band (LevelSalary) on the same row of the guide."""

    SALARY_FIELDS = ["median", "average", "currency", "source", "year"]

    salary_median = forms.IntegerField(label="Median salary", required=False, min_value=0)
    salary_average = forms.IntegerField(label="Average salary", required=False, min_value=0)
    salary_currency = forms.CharField(
        label="Currency", required=False, max_length=3, validators=[validate_currency]
    )
    salary_source = forms.CharField(label="Salary source", required=False, max_length=300)
    salary_year = forms.IntegerField(
        label="Salary year", required=False, min_value=1900, max_value=2100
    )

    class Meta:
        model = CareerLevel
        fields = "__all__"  # noqa: DJ007 -- the inline's fieldsets choose the fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        salary = self._salary()
        for name in self.SALARY_FIELDS:
            if salary is not None:
                self.initial[f"salary_{name}"] = getattr(salary, name)
        self.initial.setdefault("salary_currency", "USD")

    def _salary(self):
        if self.instance.pk is None:
            return None
        try:
            return self.instance.salary  # fetched with the level (CareerLevelInline)
        except LevelSalary.DoesNotExist:
            return None

    def _salary_values(self):
        return {name: self.cleaned_data.get(f"salary_{name}") for name in self.SALARY_FIELDS}

    def clean(self):
        cleaned = super().clean()
        values = self._salary_values()
        given = {name for name, value in values.items() if value not in (None, "")}
        if given - {"currency"}:  # a band is being given: it needs every part
            for name in self.SALARY_FIELDS:
                if name not in given:
                    self.add_error(f"salary_{name}", "The salary band needs this too.")
        return cleaned

    def save(self, commit=True):
        level = super().save(commit=commit)
        if commit:
            self.save_salary()
        return level

    def save_salary(self):
        values = self._salary_values()
        salary = self._salary()
        if values["median"] is None:
            if salary is not None:
                salary.delete()
            return
        LevelSalary.objects.update_or_create(career_level=self.instance, defaults=values)


class CareerLevelFormSet(ItemFormSet):
    def clean(self):
        super().clean()
        levels = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            data = form.cleaned_data
            if data.get("years_from") is not None and data.get("order") is not None:
                levels.append((data["order"], data["years_from"], data.get("years_to"), form))
        levels.sort(key=lambda level: level[0])
        pairs = zip(levels, levels[1:], strict=False)
        for (_, _, previous_to, previous), (_, years_from, _, form) in pairs:
            if previous_to is None or years_from < previous_to:
                form.add_error(
                    "years_from",
                    f"This level starts before the previous one ({previous}) ends.",
                )


@_part_inline
class CareerLevelInline(Ordered, admin.StackedInline):
    model = CareerLevel
    form = CareerLevelForm
    formset = CareerLevelFormSet
    show_change_link = True
    fieldsets = [
        (None, {"fields": [("order", "title"), ("years_from", "years_to"), "description",
                           "focus_areas"]}),
        ("Salary band", {"fields": [("salary_median", "salary_average", "salary_currency"),
                                    ("salary_source", "salary_year")]}),
    ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("salary")


@_part_inline
class CountrySalaryInline(Ordered, admin.TabularInline):
    model = CountrySalary


class LevelSalaryInline(admin.StackedInline):
    model = LevelSalary
    extra = 0


@_part_inline
class ProConInline(Ordered, admin.TabularInline):
    model = ProCon


@_part_inline
class FAQInline(Ordered, admin.StackedInline):
    model = FAQ


@_part_inline
class RelatedRoleInline(FromOfficialData, Ordered, admin.TabularInline):
    model = RelatedRole
    fk_name = "role"
    autocomplete_fields = ["related"]
    readonly_fields = ["related_occupation", *FromOfficialData.readonly_fields]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("related__occupation")

    @admin.display(description="occupation (set on the related role)")
    def related_occupation(self, link):
        """Where the guide links while the related role has no published guide."""
        if not link.related_id or not link.related.occupation_id:
            return "none: shown as text"
        # By SOC code without a constraint: the code may name an occupation not imported yet.
        return str(link.related.occupation or link.related.occupation_id)


@_part_inline
class ChangeNoteInline(Collapsible, admin.TabularInline):
    model = ChangeNote
    verbose_name_plural = "public change log (dated, no names)"


# The guide's draft, as the screen found it with the guide, or not asked yet.
NOT_ASKED = object()


class RoleAdminForm(forms.ModelForm):
    opened_draft = NOT_ASKED
    # When the editor opened the guide: a save over a newer save is refused (no lost updates).
    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Role
        fields = "__all__"  # noqa: DJ007 -- the admin's fieldsets choose the fields
        widgets = {"introduction": MarkdownEditor}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            draft = self.opened_draft
            if draft is NOT_ASKED:
                draft = GuideDraft.objects.filter(role=self.instance.pk).first()
            opened = draft.token if draft else self.instance.updated_at.isoformat()
            self.initial["opened_version"] = opened

    def clean_title(self):
        title = self.cleaned_data["title"]
        unchanged = self.instance.pk is not None and title == self.instance.title
        others = Role.objects.filter(title__iexact=title).exclude(pk=self.instance.pk)
        if not unchanged and others.exists():
            raise ValidationError("Another role already has this title.")
        return title

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        old = SlugHistory.objects.filter(slug=slug).exclude(role=self.instance.pk)
        if self.instance.pk is None:
            old = SlugHistory.objects.filter(slug=slug)
        if old.exists():
            raise ValidationError(
                "This was the address of another role and still leads there; "
                "choose another so that old links keep working."
            )
        if RetiredAddress.objects.filter(slug=slug).exists():
            raise ValidationError(
                "This was the address of a group of occupations' page and now leads to the "
                "group; choose another so that old links keep working."
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        # Locked until this save commits (the admin saves in one transaction), so two saves
        # cannot both pass this check.
        current = (
            Role.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        draft = GuideDraft.objects.filter(role=self.instance.pk).first()
        version = draft.token if draft else current and current.isoformat()
        if current is not None and cleaned.get("opened_version") != version:
            saved_at = draft.saved_at if draft else current
            raise ValidationError(self._conflict_message(saved_at), code="conflict")
        return cleaned

    def _conflict_message(self, saved_at):
        latest = Version.objects.get_for_object(self.instance).select_related("revision__user")
        revision = latest.first().revision if latest.exists() else None
        who = f" by {revision.user}" if revision and revision.user else ""
        history = reverse("admin:guides_role_history", args=[self.instance.pk])
        return format_html(
            "This guide was saved{} at {} after you opened it, so your changes were not saved "
            'and nothing was overwritten. <a href="{}" target="_blank">See the other '
            "change in the history</a>, then open the guide again and redo your changes.",
            who,
            date_format(timezone.localtime(saved_at), "DATETIME_FORMAT"),
            history,
        )


class PublishDraftForm(forms.Form):
    """When to publish a guide's draft: now when left empty or past."""

    publish_at = forms.DateTimeField(required=False)


class IndustryFilter(admin.SimpleListFilter):
    title = "industry"
    parameter_name = "industry"

    def lookups(self, request, model_admin):
        return Industry.objects.values_list("slug", "name")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(role_industries__industry__slug=self.value())
        return queryset


class GroupFilter(admin.SimpleListFilter):
    title = "occupation group"
    parameter_name = "group"

    def lookups(self, request, model_admin):
        majors = Occupation.objects.filter(group=Occupation.Group.MAJOR)
        return [(code[:2], title) for code, title in majors.values_list("code", "title")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(soc_major_group=self.value())
        return queryset


class StaleFiguresFilter(admin.SimpleListFilter):
    title = "figures"
    parameter_name = "figures"

    def lookups(self, request, model_admin):
        return [("stale", "Older than the latest official release")]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.filter(editor_checks.stale_figures())
        return queryset


class GuideFilter(admin.SimpleListFilter):
    """Guides first: the list opens on the roles with a written guide, and the occupation pages
    without one are a click away. A search without a choice here searches every role, so that
    an occupation is found by name from the first screen. Each choice says how many roles it
    holds under the other filters and the search. An unknown choice is the default."""

    title = "guide"
    parameter_name = "guide"
    CHOICES = {"yes": "Has a guide", "no": "No guide yet", "all": "All"}

    def lookups(self, request, model_admin):
        return list(self.CHOICES.items())

    def value(self):
        chosen = super().value()
        if chosen in self.CHOICES:
            return chosen
        return "all" if self.request.GET.get(SEARCH_VAR, "").strip() else "yes"

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(guide_written=self.value() == "yes")

    def choices(self, changelist):
        counts = self._counts(changelist)
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": f"{label} ({counts[value]:,})",
            }

    def _counts(self, changelist):
        """One grouped query, over the roles the list would show with any choice here (as
        Django's facets count)."""
        roles = changelist.get_queryset(self.request, self.expected_parameters())
        written = dict(
            roles.order_by().values_list("guide_written").annotate(Count("pk", distinct=True))
        )
        yes, no = written.get(True, 0), written.get(False, 0)
        return {"yes": yes, "no": no, "all": yes + no}


class VersionsAdmin(TextAsStored, AutocompleteFields, CompareVersionAdmin):
    """History and comparison of versions, for ids that are ids: anything else is a 404
    (django-reversion-compare and django-reversion pass the id from the URL on unchecked)."""

    def history_view(self, request, object_id, extra_context=None):
        _require_id(object_id)
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id, extra_context=None):
        _require_id(object_id)
        return super().compare_view(request, object_id, extra_context)

    def compare_ManyToOneRel(self, obj_compare):
        """The parts of a guide, where a changed one shows each field that changed (an FAQ's
        answer, say), not only the name that it had before and after (its question)."""
        change_info = obj_compare.get_m2o_change_info()
        changes = [
            (new, [(name, html_diff(old.field_dict[name], value))
                   for name, value in new.field_dict.items()
                   if name not in UNCOMPARED and old.field_dict.get(name) != value])
            for old, new in change_info["changed_items"]
        ]  # fmt: skip
        context = {"change_info": change_info, "changes": changes}
        return render_to_string("admin/guides/compare_parts.html", context)


# What every part has and no reader needs compared: its own id and the guide it is part of.
UNCOMPARED = {"id", "role"}


UNPUBLISHED = {"status": Role.Status.DRAFT, "published_at": None}

# The query parameter naming the parts of a guide to show on its screen (the formsets'
# prefixes, which are the parts' relations: "faqs"), repeated; "all" shows every part.
PART_VAR = "part"
EVERY_PART = "all"

# The name of the button that saves a live guide and publishes it at once, without a draft.
PUBLISH_VAR = "_publish"


def _start_guide_url(role):
    """Where an editor starts a guide for an occupation page, where that view is installed."""
    try:
        return reverse("admin:guides_role_start_guide", args=[role.pk])
    except NoReverseMatch:
        return None


def _item_counts(role, relations):
    """How many items each of the guide's parts named by `relations` holds, in one query."""
    if not relations:
        return {}
    by_part = {part.relation: part.model for part in PARTS}
    counts = {
        f"{relation}_count": Coalesce(
            Subquery(
                by_part[relation].objects.filter(role=OuterRef("pk")).order_by()
                .values("role").annotate(items=Count("pk")).values("items"),
                output_field=IntegerField(),
            ),
            0,
        )
        for relation in relations
    }  # fmt: skip
    found = Role.objects.filter(pk=role.pk).values(**counts).get()
    return {relation: found[f"{relation}_count"] for relation in relations}


def _with_parts(request, prefixes):
    """The address of this screen showing the parts named by `prefixes`."""
    query = request.GET.copy()
    query.setlist(PART_VAR, prefixes)
    return f"{request.path}?{query.urlencode()}"


def _draft(role):
    """The draft of `role` (fetched with it), or None."""
    try:
        return role.draft if role is not None else None
    except GuideDraft.DoesNotExist:
        return None


def _roll_back():
    """Undo the innermost transaction.atomic() block when it ends, with the commit hooks set
    in it (a new catalogue version): what it wrote was only to be shown."""
    transaction.set_rollback(True)


def _require_id(object_id):
    if not str(object_id).isascii() or not str(object_id).isdigit():
        raise Http404("No such object.")


@admin.register(Role)
class RoleAdmin(VersionsAdmin):
    form = RoleAdminForm
    change_list_template = "admin/guides/role/change_list.html"
    change_form_template = "admin/guides/role/change_form.html"
    list_display = ["title", "soc_code", "publication", "guide", "last_changed", "last_reviewed"]
    list_filter = [GuideFilter, "status", IndustryFilter, GroupFilter, StaleFiguresFilter]
    list_select_related = ["draft"]
    # An occupation's O*NET names (official_titles) find it by what people call it: "rn".
    search_fields = ["title", "slug", "alternative_titles", "official_titles", "occupation__code"]
    search_help_text = "Title, other names (RN) or SOC code (43-9061, or its start: 43-90)."
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["occupation"]
    actions = ["publish", "unpublish", "mark_reviewed"]
    inlines = [_PART_INLINES[part.model] for part in PARTS]  # in the page's order
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    ("status", "published_at"),
                    "last_reviewed",
                    "occupation",
                    "introduction",
                    "opened_version",
                ]
            },
        ),
        (
            "Key facts",
            {
                "classes": ["collapse"],
                "fields": [
                    ("median_pay", "median_pay_currency", "median_pay_year"),
                    "median_pay_source",
                    ("pay_range_low", "pay_range_high", "pay_range_open_ended"),
                    ("growth_percent", "growth_label"),
                    ("growth_period_start", "growth_period_end"),
                    "growth_source",
                    ("annual_openings", "annual_openings_approximate"),
                    "annual_openings_source",
                    "typical_education",
                    "education_level",
                    "alternative_titles",
                ],
            },
        ),
    ]

    class Media:
        css = {"all": ["editor/editor.css"]}
        js = ["django_htmx/htmx-2.min.js", "editor/editor.js"]

    @admin.display(description="status", ordering="published_at")
    def publication(self, role):
        if role.status != Role.Status.PUBLISHED:
            return "Draft"
        if role.published_at > timezone.now():
            when = date_format(timezone.localtime(role.published_at), "DATETIME_FORMAT")
            return f"Scheduled for {when}"
        return "Published"

    @admin.display(description="SOC code", ordering="occupation_id")
    def soc_code(self, role):
        return role.occupation_id

    @admin.display(description="guide", ordering="guide_written")
    def guide(self, role):
        if role.guide_written:
            return "Yes"
        if _draft(role) is not None:
            return "Not public yet: a draft is saved"
        start = _start_guide_url(role)
        if start is None:
            return "No guide yet"
        return format_html('No guide yet: <a href="{}">Start a guide</a>', start)

    @admin.display(description="last changed", ordering="updated_at")
    def last_changed(self, role):
        return role.updated_at

    # Permissions: publishing and reviewing are rights of their own (see the groups).

    def has_publish_permission(self, request):
        return request.user.has_perm("guides.publish_role")

    def has_review_permission(self, request):
        return request.user.has_perm("guides.review_role")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly += ["status", "published_at"]
        return readonly

    # Restoring an earlier version, or recovering a deleted guide, brings back the whole guide
    # but its publication only for an editor who may publish: for the others a guide stays as
    # public, or as hidden, as it is now, and a recovered guide comes back as a draft.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """An earlier version, to restore: restoring a live guide, or one with a draft, makes
        the version its draft, as any save of it does."""
        _require_id(object_id)
        if not self.has_publish_permission(request):
            now = Role.objects.filter(pk=object_id).values("status", "published_at").first()
            request.kept_publication = now or UNPUBLISHED
        role = Role.objects.select_related("draft").filter(pk=object_id).first()
        draft = _draft(role)
        request.guide_draft = draft
        context = {
            "staged": role is not None and (draft is not None or drafts.is_live(role)),
            "may_publish": self.has_publish_permission(request),
            **(extra_context or {}),
        }

        def run():
            return super(RoleAdmin, self).revision_view(request, object_id, version_id, context)

        if request.method == "POST" and context["staged"]:
            return self._staged(request, role, draft, run, apply_draft=False)
        return run()

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_publish_permission(request):
            request.kept_publication = UNPUBLISHED
        return super().recover_view(request, version_id, extra_context)

    def get_object(self, request, object_id, from_field=None):
        role = super().get_object(request, object_id, from_field)
        kept = getattr(request, "kept_publication", None)
        if role is not None and kept is not None:  # the version's state, with today's
            role.status, role.published_at = kept["status"], kept["published_at"]
        return role

    @admin.action(description="Publish the selected guides", permissions=["publish"])
    def publish(self, request, queryset):
        now = timezone.now()
        published, scheduled = [], []
        for role in queryset.exclude(status=Role.Status.PUBLISHED):
            role.status = Role.Status.PUBLISHED
            if role.published_at is None or role.published_at <= now:
                role.published_at = now
                published.append(role)
            else:
                scheduled.append(role)
            self._save_with_revision(request, role, "Published.")
        already = queryset.count() - len(published) - len(scheduled)
        self._report(request, "published", published, already, "were already published")
        if scheduled:
            self.message_user(
                request,
                f"Scheduled as set: {self._names(scheduled)}.",
                messages.SUCCESS,
            )

    @admin.action(description="Unpublish the selected guides", permissions=["publish"])
    def unpublish(self, request, queryset):
        unpublished = []
        for role in queryset.filter(status=Role.Status.PUBLISHED):
            role.status = Role.Status.DRAFT
            self._save_with_revision(request, role, "Unpublished.")
            unpublished.append(role)
        already = queryset.count() - len(unpublished)
        self._report(request, "unpublished", unpublished, already, "were drafts already")

    @admin.action(description="Mark the selected guides reviewed today", permissions=["review"])
    def mark_reviewed(self, request, queryset):
        today = timezone.localdate()
        roles = list(queryset)
        for role in roles:
            role.last_reviewed = today
            self._save_with_revision(request, role, "Marked reviewed.")
        self._report(request, f"marked reviewed on {date_format(today)}", roles, 0, "")

    def _save_with_revision(self, request, role, comment):
        with reversion.create_revision():
            role.save()
            reversion.set_user(request.user)
            reversion.set_comment(comment)

    def _report(self, request, verb, changed, unchanged, unchanged_reason):
        if changed:
            count = f"{len(changed)} guide{'s' if len(changed) != 1 else ''}"
            self.message_user(
                request, f"{count} {verb}: {self._names(changed)}.", messages.SUCCESS
            )
        if unchanged:
            self.message_user(
                request,
                f"{unchanged} of the selected {unchanged_reason}; nothing changed for them.",
                messages.INFO,
            )

    @staticmethod
    def _names(roles):
        return ", ".join(role.title for role in roles)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_search_body()

    # Extra pages: the Markdown preview and the editor checks.

    def get_urls(self):
        own = [
            path(
                "markdown-preview/",
                self.admin_site.admin_view(self.markdown_preview),
                name="guides_role_markdown_preview",
            ),
            path(
                "checks/",
                self.admin_site.admin_view(self.checks_view),
                name="guides_role_checks",
            ),
            path(
                "<path:object_id>/draft/publish/",
                self.admin_site.admin_view(self.publish_draft_view),
                name="guides_role_publish_draft",
            ),
            path(
                "<path:object_id>/draft/discard/",
                self.admin_site.admin_view(self.discard_draft_view),
                name="guides_role_discard_draft",
            ),
            path(
                "<path:object_id>/draft/preview/",
                self.admin_site.admin_view(self.preview_draft_view),
                name="guides_role_preview_draft",
            ),
            path(
                "<path:object_id>/start-guide/",
                self.admin_site.admin_view(self.start_guide_view),
                name="guides_role_start_guide",
            ),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The guide's screen, its parts loaded when opened (see _parts_shown); an htmx request
        for one part gets that part alone. An occupation's page offers to start its guide from
        the official data."""
        request.guide_parts_shown = self._parts_shown(request)
        roles = Role.objects.select_related("draft__saved_by")  # its draft in the same query
        role = roles.filter(pk=object_id).first() if str(object_id).isdigit() else None
        draft = _draft(role)
        request.guide_draft = draft
        staged = role is not None and (draft is not None or drafts.is_live(role))
        context = {
            "draft": draft,
            "staged": staged,
            "may_publish": self.has_publish_permission(request),
            **(extra_context or {}),
        }

        def run():
            # Whether a guide can be started, on the guide as the screen shows it (its draft).
            shown = Role.objects.get(pk=role.pk) if draft is not None else role
            context["may_start_guide"] = (
                shown is not None
                and self.has_change_permission(request)
                and not starting.refusal(shown)[0]
            )
            response = super(RoleAdmin, self).change_view(request, object_id, form_url, context)
            part = self._part_asked_alone(request, response)
            if part is not None:  # before the response is rendered (on a draft, at once)
                response.template_name = f"{self.change_form_template}#part"
                response.context_data["part"] = {"formset": part}
            return response

        if request.method == "POST" and staged:
            response = self._staged(request, role, draft, run)
        elif draft is not None:  # the screen shows the guide as its draft has it
            response = self._on_draft(draft, run)
        else:
            response = run()
        return vary_on_htmx(response)

    def _on_draft(self, draft, run):
        """`run()`'s page, rendered with `draft` applied in a transaction rolled back."""
        with transaction.atomic():
            drafts.apply(draft)
            response = run()
            if hasattr(response, "render"):
                response.render()
            _roll_back()
        return response

    def _staged(self, request, role, draft, run, apply_draft=True):
        """A save of a live guide, or of one with a draft: `run()` saves it inside a savepoint,
        over the draft if there is one, and the guide it saved is kept as the draft while the
        savepoint is rolled back. "Save and publish" (PUBLISH_VAR), for an editor who may
        publish, keeps the save and drops the draft it included; for another, it is refused
        and nothing changes."""
        publishing = PUBLISH_VAR in request.POST
        if publishing and not self.has_publish_permission(request):
            self.message_user(
                request,
                "You may not publish guides: nothing was saved. Save it as a draft instead.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        request.saving_draft = not publishing
        with transaction.atomic():
            # Locked until the draft is stored: a lock taken within the savepoint would go with
            # its rollback, and a colleague's save could then pass the check of the version.
            Role.objects.select_for_update().filter(pk=role.pk).exists()
            versions = None
            with transaction.atomic():  # a savepoint, which drops the commit hooks set in it
                if draft is not None and apply_draft:
                    drafts.apply(draft)
                response = run()
                saved = response.status_code == 302
                if publishing and saved:
                    if draft is not None:
                        GuideDraft.objects.filter(pk=draft.pk).delete()
                    return response
                if saved:
                    latest = Version.objects.get_for_object(role).select_related("revision")
                    revision = latest.first().revision
                    versions, note = drafts.captured(revision), revision.comment
                elif hasattr(response, "render"):
                    response.render()
                _roll_back()
            if versions is not None:
                drafts.store(role, versions, request.user, note)
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if hasattr(request, "guide_draft"):
            form = type(form.__name__, (form,), {"opened_draft": request.guide_draft})
        return form

    def response_change(self, request, obj):
        if getattr(request, "saving_draft", False):
            self.message_user(
                request,
                "Saved as a draft: the public page stays as it is until the draft is published.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:guides_role_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def _parts_shown(self, request):
        """The prefixes of the parts that the guide's screen shows in full: on a save, the parts
        that the form sent (the others were not opened, and stay as they are); otherwise those
        that the address names (PART_VAR), none by default. Unknown names are left out."""
        prefixes = [part.relation for part in PARTS]
        if request.method == "POST":
            return {prefix for prefix in prefixes if f"{prefix}-TOTAL_FORMS" in request.POST}
        asked = set(request.GET.getlist(PART_VAR))
        return set(prefixes) if EVERY_PART in asked else asked & set(prefixes)

    def _part_asked_alone(self, request, response):
        """The one part an htmx request for it asks for (it is loaded when opened), if any."""
        if not (request.htmx and request.method == "GET" and len(request.guide_parts_shown) == 1):
            return None
        formsets = getattr(response, "context_data", {}).get("inline_admin_formsets", [])
        return next(iter(formsets), None)

    def get_formsets_with_inlines(self, request, obj=None):
        # Only the parts shown: the guide's screen leaves out the parts not opened. Adding a
        # guide, and an earlier version or a deleted guide to restore, show every part.
        shown = getattr(request, "guide_parts_shown", None)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if shown is None or formset.get_default_prefix() in shown:
                yield formset, inline

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["guide_parts"] = self._guide_parts(request, context, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _guide_parts(self, request, context, obj):
        """Every part of the guide, in the page's order, for the screen: a part shown in full
        ("formset"), or one loaded when opened, with its number of items and its address. The
        screen carries the scripts and styles of every part, so that a part opened later works
        as if it had been there from the start."""
        shown = {formset.formset.prefix: formset for formset in context["inline_admin_formsets"]}
        folded = [
            (formset, inline)
            for formset, inline in super().get_formsets_with_inlines(request, obj)
            if formset.get_default_prefix() not in shown
        ]
        counts = _item_counts(obj, [formset.get_default_prefix() for formset, _ in folded])
        parts = {prefix: {"formset": formset} for prefix, formset in shown.items()}
        for formset, inline in folded:
            prefix = formset.get_default_prefix()
            empty = formset(instance=obj, queryset=inline.model._default_manager.none())
            context["media"] += inline.media + empty.media
            parts[prefix] = {
                "prefix": prefix,
                "name": inline.verbose_name_plural,
                "count": counts[prefix],
                "url": _with_parts(request, [prefix]),
            }
        context["every_part_url"] = _with_parts(request, [EVERY_PART]) if folded else None
        return [parts[part.relation] for part in PARTS if part.relation in parts]

    def _draft_of(self, object_id):
        _require_id(object_id)
        return get_object_or_404(GuideDraft.objects.select_related("role"), role=object_id)

    def publish_draft_view(self, request, object_id):
        """Publish the guide's draft now, or schedule it for the time given (POST). Refused with
        a message, and nothing changed, for an editor who may not publish or a bad time."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        draft = self._draft_of(object_id)
        back = HttpResponseRedirect(reverse("admin:guides_role_change", args=[draft.role_id]))
        if not self.has_publish_permission(request):
            self.message_user(
                request, "You may not publish guides: the draft was not published.", messages.ERROR
            )
            return back
        form = PublishDraftForm(request.POST)
        if not form.is_valid():
            self.message_user(request, form.errors.as_text(), messages.ERROR)
            return back
        when = form.cleaned_data["publish_at"]
        if when is not None and when > timezone.now():
            draft.publish_at = when
            draft.save(update_fields=["publish_at"])
            shown = date_format(timezone.localtime(when), "DATETIME_FORMAT")
            self.message_user(
                request, f"The draft will be published at {shown}.", messages.SUCCESS
            )
            return back
        drafts.publish(draft, request.user)
        self.message_user(request, "The draft is published: the public page shows it now.")
        if draft.left_out:
            self.message_user(
                request,
                "Left out, as what they linked to was deleted after the draft was saved: "
                f"{', '.join(draft.left_out)}.",
                messages.WARNING,
            )
        return back

    def discard_draft_view(self, request, object_id):
        """Drop the guide's draft (POST): the guide stays as the public sees it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        draft = self._draft_of(object_id)
        if not self.has_change_permission(request, draft.role):
            raise PermissionDenied
        drafts.discard(draft)
        self.message_user(request, "The draft is discarded: the guide is as the public sees it.")
        return HttpResponseRedirect(reverse("admin:guides_role_change", args=[draft.role_id]))

    def preview_draft_view(self, request, object_id):
        """The guide's public page as it will be once its draft is published, rendered with the
        draft applied in a transaction rolled back; never cached, never indexed."""
        if not request.user.has_perm("guides.preview_role"):
            raise PermissionDenied
        draft = self._draft_of(object_id)
        request.draft_preview = True
        with transaction.atomic():
            guide = drafts.apply(draft)
            match = resolve(guide.get_absolute_url())
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            _roll_back()
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def start_guide_view(self, request, object_id):
        """Start the guide of an occupation's page from its official data (guides/starting.py):
        GET says what will be prefilled, POST prefills it, in one transaction. The page the
        public sees (and one with a draft) keeps the guide as its draft, over the draft there
        is, so nothing public changes until the draft is published. Refused, with nothing
        changed: a role with a written guide, a demo role, a role without an occupation or
        official data (400), and one started already (409)."""
        _require_id(object_id)
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        roles = Role.objects.select_related("draft__revision")
        versions = None
        with transaction.atomic():
            # Locked, so that two starts at once cannot both find the role untouched.
            locked = roles.select_for_update(of=("self",)) if request.method == "POST" else roles
            role = locked.filter(pk=object_id).first()
            if role is None:
                raise Http404("No such role.")
            draft = _draft(role)
            staged = draft is not None or drafts.is_live(role)
            with transaction.atomic():  # rolled back for a draft, and for the confirmation
                guide = drafts.apply(draft) if draft is not None else role
                refusal, status = starting.refusal(guide)
                plan = None if refusal else starting.prefill(guide)
                if plan is not None and not plan:
                    refusal, status = (
                        "There is no official data for its occupation to start from.",
                        400,
                    )
                posted = not refusal and request.method == "POST"
                if posted:
                    revision = starting.start(guide, plan, request.user)
                    versions = drafts.captured(revision) if staged else None
                if staged or not posted:
                    _roll_back()
            if versions is not None:
                drafts.store(role, versions, request.user, starting.COMMENT)
        if posted:
            self.log_change(request, role, starting.COMMENT)
            self.message_user(request, self._started_message(staged), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:guides_role_change", args=[role.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Start a guide from official data: {role.title}",
            "opts": self.model._meta,
            "role": role,
            "refusal": refusal,
            "staged": staged,
            "facts": plan.facts if plan else {},
            "counts": plan.counts if plan else [],
        }
        return TemplateResponse(
            request, "admin/guides/role/start_guide.html", context, status=status
        )

    @staticmethod
    def _started_message(staged):
        if staged:
            return (
                "The guide is started from official data, as a draft: the public sees the "
                "occupation's profile until the draft is published. Write its introduction "
                "and sections, preview it, then publish it."
            )
        return (
            "The guide is started from official data. Its page shows the occupation's profile "
            "until it has an introduction: write that last."
        )

    def markdown_preview(self, request):
        """A prose field's Markdown, rendered as the public page will show it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        fields = (value for key, value in request.POST.items() if key != "csrfmiddlewaretoken")
        return HttpResponse(render_markdown(next(fields, "")))

    def checks_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Guides that need attention",
            "opts": self.model._meta,
            "checks": editor_checks.run(),
            "latest_release": Release.objects.order_by("-reference_date").first(),
        }
        return TemplateResponse(request, "admin/guides/checks.html", context)


@admin.register(CareerLevel)
class CareerLevelAdmin(VersionsAdmin):
    list_display = ["title", "role", "order", "years_from", "years_to"]
    list_select_related = ["role"]
    search_fields = ["title", "role__title"]
    inlines = [LevelSalaryInline]


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RetiredAddress)
class RetiredAddressAdmin(ReadOnly, admin.ModelAdmin):
    """The addresses of retired careers, read only: sync_careers retires them, and each must
    keep leading to its group (deleting one would break old links; a new one, or a changed
    slug, could take a live career's address)."""

    list_display = ["slug", "occupation_code", "leads_to", "retired_at"]
    search_fields = ["slug"]
    fields = ["slug", "occupation_code", "leads_to", "retired_at"]
    readonly_fields = ["leads_to"]

    @admin.display(description="leads to")
    def leads_to(self, address):
        return format_html('<a href="{}">{}</a>', address.group_url, address.group_url)
