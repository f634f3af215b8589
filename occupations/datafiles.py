"""
Reading official CSV files (plain or gzipped) row by row, each row with its file and line, so
that an importer can stop on a bad value naming the file, line and column.
"""

import csv
import gzip
import io
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

SOC_CODE = re.compile(r"\d\d-\d{4}")


@dataclass
class Summary:
    """What an import read, wrote and skipped (with why), for its closing report."""

    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)


class DataFileError(Exception):
    """A file that cannot be imported; the message names the file, line and column."""


def read_rows(path, columns, what, case=str.lower, tabs=False):
    """Yield (where, record) for each row of `path`, after checking that its header has
    `columns` (others may be present; every name stripped and put in `case`, as `columns` are
    written). `what` names the kind of file in the error message. With `tabs`, the file is
    tab-separated text without quoting, as O*NET writes it."""
    name = str(path)
    rows = read_lists(path, columns, what, case, tabs)
    names = next(rows)
    for line, values in rows:
        # strict=False: read_lists checked each row's width; checking again cost 10% of a read.
        yield f"{name}, line {line}", dict(zip(names, values, strict=False))


def read_lists(path, columns, what, case=str.lower, tabs=False):
    """As read_rows, without a dict a row: first the header's names, then (line, values) for
    each row, the values a list in the header's order. For the files of many rows."""
    name = str(path)
    try:
        with open(path, "rb") as raw:
            compressed = raw.read(2) == b"\x1f\x8b"
        binary = gzip.open(path, "rb") if compressed else open(path, "rb")
        with binary, io.TextIOWrapper(binary, encoding="utf-8-sig", newline="") as text:
            if tabs:
                reader = csv.reader(text, delimiter="\t", quoting=csv.QUOTE_NONE)
            else:
                reader = csv.reader(text)
            names = _check_header(next(reader, None), name, columns, what, case)
            yield names
            width = len(names)
            line = 1
            for values in reader:
                if not values:  # a blank line, as csv.DictReader skips it
                    continue
                line += 1
                if len(values) != width:
                    raise DataFileError(
                        f"{name}, line {line}: the number of fields does not match the header."
                    )
                yield line, values
            if line == 1:
                raise DataFileError(f"{name}: the file has a header but no rows.")
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise DataFileError(
            f"{name}: the compressed file is truncated or corrupt ({error})."
        ) from error
    except UnicodeDecodeError as error:
        raise DataFileError(f"{name}: not a text CSV file ({error.reason}).") from error
    except csv.Error as error:
        raise DataFileError(f"{name}: not a valid CSV file ({error}).") from error


def header(path):
    """The column names of `path`, for telling which release a file is; [] if unreadable."""
    try:
        with open(path, "rb") as raw:
            compressed = raw.read(2) == b"\x1f\x8b"
        binary = gzip.open(path, "rb") if compressed else open(path, "rb")
        with binary, io.TextIOWrapper(binary, encoding="utf-8-sig", newline="") as text:
            return [column.strip().lower() for column in next(csv.reader(text), [])]
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error):
        return []


def _check_header(fieldnames, name, columns, what, case):
    if fieldnames is None:
        raise DataFileError(f"{name}: the file is empty.")
    found = [case(column.strip()) for column in fieldnames]
    missing = [column for column in columns if column not in found]
    if missing:
        raise DataFileError(
            f"{name}, line 1: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}. Is this {what}?"
        )
    return found


class Row:
    """One record, its values read column by column; a bad one fails naming line and column."""

    def __init__(self, where, record):
        self.where = where
        self.record = record

    def fail(self, column, problem):
        raise DataFileError(f"{self.where}, column {column}: {problem} ({self.record[column]!r}).")

    def text(self, column, longest, required=False):
        value = self.record[column].strip()
        if required and not value:
            self.fail(column, "cannot be empty")
        if len(value) > longest:
            self.fail(column, f"longer than {longest} characters")
        return value

    def soc_code(self, column):
        value = self.record[column].strip()
        if not SOC_CODE.fullmatch(value):
            self.fail(column, "an SOC code looks like 43-9061")
        return value

    def number(self, column, field, signed=False):
        """The value as `field` (a DecimalField) stores it exactly."""
        text = self.record[column].strip().replace(",", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.fail(column, "not a number")
        if not value.is_finite():
            self.fail(column, "not a number")
        if value < 0 and not signed:
            self.fail(column, "cannot be negative")
        if value != round(value, field.decimal_places):
            self.fail(column, f"more than {field.decimal_places} decimal places")
        if abs(value) >= Decimal(10) ** (field.max_digits - field.decimal_places):
            self.fail(column, "too large for an official figure")
        return round(value, field.decimal_places)


def report(command, what, summary, seconds, details=()):
    """The closing lines of an import: what was read, written and skipped, and why; then the
    lines of `details`, and whether anything changed."""
    command.stdout.write(
        f"{what}: {summary.rows_read:,} rows read, {summary.created:,} created, "
        f"{summary.updated:,} updated, {summary.unchanged:,} unchanged, "
        f"{sum(summary.skipped.values()):,} skipped, in {seconds:.1f} s."
    )
    for reason, count in summary.skipped.most_common():
        command.stdout.write(f"  skipped {count:,}: {reason}")
    for line in details:
        command.stdout.write(line)
    if summary.created or summary.updated:
        command.stdout.write(command.style.SUCCESS("Import complete."))
    else:
        command.stdout.write(command.style.SUCCESS("Nothing changed: already up to date."))
