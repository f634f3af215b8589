"""The official wage estimates in the admin: imported with import_oews, shown read-only."""

from django.contrib import admin

from salaries.models import Area, Release, WageEstimate


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "reference_date", "published_on"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "kind", "state"]
    list_filter = ["kind"]
    search_fields = ["title", "code", "state"]


@admin.register(WageEstimate)
class WageEstimateAdmin(admin.ModelAdmin):
    """Official figures are imported with import_oews, not typed in: shown read-only."""

    list_display = ["occupation", "area", "release", "employment", "annual_median"]
    list_filter = ["release", "area__kind"]
    list_select_related = ["occupation", "area", "release"]
    search_fields = ["occupation__code", "occupation__title", "area__title"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
