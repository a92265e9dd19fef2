import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web application (gunicorn; static files by WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, **options):
        if settings.STATIC_MANIFEST:
            # In production WhiteNoise serves the collected, fingerprinted files.
            call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"{options['host']}:{options['port']}"
        self.stderr.write(f"Serving Safeguarding at http://{bind}/ (Ctrl+C to stop)")
        sys.stderr.flush()
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        argv = [
            gunicorn,
            "safeguarding.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            "--timeout",
            "120",
        ]
        os.execv(gunicorn, argv)  # noqa: S606 - replaces this process with the server, by design
