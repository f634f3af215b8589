"""The salaries app lets go of the models that moved (salaries 0004): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("salaries", "0004_move_models_out"),
        ("occupations", "0001_initial"),
        ("guides", "0011_pay_figures"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="wageestimate",
                    name="occupation",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="estimates",
                        to="occupations.occupation",
                    ),
                ),
                migrations.DeleteModel("LevelSalary"),
                migrations.DeleteModel("CountrySalary"),
                migrations.DeleteModel("Occupation"),
            ],
        ),
    ]
