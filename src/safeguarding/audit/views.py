"""The auditor's pages: who looked at this person, what this user looked at, and the chain's state.

Only auditors see them (an administrator who manages accounts must not also read the trail of who
looked at whom). Every view and export of the trail is itself audited.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from safeguarding.audit.log import log_action, verify_chain
from safeguarding.audit.models import AuditEntry

PAGE_SIZE = 100
CSV_COLUMNS = [
    "id", "at", "actor_label", "agency_code", "action", "object_type", "object_id", "person_id",
    "ip_address", "reason", "flagged_for_review", "detail", "hash",
]  # fmt: skip


def auditor_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(user, "role", "") != "auditor" or not user.is_active:
            raise Http404("No such page")
        return view(request, *args, **kwargs)

    return wrapped


def _person_entries(person_id: int) -> QuerySet[AuditEntry]:
    from safeguarding.people.models import Mention

    record_ids = [
        str(i) for i in Mention.objects.filter(person_id=person_id).values_list("record_id", flat=True)
    ]
    return AuditEntry.objects.filter(
        Q(person_id=person_id) | Q(object_type="record", object_id__in=record_ids)
    ).order_by("-id")


def _user_entries(user_id: int) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(actor_id=user_id).order_by("-id")


@require_GET
@auditor_required
def index(request: HttpRequest) -> HttpResponse:
    person = request.GET.get("person", "").strip()
    username = request.GET.get("username", "").strip()
    if person.isdigit():
        return redirect("audit:person", person_id=int(person))
    if username:
        from safeguarding.agencies.models import User

        found = User.objects.filter(username__iexact=username).first()
        if found is not None:
            return redirect("audit:user", user_id=found.pk)
    flagged = AuditEntry.objects.filter(flagged_for_review=True).order_by("-id")[:50]
    log_action("audit_viewed", request=request, detail={"page": "index"})
    return render(
        request,
        "audit/index.html",
        {"flagged": flagged, "username": username, "not_found": bool(username), "person": person},
    )


@require_GET
@auditor_required
def person_trail(request: HttpRequest, person_id: int) -> HttpResponse:
    from safeguarding.people.models import Person

    person = Person.objects.filter(pk=person_id).first()
    # Logged first, so that the page counts the entry for this very look.
    log_action("audit_viewed", request=request, person_id=person_id, detail={"page": "person"})
    page = Paginator(_person_entries(person_id), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/trail.html", {"page": page, "person": person, "person_id": person_id})


@require_GET
@auditor_required
def user_trail(request: HttpRequest, user_id: int) -> HttpResponse:
    from safeguarding.agencies.models import User

    subject = User.objects.filter(pk=user_id).first()
    if subject is None:
        raise Http404("No such user")
    log_action("audit_viewed", request=request, target=subject, detail={"page": "user"})
    page = Paginator(_user_entries(user_id), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/trail.html", {"page": page, "subject": subject})


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe_cell(value: Any) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a cell must never start with = + - @."""
    text = "" if value is None else str(value)
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + text
    return text


def _csv_response(entries: QuerySet[AuditEntry], filename: str) -> StreamingHttpResponse:
    import json

    writer = csv.writer(_Echo())

    def rows() -> Any:
        yield writer.writerow(CSV_COLUMNS)
        for entry in entries.iterator(chunk_size=2000):
            values = [getattr(entry, c) for c in CSV_COLUMNS]
            values[CSV_COLUMNS.index("at")] = entry.at.isoformat()
            values[CSV_COLUMNS.index("detail")] = json.dumps(entry.detail, sort_keys=True)
            yield writer.writerow([_safe_cell(v) for v in values])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@auditor_required
def person_export(request: HttpRequest, person_id: int) -> StreamingHttpResponse:
    entries = _person_entries(person_id)
    log_action(
        "export",
        request=request,
        person_id=person_id,
        detail={"what": "audit trail of a person", "format": "csv"},
    )
    return _csv_response(entries, f"audit-person-{person_id}.csv")


@require_GET
@auditor_required
def user_export(request: HttpRequest, user_id: int) -> StreamingHttpResponse:
    from safeguarding.agencies.models import User

    subject = User.objects.filter(pk=user_id).first()
    if subject is None:
        raise Http404("No such user")
    log_action(
        "export", request=request, target=subject, detail={"what": "audit trail of a user", "format": "csv"}
    )
    return _csv_response(_user_entries(user_id), f"audit-user-{subject.username}.csv")


@require_GET
@auditor_required
def verify(request: HttpRequest) -> HttpResponse:
    checked, broken = verify_chain()
    log_action("audit_viewed", request=request, detail={"page": "verify", "intact": broken is None})
    return render(request, "audit/verify.html", {"checked": checked, "broken": broken})
