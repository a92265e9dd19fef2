from __future__ import annotations

from datetime import UTC, datetime

import pytest

from safeguarding.records.importer import import_file, store_record
from safeguarding.records.models import Record

from .conftest import a_record, write_jsonl

pytestmark = pytest.mark.django_db


def test_a_month_stays_a_month_and_a_year_a_year(tmp_path):
    import_file(
        write_jsonl(
            tmp_path / "p.jsonl",
            [
                a_record(record_id="M", occurred="2010-03", recorded=None),
                a_record(record_id="Y", occurred="2009"),
            ],
        )
    )
    month = Record.objects.get(record_id="M")
    assert (month.occurred, month.occurred_precision) == ("2010-03", "month")
    # Ordered from the first instant of the month, UK time; recorded defaults to when it occurred.
    assert month.occurred_start == datetime(2010, 3, 1, 0, 0, tzinfo=UTC)
    assert month.recorded == month.occurred_start
    year = Record.objects.get(record_id="Y")
    assert (year.occurred, year.occurred_precision) == ("2009", "year")


def test_a_naive_time_is_uk_local_time():
    record, _ = store_record(a_record(occurred="2015-07-01T09:30", recorded="2015-07-01T10:00"))
    assert record.occurred == "2015-07-01T09:30"
    assert record.occurred_precision == "minute"
    assert record.occurred_start == datetime(2015, 7, 1, 8, 30, tzinfo=UTC)  # British Summer Time
    assert record.recorded == datetime(2015, 7, 1, 9, 0, tzinfo=UTC)


def test_a_time_with_an_offset_keeps_it():
    record, _ = store_record(a_record(occurred="2015-01-10T09:30Z", recorded=None))
    assert record.occurred_start == datetime(2015, 1, 10, 9, 30, tzinfo=UTC)
