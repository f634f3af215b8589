"""
Occupations move to the occupations app, and a guide's own pay figures to the guides app:
first their tables take their new apps' names, here; the new apps then take the models over
(occupations 0001, guides 0011) and this app lets go of them (salaries 0005). No row moves.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("salaries", "0003_occupation_national_annual_median_and_more"),
        ("guides", "0010_slug_history"),
    ]

    operations = [
        migrations.AlterModelTable("occupation", "occupations_occupation"),
        migrations.AlterModelTable("levelsalary", "guides_levelsalary"),
        migrations.AlterModelTable("countrysalary", "guides_countrysalary"),
    ]
