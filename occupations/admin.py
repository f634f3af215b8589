"""The occupations in the admin: imported, browsed and searched, rarely edited."""

from django.contrib import admin
from django.db.models import Count

from careerguide.admin import ReadOnly
from occupations.models import (
    AlternateTitle,
    CareerCluster,
    Definition,
    Descriptor,
    EducationCategory,
    EducationShare,
    EmergingTask,
    InterestScore,
    JobZone,
    Occupation,
    OnetOccupation,
    Projection,
    RelatedOccupation,
    SkillRating,
    SourceRelease,
    Task,
    Technology,
    Tool,
    WorkStyleRating,
)


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "group", "parent"]
    list_filter = ["group"]
    list_select_related = ["parent"]
    search_fields = ["code", "title"]
    raw_id_fields = ["parent"]


class ImportedAdmin(ReadOnly, admin.ModelAdmin):
    """Official content, read only: an import command writes it (import_projections,
    import_soc, import_onet, ...), and would undo an edit."""


@admin.register(SourceRelease)
class SourceReleaseAdmin(ImportedAdmin):
    list_display = ["kind", "name", "first_year", "last_year", "published_on"]


@admin.register(Projection)
class ProjectionAdmin(ImportedAdmin):
    list_display = ["occupation", "release", "change_percent", "openings", "entry_education"]
    list_filter = ["release", "entry_education"]
    list_select_related = ["occupation", "release"]
    search_fields = ["occupation__code", "occupation__title"]
    raw_id_fields = ["occupation"]


@admin.register(Definition)
class DefinitionAdmin(ImportedAdmin):
    list_display = ["occupation", "release"]
    list_select_related = ["occupation", "release"]
    search_fields = ["occupation__code", "occupation__title", "text"]
    raw_id_fields = ["occupation"]


@admin.register(OnetOccupation)
class OnetOccupationAdmin(ImportedAdmin):
    list_display = ["code", "title", "job_zone", "bright_outlook"]
    list_filter = ["job_zone", "bright_outlook"]
    list_select_related = ["job_zone"]
    search_fields = ["code", "title"]


@admin.register(JobZone)
class JobZoneAdmin(ImportedAdmin):
    list_display = ["number", "name"]


@admin.register(EducationCategory)
class EducationCategoryAdmin(ImportedAdmin):
    list_display = ["scale", "number", "description"]
    list_filter = ["scale"]


@admin.register(EducationShare)
class EducationShareAdmin(ImportedAdmin):
    list_display = ["onet_occupation", "category", "percent", "respondents", "surveyed"]
    list_filter = ["category__scale", "respondents"]
    list_select_related = ["category"]
    search_fields = ["onet_occupation__code", "onet_occupation__title"]


@admin.register(RelatedOccupation)
class RelatedOccupationAdmin(ImportedAdmin):
    list_display = ["onet_occupation", "index", "code", "title", "tier", "occupation"]
    list_filter = ["tier"]
    search_fields = ["onet_occupation__code", "code", "title"]


@admin.register(Task, EmergingTask, AlternateTitle, Technology, Tool)
class OnetListAdmin(ImportedAdmin):
    """The lists of an O*NET occupation: its tasks, emerging tasks, titles, technology, tools."""

    list_display = ["onet_occupation", "__str__"]
    search_fields = ["onet_occupation__code", "onet_occupation__title"]


class ImportedOnly(ImportedAdmin):
    """O*NET's ratings, imported with import_onet_traits: searched by occupation and element."""

    search_fields = ["onet_occupation__code", "onet_occupation__title", "descriptor__name"]
    list_select_related = ["onet_occupation", "descriptor", "release"]
    show_full_result_count = False


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


@admin.register(CareerCluster)
class CareerClusterAdmin(ImportedAdmin):
    """O*NET's legacy career clusters, read only: import_career_clusters writes them."""

    list_display = ["name", "occupation_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(occupation_count=Count("occupations"))

    @admin.display(description="occupations", ordering="occupation_count")
    def occupation_count(self, cluster):
        return cluster.occupation_count
