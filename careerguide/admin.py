"""The editors' admin site: Django's own, with the site's titles, refusing NUL characters, an
autocomplete widget that tolerates a tampered value, text areas read as their text is stored,
and read-only screens for what only a command writes."""

from functools import wraps

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets
from django.core.exceptions import BadRequest, ValidationError
from django.db import models

from careerguide.text import with_stored_line_ends


class EditorsSite(admin.AdminSite):
    site_header = "careerguide editors"
    site_title = "careerguide editors"
    index_title = "Guides, pay figures and accounts"

    def admin_view(self, view, cacheable=False):
        """Every admin view refuses a NUL character in the query string or the form (a 400):
        no editor types one, and PostgreSQL cannot store or compare text holding one, so
        list filters and autocomplete searches would fail on it."""

        @wraps(view)
        def refusing_nul(request, *args, **kwargs):
            if _holds_nul(request.GET) or _holds_nul(request.POST):
                raise BadRequest("The request holds a NUL character.")
            return view(request, *args, **kwargs)

        return super().admin_view(refusing_nul, cacheable)


def _holds_nul(query):
    return any("\x00" in key or any("\x00" in value for value in values)
               for key, values in query.lists())  # fmt: skip


class AutocompleteSelect(widgets.AutocompleteSelect):
    """Django's widget, showing again only posted values that can name a row: Django looks the
    posted value up unchecked when a form with errors is shown again, and a value that is not
    an id ("abc", or a number out of the column's range) would raise there instead of being
    reported by the field."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self._can_name_a_row(v)], attr)

    def _can_name_a_row(self, value):
        field = self.field.target_field
        try:
            field.run_validators(field.to_python(value))  # an id's type and range
        except ValidationError:
            return False
        return "\x00" not in str(value)


class AutocompleteFields:
    """For a model admin or inline with `autocomplete_fields`: uses the widget above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TextareaText(forms.CharField):
    """A textarea's text read as it is stored, so that text sent back unchanged is unchanged
    (else every long text of a form would be recorded as changed in the history)."""

    def to_python(self, value):
        value = super().to_python(value)
        return with_stored_line_ends(value) if isinstance(value, str) else value


class TextAsStored:
    """For a model admin or inline: its text areas read their text as TextareaText."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField):
            kwargs.setdefault("form_class", TextareaText)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ReadOnly:
    """For a model admin of rows that only a command writes (official data, retired
    addresses): shown to whoever may see the guides (the Editors and Reviewers groups, also
    for models added after them), never added, changed or deleted in the admin."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("guides.view_role") or super().has_view_permission(
            request, obj
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
