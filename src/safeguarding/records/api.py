"""The API for agencies' systems: send records in the chronology format, see what was imported.

Each agency system has its own token (records.ApiToken), good for this API only, and may send
only its own agency's records. A request is all or nothing, checked exactly as a file is.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, ParseError
from rest_framework.parsers import BaseParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from safeguarding.records.importer import ImportRejected, import_records
from safeguarding.records.models import (
    EVENT_TYPES,
    RELATIONSHIP_TYPES,
    SUBJECT_ROLES,
    ApiToken,
    ImportBatch,
)
from safeguarding.records.parsing import (
    REQUIRED,
    Problem,
    decode_ndjson,
    parse_text_records,
)

DEFAULT_MAX_RECORDS = 10_000


def max_records() -> int:
    return int(getattr(settings, "SAFEGUARDING_API_MAX_RECORDS", DEFAULT_MAX_RECORDS))


# ---------------------------------------------------------------------------------------------
# Authentication: one token per agency system


class AgencySystem:
    """Who is calling when an agency system sends records: it is not a person and has no account."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, token: ApiToken) -> None:
        self.token = token
        self.agency = token.agency
        self.username = f"api:{token.agency.code}:{token.name}"

    def __str__(self) -> str:
        return self.username

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return False


class AgencyTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>` with a key issued by `safeguarding manage api_token create`."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[AgencySystem, ApiToken] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise AuthenticationFailed(
                "Give the key as 'Authorization: Token <key>', with no spaces in the key."
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("The token is not valid.") from None
        token = ApiToken.for_key(key)
        if token is None:
            raise AuthenticationFailed("The token is not valid, or it has been revoked.")
        return AgencySystem(token), token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class AgencyTokenScheme(OpenApiAuthenticationExtension):
    target_class = "safeguarding.records.api.AgencyTokenAuthentication"
    name = "agencyToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "An agency system's key, as `Token <key>`; import only.",
        }


class IsAgencySystem(BasePermission):
    message = "This API takes an agency system's token (Authorization: Token <key>)."

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, ApiToken) and request.auth.is_active


class TokenRateThrottle(UserRateThrottle):
    """Limits each token on its own (an agency system has no user id to key on)."""

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}
        return super().get_cache_key(request, view)


# ---------------------------------------------------------------------------------------------
# Bodies


class JsonListParser(BaseParser):
    """JSON, read with the same parser as .jsonl files, so the API and files accept the same numbers."""

    media_type = "application/json"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return orjson.loads(stream.read() if stream is not None else b"")
        except orjson.JSONDecodeError as exc:
            raise ParseError(f"The body is not valid JSON: {exc}") from None


class NdjsonBody(list):
    """Records read from newline-delimited JSON, with the lines that were not JSON."""

    problems: list[Problem]
    lines: list[int]


class NdjsonParser(BaseParser):
    media_type = "application/x-ndjson"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        items, lines, problems = decode_ndjson(stream.read() if stream is not None else b"", "request")
        body = NdjsonBody(items)
        body.problems, body.lines = problems, lines
        return body


class ProblemSerializer(serializers.Serializer):
    line = serializers.IntegerField(
        allow_null=True, help_text="The record's position in the list, from 1 (the line, for NDJSON)."
    )
    field = serializers.CharField(allow_blank=True, help_text="The field, e.g. `subjects[0].ref`.")
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    problems = ProblemSerializer(many=True, required=False)


class ImportSummarySerializer(serializers.Serializer):
    batch = serializers.IntegerField(help_text="The import batch, as listed at /api/records/import-batches/.")
    records = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField(help_text="Changed since last sent; the earlier version is kept.")
    unchanged = serializers.IntegerField()


class ImportBatchSerializer(serializers.ModelSerializer):
    records = serializers.IntegerField(source="total_count")

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "source",
            "format",
            "started_at",
            "records",
            "created_count",
            "updated_count",
            "unchanged_count",
        ]
        read_only_fields = fields


_EXAMPLE = [
    {
        "agency": "police",
        "record_id": "INC-2010-00412",
        "occurred": "2010-01-14T23:40",
        "recorded": "2010-01-15T09:12",
        "type": "incident",
        "subjects": [
            {"ref": "a", "role": "victim", "name": "Valerie Dunmore", "dob": "1963-07-09"},
            {"ref": "b", "role": "alleged_perpetrator", "name": "Gary Pike"},
        ],
        "summary": "Neighbour called 999: shouting and banging from flat 4.",
        "tags": ["domestic", "alcohol"],
    }
]

_RECORD_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "description": "Records in the chronology format (docs/chronology-format.md); each is checked as a file's line is.",
    "items": {
        "type": "object",
        "required": [*REQUIRED, "subjects"],
        "properties": {
            "agency": {"type": "string"},
            "record_id": {"type": "string"},
            "occurred": {"type": "string", "description": "ISO 8601 date-time, date, YYYY-MM or YYYY"},
            "recorded": {"type": "string"},
            "type": {"type": "string", "enum": EVENT_TYPES},
            "subjects": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["ref", "role"],
                    "properties": {
                        "ref": {"type": "string"},
                        "role": {"type": "string", "enum": SUBJECT_ROLES},
                        "name": {"type": "string"},
                        "dob": {"type": "string"},
                        "gender": {"type": "string"},
                        "address": {"type": "string"},
                        "postcode": {"type": "string"},
                        "ids": {"type": "object", "additionalProperties": {"type": "string"}},
                    },
                },
            },
            "location": {"type": "string"},
            "summary": {"type": "string"},
            "outcome": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "links": {"type": "object"},
            "risk": {
                "type": "object",
                "properties": {
                    "tool": {"type": "string"},
                    "score": {"type": "number"},
                    "level": {"type": "string", "enum": ["standard", "medium", "high"]},
                    "about": {"type": "string", "description": "the ref of the person the risk is from"},
                },
            },
            "relationships": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["from", "to", "type"],
                    "properties": {
                        "from": {"type": "string"},
                        "to": {"type": "string"},
                        "type": {"type": "string", "enum": RELATIONSHIP_TYPES},
                    },
                },
            },
        },
    },
}


def _problems(problems: list[Problem]) -> list[dict[str, Any]]:
    ordered = sorted(problems, key=lambda p: p.line or 0)
    return [{"line": p.line, "field": p.field, "message": p.message} for p in ordered]


class RecordImportView(APIView):
    authentication_classes = [AgencyTokenAuthentication]
    permission_classes = [IsAgencySystem]
    throttle_classes = [TokenRateThrottle]
    parser_classes = [JsonListParser, NdjsonParser]

    @extend_schema(
        operation_id="records_import",
        summary="Send records (all or nothing)",
        description=(
            "Send a list of records in the chronology format as JSON, or one per line as "
            "`application/x-ndjson`. All are stored or none: any problem refuses the whole request "
            "with every problem listed. Sending a record again (same agency and record_id) updates it "
            "and keeps the earlier version. A token may send only its own agency's records."
        ),
        request={"application/json": _RECORD_SCHEMA, "application/x-ndjson": OpenApiTypes.STR},
        responses={
            201: ImportSummarySerializer,
            400: OpenApiResponse(ErrorSerializer, description="Refused; nothing was stored."),
            401: OpenApiResponse(ErrorSerializer, description="No token, or a revoked or unknown one."),
            403: OpenApiResponse(
                ErrorSerializer, description="A record of another agency; nothing was stored."
            ),
            413: OpenApiResponse(ErrorSerializer, description="Too many records in one request."),
            415: OpenApiResponse(
                ErrorSerializer, description="Send application/json or application/x-ndjson."
            ),
            429: OpenApiResponse(ErrorSerializer, description="Too many requests; try again later."),
        },
        examples=[OpenApiExample("One police incident", value=_EXAMPLE, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        token: ApiToken = request.auth  # type: ignore[assignment]
        body = request.data
        early = list(getattr(body, "problems", []))
        if not isinstance(body, list):
            return Response(
                {"detail": "Send a JSON list of records (or one record per line as application/x-ndjson)."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if len(body) > max_records():
            return Response(
                {"detail": f"Send at most {max_records():,} records in one request; this had {len(body):,}."},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        if not body and not early:
            return Response({"detail": "The list has no records."}, status=status.HTTP_400_BAD_REQUEST)
        foreign = [
            Problem(
                "request",
                position,
                "agency",
                f"record {item.get('record_id')!r} is from agency {item.get('agency')!r}; this token may "
                f"only send records of {token.agency.code!r}",
                "record",
            )
            for position, item in zip(
                getattr(body, "lines", None) or range(1, len(body) + 1), body, strict=True
            )
            if isinstance(item, dict)
            and isinstance(item.get("agency"), str)
            and item["agency"] != token.agency.code
        ]
        if foreign:
            return Response(
                {
                    "detail": "This token may only send its own agency's records; nothing was stored.",
                    "problems": _problems(foreign),
                },
                status=status.HTTP_403_FORBIDDEN,
            )
        source = f"api:{token.agency.code}:{token.name}"
        system = request.user
        lines = getattr(body, "lines", None)
        items = [*early, *parse_text_records(body, display="request", lines=lines)]
        try:
            result = import_records(
                items, source=source, user=system, api_token=token, detail={"api_token": token.pk}
            )
        except ImportRejected as exc:
            return Response(
                {
                    "detail": f"Refused: {len(exc.problems)} problem(s); nothing was stored.",
                    "problems": _problems(exc.problems),
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {
                "batch": result.batch_id,
                "records": result.total,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
            status=status.HTTP_201_CREATED,
        )


class ImportBatchListView(APIView):
    authentication_classes = [AgencyTokenAuthentication]
    permission_classes = [IsAgencySystem]
    throttle_classes = [TokenRateThrottle]

    @extend_schema(
        operation_id="records_import_batches",
        summary="The latest imports by this token",
        responses={
            200: ImportBatchSerializer(many=True),
            401: OpenApiResponse(ErrorSerializer, description="No token, or a revoked or unknown one."),
            403: OpenApiResponse(ErrorSerializer, description="Not an agency system's token."),
            429: OpenApiResponse(ErrorSerializer, description="Too many requests; try again later."),
        },
    )
    def get(self, request: Request) -> Response:
        token: ApiToken = request.auth  # type: ignore[assignment]
        batches = ImportBatch.objects.filter(api_token=token).order_by("-started_at", "-id")[:100]
        return Response(ImportBatchSerializer(batches, many=True).data)
