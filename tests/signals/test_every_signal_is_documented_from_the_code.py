"""docs/signals.md is generated from the catalogue: every signal of the specification is implemented and documented."""

from __future__ import annotations

import re

from safeguarding.signals.catalogue import CATALOGUE
from safeguarding.signals.docs import DOC_PATH, render
from safeguarding.signals.rules import RULE_FUNCTIONS


def test_every_code_in_the_specification_is_in_the_catalogue(shared_dir):
    spec = (shared_dir / "spec" / "signals.md").read_text()
    codes = set(re.findall(r"^\| `([A-Z_]+)` \|", spec, flags=re.M))
    assert len(codes) >= 23
    assert codes <= set(CATALOGUE), sorted(codes - set(CATALOGUE))


def test_every_catalogue_entry_is_complete_and_has_a_rule():
    for code, rule in CATALOGUE.items():
        assert (
            rule.code == code
            and rule.title
            and rule.explanation
            and rule.for_whom
            and rule.action
            and rule.lesson
        )
        assert RULE_FUNCTIONS[code] is rule.check


def test_every_catalogue_entry_is_documented():
    text = DOC_PATH.read_text()
    for code, rule in CATALOGUE.items():
        assert f"## `{code}`" in text and rule.action in text


def test_docs_signals_md_is_not_stale():
    assert DOC_PATH.read_text() == render(), "run: python -m safeguarding.signals.docs"
