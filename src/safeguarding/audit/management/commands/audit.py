from django.core.management.base import BaseCommand, CommandError

from safeguarding.audit import verify_chain


class Command(BaseCommand):
    help = "Work with the audit trail. `audit verify` checks every entry's hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="check the hash chain; exit non-zero naming the first broken entry")

    def handle(self, *args, **options):
        checked, broken = verify_chain()
        if broken is not None:
            raise CommandError(
                f"Audit trail broken at entry {broken.entry_id}: {broken.problem}. "
                f"{checked} entries before it are intact."
            )
        self.stdout.write(f"Audit trail intact: {checked} entries checked.")
