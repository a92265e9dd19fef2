"""Readings are kept per distinct text: a text read again gives what reading it afresh gives, and a
caller that changes its reading does not change anyone else's."""

from __future__ import annotations

import json
from pathlib import Path

from safeguarding.signals.text import _read_text_once, read_record_text, read_text

LABELLED = Path(__file__).parent / "data" / "labelled_sentences.jsonl"


def _sentences() -> list[str]:
    rows = [json.loads(line) for line in LABELLED.read_text().splitlines() if line.strip()]
    return [row["sentence"] for row in rows]


def test_every_labelled_sentence_reads_the_same_from_the_cache_as_afresh() -> None:
    sentences = _sentences()
    assert sentences
    _read_text_once.cache_clear()
    first = [read_text(s).as_json() for s in sentences]
    again = [read_text(s).as_json() for s in sentences]
    afresh = [_read_text_once.__wrapped__(s).as_json() for s in sentences]
    assert _read_text_once.cache_info().hits >= len(set(sentences))
    assert again == afresh
    assert first == afresh


def test_changing_a_reading_does_not_change_the_next_reading_of_the_same_text() -> None:
    text = "He punched her in the face; she has a black eye. No weapon was seen."
    reading = read_text(text)
    assert "physical_assault" in reading.markers
    reading.markers.clear()
    reading.spans.clear()
    assert "physical_assault" in read_text(text).markers
    assert read_text(text).spans


def test_one_records_tags_do_not_leak_into_another_record_with_the_same_text() -> None:
    tagged = read_record_text("Domestic incident attended.", "", ["pregnant"])
    untagged = read_record_text("Domestic incident attended.", "", [])
    assert "pregnancy" in tagged.markers
    assert "pregnancy" not in untagged.markers
