"""The occupations in the admin: imported, browsed and searched, rarely edited."""

from django.contrib import admin

from occupations.models import Occupation


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "group", "parent"]
    list_filter = ["group"]
    list_select_related = ["parent"]
    search_fields = ["code", "title"]
    raw_id_fields = ["parent"]
