"""
The occupations app takes over the occupation table the salaries app made (salaries 0004
renamed it): a change of the project's state only, and of the index's name.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("salaries", "0004_move_models_out"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Occupation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=7, unique=True, verbose_name='SOC code')),
                        ('title', models.CharField(max_length=200)),
                        ('group', models.CharField(choices=[('total', 'All occupations'), ('major', 'Major group'), ('minor', 'Minor group'), ('broad', 'Broad occupation'), ('detailed', 'Detailed occupation')], max_length=10)),
                        ('national_annual_median', models.PositiveIntegerField(blank=True, editable=False, help_text='From the newest wage release; import_oews keeps it, for the pay filters.', null=True)),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='children', to='occupations.occupation')),
                    ],
                    options={
                        'ordering': ['code'],
                        'indexes': [models.Index(fields=['national_annual_median'], name='salaries_occ_median_idx')],
                    },
                ),
            ],
        ),
        migrations.RenameIndex(
            "occupation", new_name="occupations_median_idx", old_name="salaries_occ_median_idx"
        ),
    ]
