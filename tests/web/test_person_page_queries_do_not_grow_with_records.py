"""The person page costs the same number of SQL queries for 24 records as for 240: no N+1."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding.agencies.models import Agency
from safeguarding.web import benchdata
from tests.personas import make_user

pytestmark = pytest.mark.django_db


def _queries(client, person) -> int:
    client.get(f"/people/{person.pk}/")  # the first request of a session fills per-process caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_ten_times_the_records_costs_no_more_queries(client):
    officer = make_user("bench_officer", "police", "practitioner")
    assert Agency.objects.filter(code__in=benchdata.AGENCIES).count() == 12
    client.force_login(officer)
    small = benchdata.build(victim_records=24, total_records=60)["victim"]
    large = benchdata.build(victim_records=240, total_records=400, start=1000)["victim"]
    few, many = _queries(client, small), _queries(client, large)
    html = client.get(f"/people/{large.pk}/").content.decode()
    assert html.count('class="lane-label"') == 12
    assert many == few, f"{few} queries for 24 records, {many} for 240"
