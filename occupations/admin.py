"""The occupations in the admin: imported, browsed and searched, rarely edited."""

from django.contrib import admin

from occupations.models import Definition, Occupation, Projection, SourceRelease


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "group", "parent"]
    list_filter = ["group"]
    list_select_related = ["parent"]
    search_fields = ["code", "title"]
    raw_id_fields = ["parent"]


@admin.register(SourceRelease)
class SourceReleaseAdmin(admin.ModelAdmin):
    list_display = ["kind", "name", "first_year", "last_year", "published_on"]


@admin.register(Projection)
class ProjectionAdmin(admin.ModelAdmin):
    list_display = ["occupation", "release", "change_percent", "openings", "entry_education"]
    list_filter = ["release", "entry_education"]
    list_select_related = ["occupation", "release"]
    search_fields = ["occupation__code", "occupation__title"]
    raw_id_fields = ["occupation"]


@admin.register(Definition)
class DefinitionAdmin(admin.ModelAdmin):
    list_display = ["occupation", "release"]
    list_select_related = ["occupation", "release"]
    search_fields = ["occupation__code", "occupation__title", "text"]
    raw_id_fields = ["occupation"]
