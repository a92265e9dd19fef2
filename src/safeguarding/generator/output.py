"""Streams units to DIR/records.jsonl (ordered by `recorded`) and DIR/expected.json.

A million records do not fit comfortably in memory as dicts, so each record is serialised as soon as
its unit is finished and parked in a per-month spill file; at the end each month is sorted on its own
and appended. The truth's `people` map is streamed the same way.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import IO, Any

import orjson

from .unit import Unit

FLUSH_LINES = 100_000


class Output:
    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        self._tmp = Path(tempfile.mkdtemp(prefix=".generate-", dir=out_dir))
        self._buffers: dict[str, list[str]] = defaultdict(list)
        self._buffered = 0
        self._people: IO[str] = (self._tmp / "people.part").open("w", encoding="utf-8")
        self._first_person = True
        self.records = 0
        self.people = 0
        self.signals: list[dict[str, str]] = []
        self.must_not: list[dict[str, str]] = []
        self.lookalikes: list[list[str]] = []
        self.origins: dict[str, str] = {}
        self.storylines: list[dict[str, Any]] = []

    def add(self, unit: Unit) -> None:
        dumps = json.dumps
        fast = orjson.dumps
        for record in unit.records:
            # The sort key leads each line: recorded time, then agency and id to break ties stably.
            key = f"{record['recorded']}\x1f{record['agency']}\x1f{record['record_id']}"
            self._buffers[key[:7]].append(f"{key}\x1f{fast(record).decode()}\n")
        self.records += len(unit.records)
        self._buffered += len(unit.records)
        for person in unit.people:
            mentions = dumps([list(m) for m in person.mentions], ensure_ascii=False)
            self._people.write(
                ("" if self._first_person else ",\n") + f"    {dumps(person.label)}: {mentions}"
            )
            self._first_person = False
            self.origins[person.label] = person.origin
        self.people += len(unit.people)
        self.signals.extend(unit.signals)
        self.must_not.extend(unit.must_not)
        self.lookalikes.extend([a, b] for a, b in unit.lookalikes)
        if unit.kind != "ordinary":
            self.storylines.append({"kind": unit.kind, "people": [p.label for p in unit.people]})
        if self._buffered >= FLUSH_LINES:
            self._flush()

    def _flush(self) -> None:
        for month, lines in self._buffers.items():
            with (self._tmp / f"{month}.part").open("a", encoding="utf-8") as part:
                part.writelines(lines)
        self._buffers.clear()
        self._buffered = 0

    def close(self, case: str, source: str) -> tuple[Path, Path]:
        self._flush()
        self._people.close()
        records_path = self.out_dir / "records.jsonl"
        with records_path.open("w", encoding="utf-8") as out:
            for part in sorted(self._tmp.glob("????-??.part")):
                lines = part.read_text(encoding="utf-8").splitlines()
                lines.sort()
                out.writelines(line.rsplit("\x1f", 1)[1] + "\n" for line in lines)
        expected_path = self.out_dir / "expected.json"
        with expected_path.open("w", encoding="utf-8") as out:
            out.write("{\n")
            out.write(f'  "case": {json.dumps(case)},\n  "source": {json.dumps(source)},\n  "people": {{\n')
            with (self._tmp / "people.part").open(encoding="utf-8") as people:
                shutil.copyfileobj(people, out)
            out.write("\n  },\n")
            for name, items in (
                ("signals", self.signals),
                ("must_not", self.must_not),
                ("lookalikes", self.lookalikes),
            ):
                out.write(f'  "{name}": [')
                out.write(",".join(f"\n    {json.dumps(item, ensure_ascii=False)}" for item in items))
                out.write("\n  ],\n" if items else "],\n")
            out.write(f'  "origins": {json.dumps(self.origins)},\n')
            out.write('  "storylines": [')
            out.write(",".join(f"\n    {json.dumps(item)}" for item in self.storylines))
            out.write("\n  ]\n}\n" if self.storylines else "]\n}\n")
        shutil.rmtree(self._tmp)
        return records_path, expected_path

    def abandon(self) -> None:
        if not self._people.closed:
            self._people.close()
        shutil.rmtree(self._tmp, ignore_errors=True)
