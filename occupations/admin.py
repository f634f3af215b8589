"""The occupations in the admin: imported, browsed and searched, rarely edited."""

from django.contrib import admin

from occupations.models import (
    Definition,
    Descriptor,
    InterestScore,
    Occupation,
    Projection,
    SkillRating,
    SourceRelease,
    WorkStyleRating,
)


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


class ImportedOnly(admin.ModelAdmin):
    """O*NET's ratings are imported with import_onet_traits, not typed in: shown read-only."""

    search_fields = ["onet_occupation__code", "onet_occupation__title", "descriptor__name"]
    list_select_related = ["onet_occupation", "descriptor", "release"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Descriptor)
class DescriptorAdmin(ImportedOnly):
    list_display = ["element_id", "name", "domain", "release"]
    list_filter = ["domain"]
    list_select_related = ["release"]
    search_fields = ["element_id", "name"]


@admin.register(SkillRating)
class SkillRatingAdmin(ImportedOnly):
    list_display = ["onet_occupation", "descriptor", "importance", "level", "release", "rated_in"]
    list_filter = ["descriptor__domain", "importance_suppressed", "level_not_relevant"]


@admin.register(InterestScore)
class InterestScoreAdmin(ImportedOnly):
    list_display = ["onet_occupation", "descriptor", "score", "high_point", "rated_in"]


@admin.register(WorkStyleRating)
class WorkStyleRatingAdmin(ImportedOnly):
    list_display = ["onet_occupation", "descriptor", "impact", "rated_in"]
