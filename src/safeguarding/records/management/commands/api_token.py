"""`safeguarding manage api_token create AGENCY NAME | revoke ID | list`: keys for agencies' systems."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from safeguarding.agencies.models import Agency
from safeguarding.records.models import ApiToken


class Command(BaseCommand):
    help = "Issue, revoke and list the API tokens agencies' systems use to send records (import only)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="issue a token; its key is shown once")
        create.add_argument("agency", help="agency code, e.g. police")
        create.add_argument("name", help="the system that will use it, e.g. 'Niche nightly feed'")
        revoke = sub.add_parser("revoke", help="revoke a token at once")
        revoke.add_argument("id", type=int)
        sub.add_parser("list", help="list tokens (never their keys)")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "create":
            self._create(options["agency"], options["name"])
        elif action == "revoke":
            self._revoke(options["id"])
        else:
            self._list()

    def _create(self, code: str, name: str) -> None:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            known = ", ".join(Agency.objects.values_list("code", flat=True))
            raise CommandError(f"unknown agency {code!r} (agencies: {known})")
        if not name.strip():
            raise CommandError("give the token a name: the system that will use it")
        with transaction.atomic():
            token, key = ApiToken.issue(agency, name.strip()[:100])
        self.stderr.write(
            f"Token {token.pk} for {agency.code} ({token.name}). The key is shown only now: "
            "store it in the agency system's configuration."
        )
        self.stdout.write(key)

    def _revoke(self, token_id: int) -> None:
        token = ApiToken.objects.select_related("agency").filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"no API token with id {token_id}")
        if token.revoked_at is not None:
            self.stdout.write(f"Token {token.pk} was already revoked on {token.revoked_at:%Y-%m-%d %H:%M}.")
            return
        with transaction.atomic():
            token.revoke()
        self.stdout.write(f"Token {token.pk} ({token.agency.code}: {token.name}) revoked.")

    def _list(self) -> None:
        tokens = ApiToken.objects.select_related("agency").order_by("agency__code", "id")
        self.stdout.write(
            f"{'id':>4}  {'agency':<22} {'name':<30} {'key':<12} {'created':<16} {'last used':<16} status"
        )
        for t in tokens:
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
            self.stdout.write(
                f"{t.pk:>4}  {t.agency.code:<22} {t.name[:30]:<30} {t.key_prefix + '…':<12} "
                f"{t.created_at:%Y-%m-%d %H:%M} {used:<16} {state}"
            )
