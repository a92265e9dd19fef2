from django.core.management.base import BaseCommand

from safeguarding.agencies.governance import apply_retention


class Command(BaseCommand):
    help = (
        "Delete records whose retention period has ended (with their mentions and versions), except what "
        "a legal hold or a live review needs. Safe to re-run; every deletion is audited."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be deleted; delete nothing"
        )

    def handle(self, *args, **options):
        result = apply_retention(dry_run=options["dry_run"])
        verb = "Would delete" if result.dry_run else "Deleted"
        self.stderr.write(
            f"{verb} {result.deleted} record(s); {result.people_deleted} person(s) with nothing left."
        )
        for record_type, count in sorted(result.by_type.items()):
            self.stdout.write(f"{record_type}\t{count}")
        if result.kept_referenced:
            self.stderr.write(f"Kept {len(result.kept_referenced)} due record(s) still referenced elsewhere.")
