import sys

from django.core.management.base import BaseCommand, CommandError

from safeguarding.agencies.governance import subject_access_export, subject_access_json


class Command(BaseCommand):
    help = "Write everything held about one person as JSON (third parties redacted). Audited."

    def add_arguments(self, parser):
        parser.add_argument("person", type=int, help="the person's number")
        parser.add_argument("--out", help="file to write (default: standard output)")
        parser.add_argument(
            "--by", help="username of the information governance officer answering the request"
        )

    def handle(self, *args, **options):
        from safeguarding.agencies.models import User
        from safeguarding.people.models import Person

        person = Person.objects.filter(pk=options["person"]).first()
        if person is None:
            raise CommandError(f"There is no person {options['person']}.")
        by = User.objects.filter(username=options["by"]).first() if options.get("by") else None
        if options.get("by") and by is None:
            raise CommandError(f"There is no user {options['by']!r}.")
        text = subject_access_json(subject_access_export(person, by=by))
        if options.get("out"):
            with open(options["out"], "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote {options['out']}.")
        else:
            sys.stdout.write(text + "\n")
