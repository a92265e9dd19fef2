"""Reading back what a published export holds, and what from the records must never be in it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from types import SimpleNamespace

from docx import Document
from openpyxl import load_workbook

from safeguarding.people.models import Mention
from safeguarding.records.models import Record
from safeguarding.reviews.publication import dob_spellings, name_parts

TITLES = {"mr", "mrs", "ms", "miss", "dr"}


def text_of(path: Path) -> str:
    if path.suffix == ".xlsx":
        wb = load_workbook(path)
        return "\n".join(
            str(c)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for c in row
            if c is not None
        )
    if path.suffix == ".docx":
        doc = Document(str(path))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)
    return path.read_text()


def forbidden_strings(records: list[Record]) -> dict[str, str]:
    """Every name (whole, and each surname, first name and nickname in it), address, date of birth
    and agency reference from these records -> what kind of thing it is."""
    subjects = [
        {"name": m.name, "address": m.address, "postcode": m.postcode, "dob": m.dob, "ids": m.ids}
        for m in Mention.objects.filter(record__in=records)
    ]
    return _forbidden(subjects, [r.record_id for r in records])


def forbidden_strings_in_case(case_dir: Path) -> dict[str, str]:
    """The same, read straight from a case folder's records.jsonl."""
    records = [
        json.loads(line) for line in (case_dir / "records.jsonl").read_text().splitlines() if line.strip()
    ]
    return _forbidden([s for r in records for s in r.get("subjects", [])], [r["record_id"] for r in records])


def _forbidden(subjects: list[dict], record_ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for s in subjects:
        m = SimpleNamespace(
            name=s.get("name") or "", address=s.get("address") or "", postcode=s.get("postcode") or "",
            dob=str(s.get("dob") or ""), ids=s.get("ids") or {},
        )  # fmt: skip
        if m.name:
            full, words, nicknames = name_parts(m.name)
            if full:
                out[full] = "name"
            for w in [*words, *nicknames]:
                if len(w) >= 3 and w.lower() not in TITLES:
                    out[w] = "name"
        if m.address:
            out[m.address] = "address"
            first_line = m.address.split(",")[0].strip()
            if re.search(r"\d", first_line) or len(m.address.split(",")) > 2:
                out[first_line] = "address"
        if m.postcode:
            out[m.postcode] = "postcode"
        if m.dob and re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.dob):
            d = dt.date.fromisoformat(m.dob)
            for s in {m.dob, f"{d:%d/%m/%Y}", f"{d.day} {d:%B %Y}"} & dob_spellings(m.dob):
                out[s] = "date of birth"
        for v in (m.ids or {}).values():
            out[str(v)] = "identifier"
    for record_id in record_ids:
        out[record_id] = "agency reference"
    return out


def survivors(text: str, forbidden: dict[str, str]) -> list[str]:
    found = []
    for s, kind in forbidden.items():
        pattern = r"(?<![\w])" + re.escape(s) + r"(?![\w])"
        flags = 0 if kind == "name" else re.IGNORECASE
        # A name is found in its recorded spelling, title case or capitals, as the records write it.
        variants = {s, s.title(), s.upper()} if kind == "name" else {s}
        if any(re.search(pattern.replace(re.escape(s), re.escape(v)), text, flags) for v in variants):
            found.append(f"{kind}: {s}")
    return found
