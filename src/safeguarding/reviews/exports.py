"""Exports of a review: the combined chronology (Excel, Word, JSON), for the panel and for publication,
and the overview report's skeleton.

The chronology uses the layout panels work in: date, agency, event, action taken, panel comment.
The panel's copy also names the people and the agency's reference; the published copy names people
only as the review does and has every name, address, date of birth and reference removed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from safeguarding.records.models import Record
from safeguarding.reviews.analysis import Analysis, analyse_review
from safeguarding.reviews.chronology import Entry, build_chronology, format_occurred
from safeguarding.reviews.models import Review
from safeguarding.reviews.publication import Pseudonymiser


@dataclass
class Row:
    date: str
    agency: str
    event: str
    action: str
    comment: str
    people: str = ""
    reference: str = ""


PANEL_COLUMNS = [
    ("Date", 16),
    ("Agency", 20),
    ("Event", 70),
    ("Action taken", 45),
    ("Panel comment", 40),
    ("People", 30),
    ("Agency reference", 22),
]
# The published copy names people only as the review does (V1, P1, NB1, ...).
PUBLISHED_COLUMNS = [*PANEL_COLUMNS[:5], ("People", 20)]


def panel_rows(entries: list[Entry]) -> list[Row]:
    return [
        Row(
            date=e.date,
            agency=e.record.agency.name,
            event=f"{e.event}. {e.record.summary}".strip() if e.record.summary else e.event,
            action=e.record.outcome,
            comment="\n".join(c.text for c in e.comments),
            people="; ".join(f"{label} ({role.replace('_', ' ')})" for label, role in e.people if label),
            reference=e.record.record_id,
        )
        for e in entries
    ]


def published_rows(entries: list[Entry], pseudonymiser: Pseudonymiser) -> list[Row]:
    clean = pseudonymiser.clean
    return [
        Row(
            date=_published_date(e.record.occurred, pseudonymiser),
            agency=e.record.agency.name,
            event=clean(f"{e.event}. {e.record.summary}".strip() if e.record.summary else e.event),
            action=clean(e.record.outcome),
            comment=clean("\n".join(c.text for c in e.comments)),
            people=", ".join(dict.fromkeys(pseudonymiser.label_for(m) for m in _mentions(e))),
        )
        for e in entries
    ]


def _published_date(occurred: str, pseudonymiser: Pseudonymiser) -> str:
    """The day of an event, or only its month where that day is someone's date of birth (a birth)."""
    shown = format_occurred(occurred, with_time=False)
    if len(occurred) >= 10 and pseudonymiser.is_date_of_birth(occurred[:10]):
        return format_occurred(occurred[:7])
    return shown


def _mentions(e: Entry) -> list[Any]:
    return list(getattr(e.record, "_redacted_mentions", None) or e.record.mentions.all())


def pseudonymiser_for(review: Review, entries: list[Entry]) -> Pseudonymiser:
    labels = dict(review.subjects.filter(person__isnull=False).values_list("person_id", "pseudonym"))
    return Pseudonymiser.for_records([e.record for e in entries], labels)


def _title(review: Review, published: bool, pseudonymiser: Pseudonymiser | None = None) -> str:
    what = "Combined chronology" + (" (for publication)" if published else "")
    title = f"{review.get_kind_display()} {review.title}: {what}"
    # A review's working title sometimes uses the person's name; the published one never does.
    return pseudonymiser.clean(title) if pseudonymiser is not None else title


