"""
A guide's own salary figures: by career level and by country, each with its source and year.

Money is whole units of its currency in integer fields, never a float.
"""

from django.db import models
from django.db.models import F, Q

from salaries.currency import validate_currency


class SalaryFigure(models.Model):
    """What every published pay figure carries: its currency, source and year."""

    currency = models.CharField(
        max_length=3, default="USD", validators=[validate_currency], help_text="ISO 4217 code."
    )
    source = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True


class LevelSalary(SalaryFigure):
    """Pay at one career level of a guide: the salary-by-experience table."""

    career_level = models.OneToOneField(
        "guides.CareerLevel", on_delete=models.CASCADE, related_name="salary"
    )
    median = models.PositiveIntegerField()
    average = models.PositiveIntegerField()

    class Meta:
        verbose_name = "salary by career level"
        verbose_name_plural = "salaries by career level"
        constraints = [
            models.CheckConstraint(
                condition=Q(median__gte=0) & Q(average__gte=0),
                name="salaries_levelsalary_money_nonnegative",
            ),
        ]

    def __str__(self):
        return f"{self.career_level.title}: {self.median} {self.currency}"


class CountrySalary(SalaryFigure):
    """A yearly pay range in one country (or region), in local currency and in USD."""

    role = models.ForeignKey(
        "guides.Role", on_delete=models.CASCADE, related_name="country_salaries"
    )
    order = models.PositiveSmallIntegerField()
    country = models.CharField(
        max_length=100, help_text="A country, or a region such as Latin America."
    )
    low = models.PositiveIntegerField()
    high = models.PositiveIntegerField()
    usd_low = models.PositiveIntegerField("USD equivalent, low")
    usd_high = models.PositiveIntegerField("USD equivalent, high")

    class Meta:
        ordering = ["order"]
        verbose_name = "salary by country"
        verbose_name_plural = "salaries by country"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "order"], name="salaries_countrysalary_order_unique"
            ),
            models.CheckConstraint(
                condition=Q(low__lte=F("high")),
                name="salaries_countrysalary_low_lte_high",
                violation_error_message="The low figure is above the high figure.",
            ),
            models.CheckConstraint(
                condition=Q(usd_low__lte=F("usd_high")),
                name="salaries_countrysalary_usd_low_lte_high",
                violation_error_message="The low USD figure is above the high USD figure.",
            ),
            models.CheckConstraint(
                condition=Q(low__gte=0) & Q(high__gte=0) & Q(usd_low__gte=0) & Q(usd_high__gte=0),
                name="salaries_countrysalary_money_nonnegative",
            ),
        ]

    def __str__(self):
        return f"{self.country}: {self.low}-{self.high} {self.currency}"
