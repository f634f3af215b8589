"""
The named database constraints reject bad data at the database itself, whatever path wrote it
(no form, no full_clean): every write here goes through `objects.create()` or `.update()`.

PostgreSQL names the violated constraint; SQLite names it for CHECK constraints but names the
columns for UNIQUE ones, so each test asserts what the running backend actually reports.
The model-level path, full_clean(), reports the same rules as ValidationError.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import UniqueConstraint
from django.utils import timezone

from guides.models import (
    FAQ,
    CareerLevel,
    CountrySalary,
    LevelSalary,
    ProCon,
    RelatedRole,
    Responsibility,
    Role,
    Skill,
    Step,
)
from tests.builders import (
    make_career_level,
    make_country_salary,
    make_faq,
    make_pro_con,
    make_responsibility,
    make_role,
    make_section,
    make_skill,
    make_step,
)

pytestmark = pytest.mark.django_db


def assert_violates(constraint, action, *, sqlite_columns=None, also_accept=()):
    """
    `action` raises IntegrityError from the database, reported as `constraint`.

    sqlite_columns: for a UNIQUE constraint, the "table.column, ..." SQLite names instead.
    also_accept: other constraints that enforce the very same rule and that the database may
    check first (a PositiveIntegerField's own column check, for negative money).
    """
    with pytest.raises(IntegrityError) as excinfo:
        with transaction.atomic():
            action()
    message = str(excinfo.value)
    names = (constraint, *also_accept)
    if connection.vendor == "postgresql":
        reported = excinfo.value.__cause__.diag.constraint_name
        assert reported in names, message
        assert f'"{reported}"' in message
    elif connection.vendor == "sqlite":
        if sqlite_columns:
            assert f"UNIQUE constraint failed: {sqlite_columns}" in message
        else:
            assert message.startswith("CHECK constraint failed: "), message
            reported = message.removeprefix("CHECK constraint failed: ")
            assert reported in names, message
    return message


def update(obj, **fields):
    return lambda: type(obj).objects.filter(pk=obj.pk).update(**fields)


def _pg_column_check(table, column):
    """The name PostgreSQL gives a PositiveIntegerField's unnamed `CHECK (column >= 0)`."""
    return f"{table}_{column}_check"


def _sqlite_column_check(column):
    """What SQLite reports for a PositiveIntegerField's unnamed column check: the column."""
    return column


def column_checks(table, column):
    return (_pg_column_check(table, column), _sqlite_column_check(column))


# Role.


def test_duplicate_role_slug_is_rejected():
    make_role(slug="same-slug")
    assert_violates(
        "guides_role_slug_unique",
        lambda: make_role(slug="same-slug"),
        sqlite_columns="guides_role.slug",
    )


def test_duplicate_role_slug_by_update_is_rejected():
    make_role(slug="taken")
    other = make_role()
    assert_violates(
        "guides_role_slug_unique", update(other, slug="taken"), sqlite_columns="guides_role.slug"
    )


def test_pay_range_low_above_high_is_rejected():
    assert_violates(
        "guides_role_pay_range_low_lte_high",
        lambda: make_role(pay_range_low=60000, pay_range_high=40000),
    )


def test_pay_range_low_above_high_by_update_is_rejected():
    role = make_role(pay_range_low=40000, pay_range_high=60000)
    assert_violates("guides_role_pay_range_low_lte_high", update(role, pay_range_low=70000))


def test_pay_range_equal_or_open_is_accepted():
    make_role(pay_range_low=50000, pay_range_high=50000)
    make_role(pay_range_low=50000, pay_range_high=None, pay_range_open_ended=True)
    make_role(pay_range_low=None, pay_range_high=None)


def test_reversed_growth_period_is_rejected():
    assert_violates(
        "guides_role_growth_period_ordered",
        lambda: make_role(growth_period_start=2034, growth_period_end=2024),
    )


def test_growth_period_in_order_is_accepted():
    make_role(growth_period_start=2024, growth_period_end=2034)
    make_role(growth_period_start=2024, growth_period_end=2024)


@pytest.mark.parametrize(
    "field", ["median_pay", "pay_range_low", "pay_range_high", "annual_openings"]
)
def test_negative_role_figure_is_rejected(field):
    role = make_role()
    assert_violates(
        "guides_role_figures_nonnegative",
        update(role, **{field: -1}),
        also_accept=column_checks("guides_role", field),
    )


def test_negative_median_pay_on_postgresql_is_reported_by_the_named_constraint():
    """PostgreSQL checks CHECK constraints by name: "figures" sorts before "median_pay"."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's order of checking CHECK constraints")
    role = make_role()
    message = assert_violates("guides_role_figures_nonnegative", update(role, median_pay=-1))
    assert "guides_role_figures_nonnegative" in message


def test_published_role_without_published_at_is_rejected():
    # save() stamps a publication time, so only a write that skips it can break the rule.
    role = make_role()
    assert_violates("guides_role_published_has_time", update(role, published_at=None))


def test_draft_role_without_published_at_is_accepted():
    role = make_role(status=Role.Status.DRAFT, published_at=None)
    Role.objects.filter(pk=role.pk).update(published_at=None)


def test_publishing_a_draft_by_update_without_a_time_is_rejected():
    role = make_role(status=Role.Status.DRAFT, published_at=None)
    assert_violates("guides_role_published_has_time", update(role, status=Role.Status.PUBLISHED))


def test_create_published_role_stamps_the_time_itself():
    role = make_role(status=Role.Status.PUBLISHED, published_at=None)
    assert role.published_at is not None


def test_duplicate_section_kind_is_rejected():
    role = make_role()
    make_section(role)
    assert_violates(
        "guides_section_kind_unique",
        lambda: make_section(role),
        sqlite_columns="guides_section.role_id, guides_section.kind",
    )


# Career levels.


def test_career_level_years_from_above_years_to_is_rejected():
    role = make_role()
    assert_violates(
        "guides_careerlevel_years_ordered",
        lambda: make_career_level(role, with_salary=False, years_from=8, years_to=3),
    )


def test_career_level_years_reversed_by_update_is_rejected():
    level = make_career_level(make_role(), with_salary=False, years_from=2, years_to=4)
    assert_violates("guides_careerlevel_years_ordered", update(level, years_to=1))


def test_career_level_open_ended_or_single_year_is_accepted():
    role = make_role()
    make_career_level(role, with_salary=False, years_from=10, years_to=None)
    make_career_level(role, with_salary=False, years_from=3, years_to=3)


# One order per item per guide.


def _level(role, **overrides):
    return make_career_level(role, with_salary=False, **overrides)


def _related(role, **overrides):
    fields = {"order": role.related_links.count() + 1, "related": make_role()}
    return RelatedRole.objects.create(role=role, **{**fields, **overrides})


ORDERED_ITEMS = {
    "responsibility": (make_responsibility, "guides_responsibility"),
    "step": (make_step, "guides_step"),
    "faq": (make_faq, "guides_faq"),
    "career-level": (_level, "guides_careerlevel"),
    "related-role": (_related, "guides_relatedrole"),
    "country-salary": (make_country_salary, "guides_countrysalary"),
}


@pytest.mark.parametrize(("make", "table"), ORDERED_ITEMS.values(), ids=ORDERED_ITEMS.keys())
def test_duplicate_order_within_a_guide_is_rejected(make, table):
    role = make_role()
    make(role, order=1)
    assert_violates(
        f"{table}_order_unique",
        lambda: make(role, order=1),
        sqlite_columns=f"{table}.role_id, {table}.order",
    )


@pytest.mark.parametrize(("make", "table"), ORDERED_ITEMS.values(), ids=ORDERED_ITEMS.keys())
def test_duplicate_order_by_update_is_rejected(make, table):
    role = make_role()
    make(role, order=1)
    second = make(role, order=2)
    assert_violates(
        f"{table}_order_unique",
        update(second, order=1),
        sqlite_columns=f"{table}.role_id, {table}.order",
    )


@pytest.mark.parametrize(("make", "table"), ORDERED_ITEMS.values(), ids=ORDERED_ITEMS.keys())
def test_same_order_in_two_guides_is_accepted(make, table):
    first, second = make(make_role(), order=1), make(make_role(), order=1)
    assert first.order == second.order == 1
    assert first.role_id != second.role_id


def test_skill_order_is_unique_per_role_and_kind():
    role = make_role()
    make_skill(role, kind=Skill.Kind.TECHNICAL, order=1)
    assert_violates(
        "guides_skill_order_unique",
        lambda: make_skill(role, kind=Skill.Kind.TECHNICAL, order=1),
        sqlite_columns="guides_skill.role_id, guides_skill.kind, guides_skill.order",
    )


def test_skill_same_order_different_kind_or_guide_is_accepted():
    role = make_role()
    make_skill(role, kind=Skill.Kind.TECHNICAL, order=1)
    make_skill(role, kind=Skill.Kind.SOFT, order=1)
    make_skill(role, kind=Skill.Kind.EDUCATION, order=1)
    make_skill(make_role(), kind=Skill.Kind.TECHNICAL, order=1)
    assert Skill.objects.filter(order=1).count() == 4


def test_pro_con_order_is_unique_per_role_and_kind():
    role = make_role()
    make_pro_con(role, kind=ProCon.Kind.PRO, order=1)
    make_pro_con(role, kind=ProCon.Kind.CON, order=1)
    assert_violates(
        "guides_procon_order_unique",
        lambda: make_pro_con(role, kind=ProCon.Kind.CON, order=1),
        sqlite_columns="guides_procon.role_id, guides_procon.kind, guides_procon.order",
    )


# Related roles.


def test_related_role_pointing_to_itself_is_rejected():
    role = make_role()
    assert_violates(
        "guides_relatedrole_not_self",
        lambda: RelatedRole.objects.create(role=role, related=role, order=1),
    )


def test_related_role_changed_to_itself_by_update_is_rejected():
    role = make_role()
    link = RelatedRole.objects.create(role=role, related=make_role(), order=1)
    assert_violates("guides_relatedrole_not_self", update(link, related=role))


def test_duplicate_related_role_is_rejected():
    role, other = make_role(), make_role()
    RelatedRole.objects.create(role=role, related=other, order=1)
    assert_violates(
        "guides_relatedrole_related_unique",
        lambda: RelatedRole.objects.create(role=role, related=other, order=2),
        sqlite_columns="guides_relatedrole.role_id, guides_relatedrole.related_id",
    )


def test_two_guides_may_link_the_same_related_role():
    other = make_role()
    RelatedRole.objects.create(role=make_role(), related=other, order=1)
    RelatedRole.objects.create(role=make_role(), related=other, order=1)


# Salaries.


def test_country_salary_low_above_high_is_rejected():
    role = make_role()
    assert_violates(
        "guides_countrysalary_low_lte_high",
        lambda: make_country_salary(role, low=50000, high=30000),
    )


def test_country_salary_usd_low_above_usd_high_is_rejected():
    role = make_role()
    assert_violates(
        "guides_countrysalary_usd_low_lte_high",
        lambda: make_country_salary(role, usd_low=50000, usd_high=30000),
    )


def test_country_salary_high_lowered_below_low_by_update_is_rejected():
    salary = make_country_salary(make_role(), low=20000, high=30000)
    assert_violates("guides_countrysalary_low_lte_high", update(salary, high=10000))


@pytest.mark.parametrize("field", ["low", "high", "usd_low", "usd_high"])
def test_negative_country_salary_is_rejected(field):
    salary = make_country_salary(make_role())
    assert_violates(
        "guides_countrysalary_money_nonnegative",
        update(salary, **{field: -1}),
        # low/high rules or the column's own check may be checked first; all reject it.
        also_accept=(
            *column_checks("guides_countrysalary", field),
            "guides_countrysalary_low_lte_high",
            "guides_countrysalary_usd_low_lte_high",
        ),
    )


@pytest.mark.parametrize("field", ["median", "average"])
def test_negative_level_salary_is_rejected(field):
    level = make_career_level(make_role())
    assert_violates(
        "guides_levelsalary_money_nonnegative",
        update(level.salary, **{field: -1}),
        also_accept=column_checks("guides_levelsalary", field),
    )


def test_negative_level_salary_on_create_is_rejected():
    level = make_career_level(make_role(), with_salary=False)
    assert_violates(
        "guides_levelsalary_money_nonnegative",
        lambda: LevelSalary.objects.create(
            career_level=level, median=-5, average=100, currency="USD", source="s", year=2025
        ),
        also_accept=column_checks("guides_levelsalary", "median"),
    )


# The model-level path: full_clean() reports the same rules as ValidationError.


def _errors(obj, exclude=None):
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean(exclude=exclude)
    return excinfo.value.message_dict


def violation_message(obj, name):
    """What full_clean says when constraint `name` of `obj`'s model is broken."""
    model = type(obj)
    [constraint] = [c for c in model._meta.constraints if c.name == name]
    custom = constraint.violation_error_message != constraint.default_violation_error_message
    if isinstance(constraint, UniqueConstraint) and constraint.fields and not custom:
        # Django's "<Model> with this <Field> and <Field> already exists."
        [message] = obj.unique_error_message(model, constraint.fields).messages
        return message
    return constraint.get_violation_error_message()


def assert_reports(errors, obj, name, keys=(NON_FIELD_ERRORS,)):
    """full_clean's `errors` for `obj` hold constraint `name`'s message, under `keys` only:
    at the field that is wrong, where the model's clean() knows it."""
    expected = violation_message(obj, name)
    found = [key for key in keys if any(expected in m for m in errors.get(key, []))]
    assert found, f"{name}: {expected!r} not in {errors!r}"
    assert set(errors) <= set(keys), errors


def _new_role(**overrides):
    return Role(**{"title": "New", "slug": "new-role", **overrides})


def _new_level(role, **overrides):
    fields = {
        "order": 1, "title": "Level", "years_from": 1, "years_to": 3,
        "description": "d", "focus_areas": "f",
    }  # fmt: skip
    return CareerLevel(role=role, **{**fields, **overrides})


def _new_country_salary(role, **overrides):
    fields = {
        "order": 1, "country": "Germany", "currency": "EUR", "low": 20000, "high": 30000,
        "usd_low": 22000, "usd_high": 33000, "source": "Test source", "year": 2025,
    }  # fmt: skip
    return CountrySalary(role=role, **{**fields, **overrides})


def test_full_clean_reports_duplicate_slug():
    make_role(slug="taken")
    role = _new_role(slug="taken")
    errors = _errors(role)
    # A unique constraint on one field reports on that field unless it has its own message.
    assert_reports(errors, role, "guides_role_slug_unique", keys=("slug", NON_FIELD_ERRORS))


def test_full_clean_reports_pay_range_low_above_high():
    role = _new_role(pay_range_low=60000, pay_range_high=40000)
    assert_reports(
        _errors(role), role, "guides_role_pay_range_low_lte_high", keys=("pay_range_high",)
    )


def test_full_clean_reports_reversed_growth_period():
    role = _new_role(growth_period_start=2034, growth_period_end=2024)
    assert_reports(
        _errors(role), role, "guides_role_growth_period_ordered", keys=("growth_period_end",)
    )


def test_full_clean_reports_reversed_years():
    level = _new_level(make_role(), years_from=8, years_to=3)
    assert_reports(_errors(level), level, "guides_careerlevel_years_ordered", keys=("years_to",))


def test_full_clean_reports_duplicate_order():
    role = make_role()
    _level(role, order=1)
    level = _new_level(role, order=1)
    assert_reports(_errors(level), level, "guides_careerlevel_order_unique")


def test_full_clean_reports_country_salary_low_above_high():
    salary = _new_country_salary(make_role(), low=50000, high=30000)
    assert_reports(_errors(salary), salary, "guides_countrysalary_low_lte_high", keys=("high",))


def test_full_clean_reports_country_salary_usd_low_above_high():
    salary = _new_country_salary(make_role(), usd_low=50000, usd_high=30000)
    assert_reports(
        _errors(salary), salary, "guides_countrysalary_usd_low_lte_high", keys=("usd_high",)
    )


def test_full_clean_reports_related_role_to_itself():
    role = make_role()
    link = RelatedRole(role=role, related=role, order=1)
    assert_reports(_errors(link), link, "guides_relatedrole_not_self", keys=("related",))


def test_full_clean_rejects_unknown_currency_naming_iso_4217():
    errors = _errors(_new_country_salary(make_role(), currency="XYZ"))
    assert list(errors) == ["currency"]
    assert errors["currency"] == [
        "XYZ is not an ISO 4217 currency code (such as USD, EUR or GBP)."
    ]


@pytest.mark.parametrize("code", ["usd", "US", "USDX", ""])
def test_full_clean_rejects_malformed_currency(code):
    errors = _errors(_new_country_salary(make_role(), currency=code))
    assert "currency" in errors


def test_full_clean_rejects_unknown_median_pay_currency_on_role():
    errors = _errors(_new_role(median_pay_currency="XYZ"))
    assert any("ISO 4217" in m for m in errors["median_pay_currency"])


def test_full_clean_accepts_valid_objects():
    role = make_role()
    _new_role(pay_range_low=1, pay_range_high=1, growth_period_start=2024,
              growth_period_end=2034).full_clean()  # fmt: skip
    _new_level(role, years_to=None).full_clean()
    _new_country_salary(role, currency="GBP").full_clean()
    RelatedRole(role=role, related=make_role(), order=1).full_clean()


def test_full_clean_stamps_publication_time_instead_of_rejecting():
    role = _new_role(status=Role.Status.PUBLISHED, published_at=None)
    role.full_clean()
    assert role.published_at is not None
    assert role.published_at <= timezone.now() + timedelta(seconds=1)


def test_models_declare_the_constraints_under_test():
    """The names asserted above are the names the models (and so migrations) declare."""
    declared = {
        c.name
        for model in (
            Role,
            Responsibility,
            CareerLevel,
            Skill,
            Step,
            FAQ,
            RelatedRole,
            CountrySalary,
            LevelSalary,
        )
        for c in model._meta.constraints
    }
    assert {
        "guides_role_slug_unique",
        "guides_role_pay_range_low_lte_high",
        "guides_role_growth_period_ordered",
        "guides_role_figures_nonnegative",
        "guides_role_published_has_time",
        "guides_careerlevel_years_ordered",
        "guides_careerlevel_order_unique",
        "guides_step_order_unique",
        "guides_faq_order_unique",
        "guides_skill_order_unique",
        "guides_relatedrole_order_unique",
        "guides_relatedrole_related_unique",
        "guides_relatedrole_not_self",
        "guides_countrysalary_order_unique",
        "guides_countrysalary_low_lte_high",
        "guides_countrysalary_usd_low_lte_high",
        "guides_countrysalary_money_nonnegative",
        "guides_levelsalary_money_nonnegative",
    } <= declared
