"""
Filling an empty table with many rows on PostgreSQL, its foreign keys checked at once.

PostgreSQL checks a foreign key row by row, each check a query of its own: the 236,799 wage
estimates of a first import_oews took 4.4 s of such checks (three keys a row) against 1.3 s
to insert them. Adding a key to a table full of rows checks them all in one query instead
(0.3 s for those three), which is how PostgreSQL's documentation advises to populate a
database ("Remove Foreign Key Constraints").
"""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def foreign_keys_checked_at_once(model):
    """Around a block, in a transaction, that writes `model`'s rows: on PostgreSQL and when
    the table is empty, its foreign keys are dropped for the block and added again after
    it, exactly as they were, which checks every row; a row that refers to nothing fails the
    ALTER TABLE, and the transaction rolls back with the keys as they were. Not for a table
    that has rows: ALTER TABLE keeps the table from readers until the transaction ends, and
    checking all of its rows again would cost more than the checks of the new ones."""
    empty = connection.vendor == "postgresql" and not model._base_manager.exists()
    keys = _foreign_keys(model) if empty else []
    if not keys:
        yield
        return
    assert connection.in_atomic_block, "the keys must come back, whatever happens"
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        # ALTER TABLE refuses a table with checks still to make at commit (Django's keys are
        # deferred), of rows written earlier in the transaction: they are made now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"ALTER TABLE {table} " + ", ".join(f"DROP CONSTRAINT {name}" for name, _ in keys)
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE {table} "
            + ", ".join(f"ADD CONSTRAINT {name} {definition}" for name, definition in keys)
        )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares every key


def _foreign_keys(model):
    """The table's foreign keys: [(quoted name, definition)]."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [model._meta.db_table],
        )
        return [(connection.ops.quote_name(name), definition) for name, definition in cursor]
