"""schemathesis against /api/schema/: no server error, no response that breaks the schema.

Agency-system endpoints (/api/records/) take an agency's import token; the others a practitioner's
API token (`Bearer`). Marked slow: it generates many requests per operation.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.security.world import build_world

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _fuzz(operation, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


@pytest.mark.usefixtures("connection_kept_across_requests")
def test_every_api_operation_answers_within_its_schema_and_never_with_a_server_error():
    from rest_framework.authtoken.models import Token

    from safeguarding.wsgi import application

    world = build_world()
    user_token = Token.objects.create(user=world.users["police_officer"]).key
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        agency_endpoint = operation.path.startswith("/api/records")
        headers = {"Authorization": f"Token {world.token_key}" if agency_endpoint else f"Bearer {user_token}"}

        try:
            _fuzz(operation, headers)
        except Exception as failure:
            failures.append(f"{operation.method.upper()} {operation.path}: {str(failure)[:1500]}")
    assert operations >= 3
    assert not failures, "\n\n".join(failures)
