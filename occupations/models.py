"""
Official occupations: the Standard Occupational Classification (SOC 2018), from the total of
all occupations down to the detailed occupations that careers are made of.

This app knows nothing of guides or wages; the apps built on it do.
"""

from django.db import models


class Occupation(models.Model):
    """An occupation of the Standard Occupational Classification (SOC), at any group level."""

    class Group(models.TextChoices):
        TOTAL = "total", "All occupations"
        MAJOR = "major", "Major group"
        MINOR = "minor", "Minor group"
        BROAD = "broad", "Broad occupation"
        DETAILED = "detailed", "Detailed occupation"

    code = models.CharField("SOC code", max_length=7, unique=True)
    title = models.CharField(max_length=200)
    group = models.CharField(max_length=10, choices=Group)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    national_annual_median = models.PositiveIntegerField(
        null=True, blank=True, editable=False,
        help_text="From the newest wage release; import_oews keeps it, for the pay filters.",
    )  # fmt: skip

    class Meta:
        ordering = ["code"]
        indexes = [
            # The careers list's pay filters and pay sorting.
            models.Index(fields=["national_annual_median"], name="occupations_median_idx"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"
