"""docs/signals.md, generated from the catalogue and the text reader (never edited by hand).

python -m safeguarding.signals.docs            # rewrite docs/signals.md
python -m safeguarding.signals.docs --check    # exit 1 if it is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "signals.md"


def render() -> str:
    from safeguarding.signals.catalogue import CATALOGUE, THRESHOLD_HELP
    from safeguarding.signals.text import MARKERS

    lines = [
        "# Signals",
        "",
        "<!-- Generated from src/safeguarding/signals/catalogue.py and text.py by"
        " `python -m safeguarding.signals.docs`. Do not edit by hand. -->",
        "",
        "A signal is raised for a person when the records the partnership holds, taken together across agencies,",
        "show a pattern that practitioners should act on. Each says why (with the figures), on what evidence (the",
        "records), since when (`first_raised`; `evidence_complete_at` is when the last evidence record was made),",
        "and what to do. A signal is an episode: it is `cleared` on the day it stops holding, and holding again",
        "later is a new episode. Signals marked *daily* fire on the absence of something and are evaluated every",
        "day (`safeguarding signals`, or day by day in `safeguarding replay`); the others are evaluated for the",
        "people a new record touches, as it arrives.",
        "",
        "Thresholds are defaults. A partnership overrides one with a `SignalSetting` row (code, name, value) or the",
        '`SIGNAL_THRESHOLDS` setting, e.g. `{"ESCALATION": {"count": 4}}`.',
        "",
        "Working a signal: `acknowledge`, `record_action` (what was done), `dismiss` (with the reason) and `assign`",
        "(to an agency or worker), in `safeguarding.signals.verbs`; each is audited (`signal_*` audit actions). A",
        "dismissed signal reopens when new evidence arrives.",
        "",
        "| code | for whom | raised when (defaults) | recommended action |",
        "|---|---|---|---|",
    ]
    for rule in CATALOGUE.values():
        lines.append(f"| `{rule.code}` | {rule.for_whom} | {rule.explanation} | {rule.action} |")
    lines.append("")
    for rule in CATALOGUE.values():
        lines += [f"## `{rule.code}`: {rule.title}", ""]
        lines.append(f"- **Raised when:** {rule.explanation}")
        lines.append(
            f"- **For whom:** {rule.for_whom}"
            + (" (a pair: `other` names the second person)" if rule.pair else "")
        )
        lines.append(f"- **Recommended action:** {rule.action}")
        lines.append(f"- **Lesson:** {rule.lesson}")
        lines.append(
            f"- **Evaluated:** {'daily, and on new records' if rule.daily else 'when a record about the person arrives'}"
        )
        if rule.thresholds:
            lines.append("- **Thresholds:** " + "; ".join(
                f"`{name}` = {value} ({THRESHOLD_HELP.get(name, name)})" for name, value in rule.thresholds.items()
            ))  # fmt: skip
        doc = " ".join((rule.check.__doc__ or "").split())
        if doc:
            lines.append(f"- **How it reads the records:** {doc}")
        lines.append("")
    lines += [
        "## How evaluation runs, and what it costs",
        "",
        "A new record (or a linkage change) re-evaluates every rule for the people it touches. Their timelines",
        "are built in two queries (every mention of the records that mention them, then those records with the",
        "markers kept for them); their open signals and the signals raised for them come in one more; a rule that",
        "needs another person's timeline (the victim of a pair) loads it then. A record whose text was never read",
        "is read in the same pass. `safeguarding signals` does the same for everyone, 1,000 people at a time, so",
        "its memory stays flat. Measured figures (incremental median and 99th percentile, a full evaluation of",
        "100,000 to 1,000,000 records, the replay of a case) are in `bench/README.md` (`bench/bench_signals.py`).",
        "",
        "## Markers read from text",
        "",
        "Each record's `summary` and `outcome` are read once, when stored, with medspaCy's ConText on a blank spaCy",
        'pipeline (no model download); `tags` add markers directly. A marker that is negated ("no visible injuries"),',
        'hypothetical ("if he returns"), only possible ("?fracture") or historical ("history of") does not count.',
        "The same text always gives the same reading, and agencies' systems repeat their wording, so a process keeps",
        "the readings of the last 32,768 distinct texts and reads a repeated text only once.",
        "",
        "| marker | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{code}` | {label} |" for code, label in MARKERS.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not DOC_PATH.is_file() or DOC_PATH.read_text() != text:
            sys.stderr.write(f"{DOC_PATH} is stale: run python -m safeguarding.signals.docs\n")
            return 1
        return 0
    DOC_PATH.write_text(text)
    sys.stderr.write(f"wrote {DOC_PATH}\n")
    return 0


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    django.setup()
    raise SystemExit(main(sys.argv[1:]))
