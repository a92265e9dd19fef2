"""Agencies' systems send records with their own token; a request is all or nothing."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from safeguarding.agencies.models import Agency
from safeguarding.audit.models import AuditEntry
from safeguarding.records.models import ApiToken, ImportBatch, Record

from .conftest import a_record, stored_counts

pytestmark = pytest.mark.django_db
URL = "/api/records/"


@pytest.fixture
def police_key():
    _, key = ApiToken.issue(Agency.objects.get(code="police"), "Niche nightly feed")
    return key


def post(key, body, content_type="application/json"):
    client = APIClient()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type=content_type)


def test_a_list_of_records_is_stored_and_counted(police_key):
    response = post(police_key, [a_record(record_id="P-1"), a_record(record_id="P-2")])
    assert response.status_code == 201, response.content
    assert response.json() | {"batch": 0} == {
        "batch": 0,
        "records": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    assert set(Record.objects.values_list("record_id", flat=True)) == {"P-1", "P-2"}
    batch = ImportBatch.objects.get(pk=response.json()["batch"])
    assert batch.api_token.name == "Niche nightly feed"
    entry = AuditEntry.objects.get(action="records_imported")
    assert entry.actor_label == "api:police:Niche nightly feed" and entry.agency_code == "police"


def test_ndjson_is_accepted(police_key):
    body = "\n".join(json.dumps(a_record(record_id=f"N-{i}")) for i in range(3)) + "\n"
    response = post(police_key, body, "application/x-ndjson")
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 3


def test_sending_again_updates_and_keeps_history(police_key):
    post(police_key, [a_record()])
    response = post(police_key, [a_record(outcome="Charged.")])
    assert response.json()["updated"] == 1
    assert Record.objects.get().versions.count() == 1


def test_one_bad_record_refuses_the_whole_request_naming_position_and_field(police_key):
    response = post(police_key, [a_record(record_id="OK"), a_record(record_id="BAD", occurred="2011-02-30")])
    assert response.status_code == 400
    body = response.json()
    assert body["problems"] == [
        {"line": 2, "field": "occurred", "message": "'2011-02-30' is not a real date or time"}
    ]
    assert Record.objects.count() == 0


def test_a_bad_ndjson_line_is_named(police_key):
    response = post(police_key, json.dumps(a_record()) + "\n{oops\n", "application/x-ndjson")
    assert response.status_code == 400
    assert response.json()["problems"][0]["line"] == 2
    assert Record.objects.count() == 0


def test_records_of_another_agency_are_forbidden(police_key):
    response = post(
        police_key, [a_record(record_id="P-1"), a_record(agency="gp", record_id="GP-7", type="consultation")]
    )
    assert response.status_code == 403
    (problem,) = response.json()["problems"]
    assert problem["line"] == 2 and problem["field"] == "agency"
    assert "'GP-7'" in problem["message"] and "'police'" in problem["message"]
    assert Record.objects.count() == 0


def test_no_token_or_a_wrong_one_is_refused(police_key):
    assert post(None, [a_record()]).status_code == 401
    assert post("sgr_not-a-real-key", [a_record()]).status_code == 401
    assert stored_counts()[0] == 0


def test_a_revoked_token_is_refused(police_key):
    ApiToken.objects.get().revoke()
    response = post(police_key, [a_record()])
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_a_signed_in_user_cannot_use_the_import_api(django_user_model):
    user = django_user_model.objects.create_user("officer", password="x" * 16)
    client = APIClient()
    client.force_login(user)
    response = client.post(URL, data=json.dumps([a_record()]), content_type="application/json")
    assert response.status_code in {401, 403}
    assert Record.objects.count() == 0


def test_the_token_only_opens_the_import_api(police_key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {police_key}")
    assert client.get("/api/schema/").status_code in {
        200,
        401,
        403,
    }  # the schema is public or not; never more
    response = client.get("/people/")
    assert response.status_code in {302, 401, 403, 404}


def test_a_body_that_is_not_a_list_is_refused(police_key):
    assert post(police_key, {"agency": "police"}).status_code == 400
    assert post(police_key, "[1,", "application/json").status_code == 400
    assert post(police_key, "<xml/>", "application/xml").status_code == 415


def test_the_import_batches_of_the_token_are_listed(police_key):
    post(police_key, [a_record()])
    _, other = ApiToken.issue(Agency.objects.get(code="police"), "Another system")
    post(other, [a_record(record_id="OTHER")])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {police_key}")
    (batch,) = client.get("/api/records/import-batches/").json()
    assert batch["records"] == 1 and batch["created_count"] == 1


def test_tokens_keep_only_a_hash_of_the_key(police_key):
    token = ApiToken.objects.get()
    assert police_key not in (token.key_hash, token.key_prefix)
    assert token.key_hash == ApiToken.hash_key(police_key)
    post(police_key, [a_record()])
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_ndjson_problems_name_the_line_of_the_body(police_key):
    body = "\n".join(
        [json.dumps(a_record(record_id="1")), "", "{oops", json.dumps(a_record(record_id="2", type="x"))]
    )
    response = post(police_key, body, "application/x-ndjson")
    assert response.status_code == 400
    assert [(p["line"], p["field"]) for p in response.json()["problems"]] == [(3, ""), (4, "type")]