def write_xlsx(
    review: Review,
    rows: list[Row],
    path: Path,
    *,
    published: bool = False,
    pseudonymiser: Pseudonymiser | None = None,
) -> Path:
    columns = PUBLISHED_COLUMNS if published else PANEL_COLUMNS
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Chronology"
    ws.append([_title(review, published, pseudonymiser)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"Review period {review.period_start:%d/%m/%Y} to {review.period_end:%d/%m/%Y}"])
    if not published:
        ws.append(["OFFICIAL-SENSITIVE: for the review panel only. Not for publication."])
    else:
        ws.append(["Pseudonymised for publication."])
    ws.append([])
    header_row = ws.max_row + 1
    ws.append([name for name, _ in columns])
    for i, (_, width) in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=i)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B0C0C")
        ws.column_dimensions[get_column_letter(i)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    row_number = header_row
    for row in rows:
        values = [row.date, row.agency, row.event, row.action, row.comment, row.people]
        if not published:
            values.append(row.reference)
        ws.append(values)
        row_number += 1
        # Cells by number: `ws.max_row` walks every cell, which makes a long chronology quadratic.
        for column in range(1, len(values) + 1):
            ws.cell(row=row_number, column=column).alignment = wrap
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{row_number}"
    if not published:
        _people_sheet(wb, review)
    wb.properties.creator = "Safeguarding"
    wb.save(path)
    return path


def _people_sheet(wb: Workbook, review: Review) -> None:
    ws = wb.create_sheet("People")
    ws.append(["Review name", "Role", "Description", "Person"])
    for s in review.subjects.select_related("person"):
        ws.append([s.pseudonym, s.get_role_display(), s.description, str(s.person) if s.person else ""])


def write_docx(
    review: Review,
    rows: list[Row],
    path: Path,
    *,
    published: bool = False,
    pseudonymiser: Pseudonymiser | None = None,
) -> Path:
    columns = PANEL_COLUMNS[:5]
    doc = Document()
    doc.styles["Normal"].font.size = Pt(9)  # type: ignore[union-attr]
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.add_heading(_title(review, published, pseudonymiser), level=1)
    doc.add_paragraph(f"Review period {review.period_start:%d %B %Y} to {review.period_end:%d %B %Y}.")
    doc.add_paragraph(
        "Pseudonymised for publication." if published else "OFFICIAL-SENSITIVE: for the review panel only."
    )
    # The table is made at its full size and filled in one pass: python-docx's add_row() and rows[i]
    # walk the whole table, which makes a long chronology quadratic.
    table = doc.add_table(rows=len(rows) + 1, cols=len(columns))
    table.style = "Table Grid"
    all_rows = iter(table.rows)
    for cell, (name, _) in zip(next(all_rows).cells, columns, strict=True):
        cell.text = name
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for row, table_row in zip(rows, all_rows, strict=True):
        event = f"{row.event}\nPeople: {row.people}" if row.people else row.event
        if not published and row.reference:
            event += f"\nRef: {row.reference}"
        for cell, value in zip(
            table_row.cells, [row.date, row.agency, event, row.action, row.comment], strict=True
        ):
            cell.text = value or ""
    doc.core_properties.author = "Safeguarding"
    doc.save(str(path))
    return path


def chronology_json(review: Review, entries: list[Entry]) -> dict[str, Any]:
    analysis = analyse_review(review)
    return {
        "review": {
            "reference": review.reference,
            "kind": review.kind,
            "title": review.title,
            "period": [review.period_start.isoformat(), review.period_end.isoformat()],
            "people": [
                {"pseudonym": s.pseudonym, "role": s.role, "person": s.person_id}
                for s in review.subjects.all()
            ],
        },
        "chronology": [
            {
                "occurred": e.record.occurred,
                "agency": e.record.agency.code,
                "record_id": e.record.record_id,
                "type": e.record.type,
                "summary": e.record.summary,
                "outcome": e.record.outcome,
                "people": e.subject_pseudonyms,
                "panel_comments": [c.text for c in e.comments],
            }
            for e in entries
        ],
        "missed_opportunities": [o.as_json() for o in analysis.opportunities],
    }


def export_review(
    review: Review,
    fmt: str,
    out: Path,
    *,
    published: bool = False,
    user: Any = None,
    redact: Callable[[list[Record]], list[Record]] | None = None,
) -> Path:
    """Write the chronology in `fmt` (xlsx, docx or json) to `out` (a file, or a folder to put it in).
    With `user`, only what that user may see; `redact` withholds confidential details."""
    entries = build_chronology(review, user=user, redact=redact)
    if out.is_dir():
        suffix = "-published" if published else ""
        out = out / f"{review.reference}-chronology{suffix}.{fmt}"
    if fmt == "json":
        out.write_text(json.dumps(chronology_json(review, entries), indent=2, ensure_ascii=False))
        return out
    pseudo = pseudonymiser_for(review, entries) if published else None
    rows = published_rows(entries, pseudo) if pseudo is not None else panel_rows(entries)
    writer = {"xlsx": write_xlsx, "docx": write_docx}[fmt]
    return writer(review, rows, out, published=published, pseudonymiser=pseudo)


def write_overview_skeleton(review: Review, path: Path, *, analysis: Analysis | None = None) -> Path:
    """The overview report's skeleton in the order the statutory guidance sets, pre-filled from the review."""
    entries = build_chronology(review)
    pseudo = pseudonymiser_for(review, entries)
    doc = Document()
    doc.add_heading(review.partnership or "Community Safety Partnership", level=0)
    doc.add_heading(pseudo.clean(f"{review.get_kind_display()}: {review.title}"), level=1)
    doc.add_paragraph("Overview report. Draft for the panel: pseudonymised, not for circulation beyond it.")
    chair = review.panel.filter(role__in=["chair", "chair_author"]).first()
    if chair:
        doc.add_paragraph(f"Independent chair: {chair.name}")

    def section(title: str, *paragraphs: str) -> None:
        doc.add_heading(title, level=2)
        for p in paragraphs:
            doc.add_paragraph(p)

    deceased = review.deceased
    section(
        "1. Introduction",
        "For the purposes of this review, and to protect the identity of those involved, the people are "
        "known as follows:",
    )
    for s in review.subjects.all():
        doc.add_paragraph(f"{s.pseudonym}: {s.description or s.get_role_display()}", style="List Bullet")
    death = review.date_of_death_note or (f"{review.date_of_death:%d %B %Y}" if review.date_of_death else "")
    section(
        "2. Timescales",
        f"{deceased.pseudonym if deceased else 'The person'} died {death}.".replace("  ", " "),
        "Stages of the review:",
    )
    for st in review.stages.all():
        when = st.completed or st.due
        doc.add_paragraph(f"{st.name}: {when:%d %B %Y}" if when else st.name, style="List Bullet")
    section("3. Confidentiality", "[Who has seen the report; how names have been replaced.]")
    section("4. Terms of reference", "Key lines of enquiry:")
    for t in review.terms.all():
        doc.add_paragraph(pseudo.clean(t.text), style="List Number")
    section(
        "5. Review period",
        f"The review considers events from {review.period_start:%d %B %Y} to {review.period_end:%d %B %Y}.",
    )
    section(
        "6. Methodology", "[How the review was carried out; chronologies and management reviews requested.]"
    )
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Agency", "Requested", "Returned"], strict=True):
        cell.text = text
    for req in review.requests.select_related("agency"):
        cells = table.add_row().cells
        cells[0].text = f"{req.agency.name} ({req.get_kind_display().lower()})"
        cells[1].text = f"{req.requested_on:%d/%m/%Y}"
        cells[2].text = f"{req.returned_on:%d/%m/%Y}" if req.returned_on else "not returned"
    section("7. Involvement of family, friends, work colleagues, neighbours and wider community", "[ ]")
    section("8. Contributors to the review and the review panel")
    for m in review.panel.select_related("agency"):
        who = ", ".join(x for x in [m.job_title, m.agency.name if m.agency else ""] if x)
        doc.add_paragraph(f"{m.get_role_display()}: {who or m.name}", style="List Bullet")
    section("9. Author of the overview report", "[Independence and experience of the author.]")
    section("10. Parallel reviews", "[Criminal trial, inquest, other reviews.]")
    section("11. Equality and diversity", "[The nine protected characteristics, considered.]")
    section("12. Dissemination", "[Who receives the report.]")
    section("13. Background information (the facts)", "[ ]")
    section(
        "14. Chronology",
        f"The combined chronology has {len(entries)} entries from "
        f"{len({e.record.agency_id for e in entries})} agencies; it is attached as an appendix.",
    )
    section("15. Overview", "[ ]")
    section("16. Analysis", "Missed opportunities found by replaying the partnership's records:")
    if analysis is None:
        analysis = analyse_review(review)
    for o in analysis.opportunities:
        line = (
            f"{o.title} ({o.person_label}), from {o.first_raised:%d %B %Y}: held by "
            f"{', '.join(o.agency_names)}. {o.followed_text}"
        )
        doc.add_paragraph(pseudo.clean(line), style="List Bullet")
    section("17. Conclusions", "[ ]")
    section("18. Lessons to be learned", "[ ]")
    section("19. Recommendations")
    for rec in review.recommendations.prefetch_related("actions").select_related("lead_agency"):
        doc.add_paragraph(
            f"Recommendation {rec.number} (lead: {rec.lead or 'to be agreed'})", style="Heading 3"
        )
        doc.add_paragraph(pseudo.clean(rec.text))
        for a in rec.actions.all():
            doc.add_paragraph(f"{pseudo.clean(a.text)} (due {a.due:%d/%m/%Y})", style="List Bullet")
    doc.add_paragraph(f"Generated {timezone.localdate():%d %B %Y}.")
    doc.save(str(path))
    return path


SUBJECT_PARTS = ("ref", "role", "name", "dob", "gender", "address", "postcode")


def write_format_xlsx(records: list[dict[str, Any]], path: Path, *, agency: str = "") -> Path:
    """Records in the chronology format as an agency's spreadsheet (subjects in numbered columns).

    With no records it is the blank template an agency fills in for a review's request."""
    from safeguarding.records.parsing import SPREADSHEET_COLUMNS

    n_subjects = max([len(r.get("subjects", [])) for r in records] + [3])
    id_kinds = sorted({k for r in records for s in r.get("subjects", []) for k in (s.get("ids") or {})}) or [
        "nhs",
        "pnc",
    ]
    header = list(SPREADSHEET_COLUMNS)
    for i in range(1, n_subjects + 1):
        header += [f"subject{i}_{part}" for part in SUBJECT_PARTS] + [f"subject{i}_id_{k}" for k in id_kinds]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"{agency} chronology"[:31] if agency else "Chronology"
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in records:
        row: dict[str, Any] = {
            k: r.get(k)
            for k in ("agency", "record_id", "occurred", "recorded", "type", "location", "summary", "outcome")
        }
        row["tags"] = ", ".join(r.get("tags") or [])
        for k, v in (r.get("risk") or {}).items():
            row[f"risk_{k}"] = v
        for key in ("links", "relationships"):
            if r.get(key):
                row[key] = json.dumps(r[key])
        for i, subj in enumerate(r.get("subjects", []), start=1):
            for part in SUBJECT_PARTS:
                row[f"subject{i}_{part}"] = subj.get(part)
            for k, v in (subj.get("ids") or {}).items():
                row[f"subject{i}_id_{k}"] = v
        ws.append([row.get(h) for h in header])
    wb.save(path)
    return path
