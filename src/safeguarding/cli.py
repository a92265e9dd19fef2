"""The `safeguarding` command: a thin front to the project's management commands.

Each subcommand is a Django management command in the app that owns it, so that it can
also run as `safeguarding manage NAME`; this module only maps the fixed names of
docs/interfaces.md onto them and prepares the database the command should use.
"""

from __future__ import annotations

import os
import secrets
import sys

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

# subcommand -> (management command, uses a throw-away database)
COMMANDS: dict[str, tuple[str, bool]] = {
    "import": ("import_records", False),
    "link": ("link", False),
    "signals": ("evaluate_signals", False),
    "replay": ("replay", True),
    "generate": ("generate", True),
    "demo": ("demo", False),
    "serve": ("serve", False),
    "stats": ("stats", False),
    "audit": ("audit", False),
    "review": ("review", False),
    "retention": ("apply_retention", False),
    "notify": ("notify", False),
}

USAGE = """usage: safeguarding COMMAND [ARGS...]

commands:
  import FILE...                 import records in the chronology format (.jsonl, .csv, .xlsx)
  link                           (re)link subject mentions into people
  signals                        evaluate every signal for everyone and print a summary
  replay CASE_DIR --json         replay a case in a throw-away database; print people and signals
  generate --people N --out DIR  write a synthetic multi-agency population and its truth
  demo [--no-serve]              build the demo database and serve the application
  serve [--port P]               serve the web application
  stats --json                   count records, mentions, people and signals
  audit verify                   check the audit trail's hash chain
  review build CASE_DIR --out DIR | review export REVIEW --format xlsx|docx|json
  retention                      delete what has passed its retention period (re-runnable)
  notify                         send notifications for overdue actions (re-runnable, daily)
  manage ARGS...                 Django's management commands with the project's settings

Run `safeguarding COMMAND --help` for a command's options.
"""


def _use_throwaway_database() -> None:
    """Point Django at an in-memory database that vanishes when the command ends."""
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ["SAFEGUARDING_THROWAWAY_DB"] = "1"
    # Nothing persistent is signed in a throw-away run, so a random key will do.
    if not os.environ.get("DJANGO_SECRET_KEY"):
        os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(32)
    # A throw-away run serves no web requests; production settings still insist on allowed hosts.
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")


def _use_demo_database() -> None:
    """The demo's own SQLite database (var/demo.sqlite3), kept apart from any real one."""
    from pathlib import Path

    var = Path(os.environ.get("SAFEGUARDING_VAR_DIR", Path(__file__).resolve().parents[2] / "var"))
    os.environ["DATABASE_URL"] = f"sqlite:///{var / 'demo.sqlite3'}"
    os.environ["SAFEGUARDING_DEMO_DB"] = str(var / "demo.sqlite3")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE, end="")
        return 0 if args else 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    name, rest = args[0], args[1:]

    try:
        return _run(name, rest)
    except ImproperlyConfigured as error:
        # A missing or bad setting is the operator's to fix: say which, without a traceback.
        print(f"safeguarding: {error}", file=sys.stderr)
        return 2
    except DatabaseError as error:
        if not _is_missing_table(error):
            raise
        print(
            f"safeguarding: the database has no tables yet ({error}).\n"
            "Create them with `safeguarding manage migrate` (the database comes from DATABASE_URL).",
            file=sys.stderr,
        )
        return 2


def _is_missing_table(error: Exception) -> bool:
    text = str(error)
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def _run(name: str, rest: list[str]) -> int:
    from django.core.management import execute_from_command_line

    if name == "manage":
        execute_from_command_line(["safeguarding manage", *rest])
        return 0
    if name not in COMMANDS:
        print(f"safeguarding: unknown command {name!r}\n", file=sys.stderr)
        print(USAGE, end="", file=sys.stderr)
        return 2
    command, throwaway = COMMANDS[name]
    if throwaway or "--help" in rest or "-h" in rest:
        # Help needs no data, so it needs no configured database or secret either.
        _use_throwaway_database()
    if name == "review" and rest[:1] == ["build"]:
        _use_throwaway_database()
    if name == "demo" and not os.environ.get("DATABASE_URL"):
        _use_demo_database()
    import django
    from django.core.management import ManagementUtility

    django.setup()
    # The command's own parser, named as the user typed it ("safeguarding signals", not the
    # management command's internal name).
    ManagementUtility(["safeguarding", command]).fetch_command(command).run_from_argv(
        ["safeguarding", name, *rest]
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
