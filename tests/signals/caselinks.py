"""Linking a case's mentions by the truth in its expected.json: for developing and measuring the
signals apart from linkage. Never used by `replay` itself, which runs the real linker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def truth_linker(case_dir: Path) -> Any:
    """A linker for `signals.replay.replay(link=...)` that puts each mention with its true person."""
    from safeguarding.people.models import Person

    expected = json.loads((Path(case_dir) / "expected.json").read_text())
    label_of = {tuple(m): label for label, mentions in expected["people"].items() for m in mentions}
    people: dict[str, int] = {}

    def link(mentions: list[Any]) -> set[int]:
        changed: set[int] = set()
        for mention in mentions:
            key = (mention.record.agency.code, mention.record.record_id, mention.ref)
            label = label_of.get(key, f"unlisted:{key}")
            if label not in people:
                people[label] = Person.objects.create(display_name=mention.name or label).pk
            mention.person_id = people[label]
            mention.save(update_fields=["person"])
            changed.add(people[label])
        return changed

    return link
