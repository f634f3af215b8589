"""Admin inlines for pay figures; they appear on the role and career level screens."""

from django.contrib import admin

from salaries.models import CountrySalary, LevelSalary


class LevelSalaryInline(admin.StackedInline):
    model = LevelSalary
    extra = 0


class CountrySalaryInline(admin.TabularInline):
    model = CountrySalary
    extra = 0
