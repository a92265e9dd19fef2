"""Whatever an agency system sends, the records API answers as its OpenAPI schema says, never with a 500."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from safeguarding.agencies.models import Agency
from safeguarding.records.models import ApiToken

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.usefixtures("connection_kept_across_requests")
def test_every_answer_of_the_records_api_matches_the_schema():
    from safeguarding.wsgi import application

    _, key = ApiToken.issue(Agency.objects.get(code="police"), "Schema check")
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(path_regex="^/api/records/")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == {"/api/records/", "/api/records/import-batches/"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            # A record can match the schema and still be refused (an agency that is not set up, a
            # 30 February): the schema cannot know the deployment's agencies or the calendar.
            case.call_and_validate(
                headers={"Authorization": f"Token {key}"}, excluded_checks=[checks.positive_data_acceptance]
            )

        check()
