"""Filling an empty table with its foreign keys checked at once (careerguide.bulk)."""

import pytest
from django.db import IntegrityError, connection, transaction

from careerguide.bulk import _foreign_keys, foreign_keys_checked_at_once
from salaries.models import WageEstimate
from tests.builders import make_area, make_estimate, make_occupation, make_release

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only (set DATABASE_URL)"
    ),
]


def _estimate(occupation_id, area, release):
    return WageEstimate(occupation_id=occupation_id, area=area, release=release)


def test_an_empty_tables_keys_are_dropped_for_the_block_and_added_again_as_they_were():
    keys = _foreign_keys(WageEstimate)
    occupation, area, release = make_occupation(), make_area(), make_release()

    with transaction.atomic():
        with foreign_keys_checked_at_once(WageEstimate):
            during = _foreign_keys(WageEstimate)
            WageEstimate.objects.bulk_create([_estimate(occupation.pk, area, release)])

    assert len(keys) == 3
    assert during == []
    assert _foreign_keys(WageEstimate) == keys
    assert WageEstimate.objects.get().occupation == occupation


def test_a_row_that_refers_to_nothing_fails_when_the_block_ends_and_the_keys_stay():
    keys = _foreign_keys(WageEstimate)
    area, release = make_area(), make_release()

    with transaction.atomic():
        with pytest.raises(IntegrityError, match="occupation_id"):
            with foreign_keys_checked_at_once(WageEstimate):
                WageEstimate.objects.bulk_create([_estimate(987654, area, release)])
        transaction.set_rollback(True)

    assert _foreign_keys(WageEstimate) == keys
    assert not WageEstimate.objects.exists()


def test_a_table_with_rows_keeps_its_keys_and_checks_each_row():
    occupation, area, release = make_occupation(), make_area(), make_release()
    make_estimate(occupation, area, release)
    keys = _foreign_keys(WageEstimate)

    with transaction.atomic():
        with foreign_keys_checked_at_once(WageEstimate):
            during = _foreign_keys(WageEstimate)

    assert during == keys
