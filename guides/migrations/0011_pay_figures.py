"""
The guide's own pay figures join the guides app (their tables were renamed by salaries 0004),
and a role names its occupation in the occupations app: changes of the project's state, then
each constraint takes a name of this app.
"""

import django.db.models.deletion
from django.db import migrations, models

import salaries.currency

RENAMED = [
    ("countrysalary", "countrysalary_order_unique"),
    ("countrysalary", "countrysalary_low_lte_high"),
    ("countrysalary", "countrysalary_usd_low_lte_high"),
    ("countrysalary", "countrysalary_money_nonnegative"),
    ("levelsalary", "levelsalary_money_nonnegative"),
]


def _renamed_constraints():
    """Each constraint dropped under its old name and made again under the new one."""
    operations = []
    for model, name in RENAMED:
        constraint = next(
            c for c in MOVED[model].options["constraints"] if c.name == f"salaries_{name}"
        )
        renamed = constraint.clone()
        renamed.name = f"guides_{name}"
        operations += [
            migrations.RemoveConstraint(model, constraint.name),
            migrations.AddConstraint(model, renamed),
        ]
    return operations


STATE = [
    migrations.AlterField(
        model_name='role',
        name='occupation',
        field=models.ForeignKey(blank=True, db_constraint=False, help_text='The official occupation whose wage estimates the page shows, e.g. 43-9061.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='roles', to='occupations.occupation', to_field='code', verbose_name='occupation (SOC code)'),
    ),
    migrations.CreateModel(
        name='CountrySalary',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('currency', models.CharField(default='USD', help_text='ISO 4217 code.', max_length=3, validators=[salaries.currency.validate_currency])),
            ('source', models.CharField(max_length=300)),
            ('year', models.PositiveSmallIntegerField()),
            ('order', models.PositiveSmallIntegerField()),
            ('country', models.CharField(help_text='A country, or a region such as Latin America.', max_length=100)),
            ('low', models.PositiveIntegerField()),
            ('high', models.PositiveIntegerField()),
            ('usd_low', models.PositiveIntegerField(verbose_name='USD equivalent, low')),
            ('usd_high', models.PositiveIntegerField(verbose_name='USD equivalent, high')),
            ('role', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='country_salaries', to='guides.role')),
        ],
        options={
            'verbose_name': 'salary by country',
            'verbose_name_plural': 'salaries by country',
            'ordering': ['order'],
            'constraints': [models.UniqueConstraint(fields=('role', 'order'), name='salaries_countrysalary_order_unique'), models.CheckConstraint(condition=models.Q(('low__lte', models.F('high'))), name='salaries_countrysalary_low_lte_high', violation_error_message='The low figure is above the high figure.'), models.CheckConstraint(condition=models.Q(('usd_low__lte', models.F('usd_high'))), name='salaries_countrysalary_usd_low_lte_high', violation_error_message='The low USD figure is above the high USD figure.'), models.CheckConstraint(condition=models.Q(('low__gte', 0), ('high__gte', 0), ('usd_low__gte', 0), ('usd_high__gte', 0)), name='salaries_countrysalary_money_nonnegative')],
        },
    ),
    migrations.CreateModel(
        name='LevelSalary',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('currency', models.CharField(default='USD', help_text='ISO 4217 code.', max_length=3, validators=[salaries.currency.validate_currency])),
            ('source', models.CharField(max_length=300)),
            ('year', models.PositiveSmallIntegerField()),
            ('median', models.PositiveIntegerField()),
            ('average', models.PositiveIntegerField()),
            ('career_level', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='salary', to='guides.careerlevel')),
        ],
        options={
            'verbose_name': 'salary by career level',
            'verbose_name_plural': 'salaries by career level',
            'constraints': [models.CheckConstraint(condition=models.Q(('median__gte', 0), ('average__gte', 0)), name='salaries_levelsalary_money_nonnegative')],
        },
    ),
]
MOVED = {operation.name.lower(): operation for operation in STATE[1:]}


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0010_slug_history"),
        ("salaries", "0004_move_models_out"),
        ("occupations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=STATE),
        *_renamed_constraints(),
    ]
