"""Django admin for guides: one screen per role with every part of its guide as inlines."""

from django.contrib import admin

from guides.models import (
    FAQ,
    CareerLevel,
    Industry,
    ProCon,
    RelatedRole,
    Responsibility,
    Role,
    RoleIndustry,
    Section,
    Skill,
    Step,
)
from salaries.admin import CountrySalaryInline, LevelSalaryInline


class RoleIndustryInline(admin.TabularInline):
    model = RoleIndustry
    extra = 0
    autocomplete_fields = ["industry"]


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0


class SkillInline(admin.TabularInline):
    model = Skill
    extra = 0


class StepInline(admin.TabularInline):
    model = Step
    extra = 0


class CareerLevelInline(admin.StackedInline):
    model = CareerLevel
    extra = 0
    show_change_link = True


class ProConInline(admin.TabularInline):
    model = ProCon
    extra = 0


class FAQInline(admin.StackedInline):
    model = FAQ
    extra = 0


class RelatedRoleInline(admin.TabularInline):
    model = RelatedRole
    fk_name = "role"
    extra = 0
    autocomplete_fields = ["related"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "updated_at", "occupation"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["occupation"]
    list_select_related = ["occupation"]
    inlines = [
        RoleIndustryInline,
        SectionInline,
        ResponsibilityInline,
        SkillInline,
        StepInline,
        CareerLevelInline,
        CountrySalaryInline,
        ProConInline,
        FAQInline,
        RelatedRoleInline,
    ]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "status", "published_at", "occupation", "introduction"]},
        ),
        (
            "Key facts",
            {
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
                ]
            },
        ),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_search_body()


@admin.register(CareerLevel)
class CareerLevelAdmin(admin.ModelAdmin):
    list_display = ["title", "role", "order", "years_from", "years_to"]
    list_select_related = ["role"]
    search_fields = ["title", "role__title"]
    inlines = [LevelSalaryInline]


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
