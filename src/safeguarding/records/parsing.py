"""Reading and checking files in the chronology format (docs/chronology-format.md).

Files are read as a stream: a record is parsed, checked and handed on before the next is read,
so a file of a million records needs no more memory than one of ten. Every problem names the
file, the line (or spreadsheet row) and the field, and every problem of a file is reported,
not only the first.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from django.conf import settings

from safeguarding.records.models import EVENT_TYPES, RELATIONSHIP_TYPES, SUBJECT_ROLES, Precision

LONDON = ZoneInfo("Europe/London")
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx"}
DEFAULT_MAX_BYTES = 1024**3
# Past this many problems a file is clearly the wrong file: say so rather than list a million lines.
MAX_PROBLEMS = 500

REQUIRED = ("agency", "record_id", "occurred", "type")
TOP_LEVEL = (
    "agency", "record_id", "occurred", "recorded", "type", "subjects", "location", "summary",
    "outcome", "tags", "risk", "links", "relationships",
)  # fmt: skip
SUBJECT_TEXT = ("name", "dob", "gender", "address", "postcode")
SUBJECT_FIELDS = ("ref", "role", *SUBJECT_TEXT, "ids")
# The fields that say who a subject is: when one changes, linkage has to look at them again.
IDENTITY_FIELDS = (*SUBJECT_TEXT, "ids")
_SUBJECT_TEXT_SET = frozenset(SUBJECT_TEXT)
_SUBJECT_OTHER = frozenset(("ref", "role", "ids"))
# The longest each subject field may be (the columns of people.Mention).
SUBJECT_MAX_LENGTH = {"name": 300, "dob": 32, "gender": 20, "postcode": 16}
RISK_FIELDS = ("tool", "score", "level", "about")
RISK_LEVELS = ("standard", "medium", "high")
SPREADSHEET_COLUMNS = (
    "agency", "record_id", "occurred", "recorded", "type", "location", "summary", "outcome", "tags",
    "risk_tool", "risk_score", "risk_level", "risk_about", "links", "relationships",
)  # fmt: skip
SUBJECT_COLUMN = re.compile(
    r"^subject([1-9][0-9]*)_(ref|role|name|dob|gender|address|postcode|id_[a-z0-9_]+)$"
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where: file, line (or row) and field."""

    file: str
    line: int | None
    field: str
    message: str
    unit: str = "line"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", {self.unit} {self.line}"
        if self.field:
            where += f", field {self.field}"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "field": self.field, "message": self.message}


@dataclass
class ParsedRecord:
    """A record that passed every check, in canonical form, with what the store needs to order it."""

    line: int
    data: dict[str, Any]
    raw: str
    content_hash: str
    occurred_precision: str
    occurred_start: datetime
    recorded: datetime

    @property
    def key(self) -> tuple[str, str]:
        return (self.data["agency"], self.data["record_id"])


@dataclass
class ParseResult:
    path: str
    format: str
    records: list[ParsedRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class DateProblem(ValueError):
    pass


# ---------------------------------------------------------------------------------------------
# Dates


_ISO = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def _make(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    if year < 1900 or year > 2200:
        raise DateProblem(f"the year {year} is not plausible")
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=LONDON)
    except ValueError:
        raise DateProblem("is not a real date or time") from None


def parse_when(value: Any, *, uk_dates: bool = False) -> tuple[str, str, datetime]:
    """Read a date as given: return (the ISO text kept, its precision, the first instant it covers).

    ISO 8601 date-times, dates, `YYYY-MM` and `YYYY` are accepted everywhere. Spreadsheets may
    also use the UK `dd/mm/yyyy`, but only where the reading is certain (the day is over 12, or
    day and month are the same): `03/04/2010` could be either, and a wrong guess moves an event
    by months in a chronology, so it is refused. Times without an offset are UK local time.
    """
    if isinstance(value, datetime):
        if value.hour == value.minute == value.second == 0 and value.tzinfo is None:
            # A spreadsheet date cell: Excel has no date-only type.
            return value.date().isoformat(), Precision.DAY, _make(value.year, value.month, value.day)
        start = value if value.tzinfo else value.replace(tzinfo=LONDON)
        return value.strftime("%Y-%m-%dT%H:%M"), Precision.MINUTE, start
    if isinstance(value, date):
        return value.isoformat(), Precision.DAY, _make(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise DateProblem(f"must be a date as text (ISO 8601), not {type(value).__name__}")
    text = value.strip()
    m = _ISO.match(text)
    if m:
        year, month, day, hour, minute, second, _fraction, offset = m.groups()
        if hour is not None:
            start = _make(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
            if offset:
                try:
                    start = datetime.fromisoformat(text.replace("Z", "+00:00"))
                except ValueError:
                    raise DateProblem("has an offset that is not valid") from None
            return text, Precision.MINUTE, start
        if day is not None:
            return text, Precision.DAY, _make(int(year), int(month), int(day))
        if month is not None:
            return text, Precision.MONTH, _make(int(year), int(month), 1)
        return text, Precision.YEAR, _make(int(year), 1, 1)
    if uk_dates:
        m = _UK.match(text)
        if m:
            d, mo, y, hh, mm, ss = m.groups()
            day, month, year = int(d), int(mo), int(y)
            if day <= 12 and month <= 12 and day != month:
                raise DateProblem(
                    f"{text!r} is ambiguous: it could be {day} {_month(month)} or {month} {_month(day)}; "
                    "write it as YYYY-MM-DD"
                )
            if hh is not None:
                start = _make(year, month, day, int(hh), int(mm), int(ss or 0))
                return start.strftime("%Y-%m-%dT%H:%M"), Precision.MINUTE, start
            start = _make(year, month, day)
            return start.date().isoformat(), Precision.DAY, start
        raise DateProblem(f"{text!r} is not a date: use YYYY-MM-DD (or dd/mm/yyyy where the day is over 12)")
    raise DateProblem(f"{text!r} is not a date: use ISO 8601 (YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-MM or YYYY)")


_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
]  # fmt: skip


def _month(number: int) -> str:
    return _MONTHS[number - 1] if 1 <= number <= 12 else str(number)


def period_end(start: datetime, precision: str) -> datetime:
    """The first instant after the period a date covers (for range queries over partial dates)."""
    if precision == Precision.YEAR:
        return start.replace(year=start.year + 1)
    if precision == Precision.MONTH:
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    if precision == Precision.DAY:
        return start + timedelta(days=1)
    return start + timedelta(minutes=1)


# ---------------------------------------------------------------------------------------------
# Checking one record


def canonical_json(data: dict[str, Any]) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


def content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def _json_field(path: str) -> str:
    return path


def spreadsheet_field(path: str) -> str:
    """Name a field as a spreadsheet's header does (subjects[1].dob -> subject2_dob)."""
    m = re.match(r"^subjects\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?", path)
    if m:
        number = int(m.group(1)) + 1
        if m.group(2) == "ids" and m.group(3):
            return f"subject{number}_id_{m.group(3)}"
        return f"subject{number}_{m.group(2) or 'ref'}"
    if path.startswith("risk."):
        return "risk_" + path.split(".", 1)[1]
    return path.split("[", 1)[0].split(".", 1)[0]


class Checker:
    """Checks records against the format and the agencies this deployment knows."""

    def __init__(self, agency_codes: Iterable[str] | None = None) -> None:
        if agency_codes is None:
            from safeguarding.agencies.models import Agency

            agency_codes = Agency.objects.values_list("code", flat=True)
        self.agencies = frozenset(agency_codes)
        self.event_types = frozenset(EVENT_TYPES)
        self.roles = frozenset(SUBJECT_ROLES)
        self.relationship_types = frozenset(RELATIONSHIP_TYPES)

    def check(
        self,
        data: Any,
        *,
        file: str,
        line: int,
        raw: str,
        unit: str = "line",
        namer: Callable[[str], str] = _json_field,
        uk_dates: bool = False,
        hint: dict[str, str] | None = None,
    ) -> tuple[ParsedRecord | None, list[Problem]]:
        """Check one record; return it in canonical form, or the problems that stop it."""
        problems: list[Problem] = []

        def fail(path: str, message: str) -> None:
            problems.append(Problem(file, line, namer(path), message, unit))

        if not isinstance(data, dict):
            fail("", f"a record must be a JSON object, not {_kind(data)}")
            return None, problems
        if "\\u0000" in raw or "\x00" in raw:
            fail("", "contains a NUL character (\\u0000), which no field may hold")
        out: dict[str, Any] = {}
        for key in data:
            if key not in TOP_LEVEL:
                fail(str(key), f"is not a field of the chronology format (fields: {', '.join(TOP_LEVEL)})")
        for key in REQUIRED:
            if _blank(data.get(key)):
                fail(key, "is required but missing or empty")

        agency = _text(data.get("agency"))
        if agency is not None and agency not in self.agencies:
            fail("agency", f"unknown agency {agency!r}; agencies are set up by an administrator")
        record_id = data.get("record_id")
        if isinstance(record_id, int) and not isinstance(record_id, bool):
            record_id = str(record_id)
        if record_id is not None and not isinstance(record_id, str):
            fail("record_id", f"must be text, not {_kind(record_id)}")
        elif isinstance(record_id, str) and len(record_id.strip()) > 200:
            fail("record_id", "is longer than 200 characters")
        event_type = _text(data.get("type"))
        if event_type is not None and event_type not in self.event_types:
            fail("type", f"unknown event type {event_type!r} (see the event types in the format)")
        if agency and isinstance(record_id, str) and record_id.strip():
            out["agency"] = agency
            out["record_id"] = record_id.strip()
        if event_type:
            out["type"] = event_type

        occurred_precision, occurred_start = "", None
        occurred = data.get("occurred")
        if not _blank(occurred):
            try:
                out["occurred"], occurred_precision, occurred_start = parse_when(occurred, uk_dates=uk_dates)
            except DateProblem as exc:
                fail("occurred", _date_message(occurred, exc, (hint or {}).get("occurred")))
        recorded_start = None
        recorded = data.get("recorded")
        if not _blank(recorded):
            try:
                out["recorded"], _, recorded_start = parse_when(recorded, uk_dates=uk_dates)
            except DateProblem as exc:
                fail("recorded", _date_message(recorded, exc, (hint or {}).get("recorded")))

        for key in ("location", "summary", "outcome"):
            value = data.get(key)
            if _blank(value):
                continue
            if not isinstance(value, str):
                fail(key, f"must be text, not {_kind(value)}")
            else:
                out[key] = value

        refs = self._check_subjects(data, out, fail)
        self._check_tags(data, out, fail)
        self._check_risk(data, out, fail, refs)
        self._check_links(data, out, fail)
        self._check_relationships(data, out, fail, refs)

        if problems or occurred_start is None:
            return None, problems
        return ParsedRecord(
            line=line,
            data=out,
            raw=raw,
            content_hash=content_hash(out),
            occurred_precision=occurred_precision,
            occurred_start=occurred_start,
            recorded=recorded_start or occurred_start,
        ), problems

    def _check_subjects(self, data: dict, out: dict, fail: Callable[[str, str], None]) -> set[str]:
        subjects = data.get("subjects")
        refs: set[str] = set()
        if "subjects" not in data:
            fail("subjects", "is required (it may be an empty list)")
            return refs
        if not isinstance(subjects, list):
            fail("subjects", f"must be a list of people, not {_kind(subjects)}")
            return refs
        clean_subjects = []
        for i, subject in enumerate(subjects):
            path = f"subjects[{i}]"
            if not isinstance(subject, dict):
                fail(path, f"a subject must be an object, not {_kind(subject)}")
                continue
            clean: dict[str, Any] = {}
            for key, value in subject.items():
                if key in _SUBJECT_OTHER:
                    continue
                if key not in _SUBJECT_TEXT_SET:
                    fail(f"{path}.{key}", f"is not a subject field (fields: {', '.join(SUBJECT_FIELDS)})")
                    continue
                if type(value) is str:  # the usual case, checked without the general path
                    text = value.strip()
                    if not text:
                        continue
                    if len(text) > SUBJECT_MAX_LENGTH.get(key, 100_000):
                        fail(f"{path}.{key}", f"is longer than {SUBJECT_MAX_LENGTH[key]} characters")
                    else:
                        clean[key] = text
                    continue
                if _blank(value):
                    continue
                if isinstance(value, int | float) and not isinstance(value, bool) and key != "dob":
                    text = str(value)
                    if len(text) > SUBJECT_MAX_LENGTH.get(key, 100_000):
                        fail(f"{path}.{key}", f"is longer than {SUBJECT_MAX_LENGTH[key]} characters")
                    else:
                        clean[key] = text
                else:
                    fail(f"{path}.{key}", f"must be text, not {_kind(value)}")
            ref = subject.get("ref")
            if isinstance(ref, int) and not isinstance(ref, bool):
                ref = str(ref)
            if _blank(ref):
                fail(f"{path}.ref", "every subject needs a ref, unique within the record")
            elif not isinstance(ref, str) or len(ref.strip()) > 40:
                fail(f"{path}.ref", "must be short text (at most 40 characters)")
            elif ref.strip() in refs:
                fail(f"{path}.ref", f"duplicate ref {ref.strip()!r}: each subject's ref must be unique")
            else:
                clean["ref"] = ref.strip()
                refs.add(clean["ref"])
            role = subject.get("role")
            if _blank(role):
                fail(f"{path}.role", "every subject needs a role")
            elif not isinstance(role, str) or role.strip() not in self.roles:
                fail(f"{path}.role", f"unknown role {role!r} (roles: {', '.join(SUBJECT_ROLES)})")
            else:
                clean["role"] = role.strip()
            ids = subject.get("ids")
            if not _blank(ids):
                if not isinstance(ids, dict):
                    fail(f"{path}.ids", f"must be an object such as {{'nhs': '...'}}, not {_kind(ids)}")
                else:
                    clean_ids = {}
                    for scheme, number in ids.items():
                        if _blank(number):
                            continue
                        if isinstance(number, int) and not isinstance(number, bool):
                            number = str(number)
                        if not isinstance(number, str):
                            fail(f"{path}.ids.{scheme}", f"must be text, not {_kind(number)}")
                        else:
                            clean_ids[str(scheme)] = number.strip()
                    if clean_ids:
                        clean["ids"] = clean_ids
            clean_subjects.append(clean)
        out["subjects"] = clean_subjects
        return refs

    def _check_tags(self, data: dict, out: dict, fail: Callable[[str, str], None]) -> None:
        tags = data.get("tags")
        if _blank(tags):
            return
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            fail("tags", "must be a list of words such as ['domestic', 'alcohol']")
            return
        clean = [t.strip() for t in tags if t.strip()]
        if clean:
            out["tags"] = clean

    def _check_risk(self, data: dict, out: dict, fail: Callable[[str, str], None], refs: set[str]) -> None:
        risk = data.get("risk")
        if _blank(risk):
            return
        if not isinstance(risk, dict):
            fail("risk", f"must be an object with tool, score, level and about, not {_kind(risk)}")
            return
        clean: dict[str, Any] = {}
        for key, value in risk.items():
            if key not in RISK_FIELDS:
                fail(f"risk.{key}", f"is not a risk field (fields: {', '.join(RISK_FIELDS)})")
            elif _blank(value):
                continue
            elif key == "score":
                number = _number(value)
                if number is None:
                    fail("risk.score", f"must be a number, not {value!r}")
                else:
                    clean["score"] = number
            elif not isinstance(value, str):
                fail(f"risk.{key}", f"must be text, not {_kind(value)}")
            elif key == "level":
                if value.strip().lower() not in RISK_LEVELS:
                    fail("risk.level", f"unknown level {value!r} (levels: {', '.join(RISK_LEVELS)})")
                else:
                    clean["level"] = value.strip().lower()
            elif key == "about":
                if value.strip() not in refs:
                    fail("risk.about", f"names ref {value!r}, which is not a subject of this record")
                else:
                    clean["about"] = value.strip()
            else:
                clean[key] = value.strip()
        if clean:
            out["risk"] = clean

    def _check_links(self, data: dict, out: dict, fail: Callable[[str, str], None]) -> None:
        links = data.get("links")
        if _blank(links):
            return
        if not isinstance(links, dict):
            fail("links", 'must be an object such as {"refers_to": "police:INC-2010-00412"}')
            return
        for key, value in links.items():
            ok = isinstance(value, str) or (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            )
            if not ok:
                fail(f"links.{key}", "must be a record reference ('agency:record_id') or a list of them")
        out["links"] = links

    def _check_relationships(
        self, data: dict, out: dict, fail: Callable[[str, str], None], refs: set[str]
    ) -> None:
        relationships = data.get("relationships")
        if _blank(relationships):
            return
        if not isinstance(relationships, list):
            fail("relationships", 'must be a list such as [{"from": "b", "to": "a", "type": "partner"}]')
            return
        clean = []
        for i, rel in enumerate(relationships):
            path = f"relationships[{i}]"
            if not isinstance(rel, dict):
                fail(path, f"must be an object with from, to and type, not {_kind(rel)}")
                continue
            extra = set(rel) - {"from", "to", "type"}
            if extra:
                fail(path, f"has fields {sorted(extra)}; a relationship has only from, to and type")
            for end in ("from", "to"):
                ref = rel.get(end)
                if not isinstance(ref, str) or ref.strip() not in refs:
                    fail(f"{path}.{end}", f"names ref {ref!r}, which is not a subject of this record")
            kind = rel.get("type")
            if not isinstance(kind, str) or kind.strip() not in self.relationship_types:
                fail(
                    f"{path}.type",
                    f"unknown relationship type {kind!r} (types: {', '.join(RELATIONSHIP_TYPES)})",
                )
            clean.append({k: v.strip() if isinstance(v, str) else v for k, v in rel.items()})
        out["relationships"] = clean


def _blank(value: Any) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or value == {}
        or (isinstance(value, str) and not value.strip())
    )


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return int(number) if number.is_integer() else number
    return None


def _kind(value: Any) -> str:
    return {
        dict: "an object", list: "a list", str: "text", int: "a number", float: "a number",
        bool: "true/false", type(None): "null",
    }.get(type(value), type(value).__name__)  # fmt: skip


def _date_message(value: Any, exc: DateProblem, as_shown: str | None) -> str:
    message = str(exc)
    if message.startswith(("is ", "has ")):
        shown = as_shown if as_shown is not None else value
        return f"{shown!r} {message}"
    return message


def validate_record(data: dict[str, Any], *, file: str, line: int | None) -> list[Problem]:
    """Every problem with one record in the chronology format (empty when it is valid)."""
    _, problems = Checker().check(data, file=file, line=line or 0, raw="")
    if line is None:
        problems = [Problem(p.file, None, p.field, p.message, p.unit) for p in problems]
    return problems


# ---------------------------------------------------------------------------------------------
# Files


def detect_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def max_bytes() -> int:
    return int(getattr(settings, "SAFEGUARDING_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _size_text(size: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return ""  # pragma: no cover


def check_file(path: Path, display: str) -> tuple[str, int, list[Problem]]:
    """Refuse the wrong file before reading it: too big, binary, not UTF-8 or not a workbook.

    Returns (format, line count, problems). The whole file is read once, a block at a time, to
    check its encoding: a stray Windows-1252 byte half way through must not abort an import
    after half of it is written.
    """

    def problem(message: str, line: int | None = None) -> tuple[str, int, list[Problem]]:
        return "", 0, [Problem(display, line, "", message)]

    fmt = detect_format(path)
    if fmt is None:
        return problem(f"unknown file type {path.suffix!r}: send .jsonl, .csv or .xlsx")
    try:
        size = path.stat().st_size
    except OSError as exc:
        return problem(f"cannot be read: {exc.strerror or exc}")
    if not path.is_file():
        return problem("is not a file")
    limit = max_bytes()
    if size > limit:
        return problem(
            f"is {_size_text(size)}, over the {_size_text(limit)} limit for one import "
            "(SAFEGUARDING_IMPORT_MAX_BYTES); split it into smaller files"
        )
    if size == 0:
        return problem("is empty: it has no records")
    with path.open("rb") as f:
        head = f.read(64 * 1024)
        if fmt == "xlsx":
            if not head.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(path):
                return problem("is not an Excel workbook (.xlsx): it may be an old .xls or another file")
            return fmt, 0, []
        encoding = _bom_encoding(head)
        if encoding:
            return problem(
                f"is not UTF-8: it looks like {encoding} (it starts with a {encoding} byte-order mark); save it as UTF-8"
            )
        if b"\x00" in head:
            return problem(
                "looks like a binary file, not text (it contains NUL bytes): "
                f"a {fmt.upper()} file in the chronology format was expected"
            )
        decoder = codecs.getincrementaldecoder("utf-8")()
        lines = 0
        f.seek(0)
        while True:
            block = f.read(1024 * 1024)
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                line = lines + block.count(b"\n", 0, exc.start) + 1
                start = max(0, exc.start - 2000)
                guess = guess_encoding(block[start : exc.start + 2000])
                return problem(
                    f"is not UTF-8 (byte 0x{block[exc.start]:02x} at line {line} is not valid UTF-8): "
                    f"it looks like {guess}; save it as UTF-8",
                    line,
                )
            if not block:
                break
            if b"\x00" in block:
                return problem("looks like a binary file, not text (it contains NUL bytes)")
            lines += block.count(b"\n")
    return fmt, lines, []


def _bom_encoding(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    # UTF-16 text without a mark: every other byte of plain English is NUL.
    sample = head[:4096]
    if len(sample) >= 16 and sample[1::2].count(0) > len(sample) * 0.4:
        return "UTF-16 (little-endian)"
    if len(sample) >= 16 and sample[0::2].count(0) > len(sample) * 0.4:
        return "UTF-16 (big-endian)"
    return None


def guess_encoding(sample: bytes) -> str:
    """Name the encoding some non-UTF-8 text looks like, for the person who has to re-save it."""
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    name = best.encoding if best is not None else ""
    single_byte_latin = name == "" or name.startswith(("cp125", "latin", "iso8859", "mac_", "cp8"))
    if single_byte_latin:
        # These are hard to tell apart on a little English text; in England, text that Excel or
        # an old case system saved as "ANSI" is Windows-1252, so say that when it fits.
        try:
            sample.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            return "Windows-1252 (Western European, what Excel calls ANSI)"
    names = {
        "cp1252": "Windows-1252 (Western European)",
        "latin_1": "ISO-8859-1 (Latin-1)",
        "iso8859_15": "ISO-8859-15 (Latin-9)",
        "cp1250": "Windows-1250 (Central European)",
        "utf_16": "UTF-16",
        "mac_roman": "Mac Roman",
        "cp850": "DOS code page 850",
    }
    if name in names:
        return names[name]
    if name:
        return name.replace("_", "-").upper()
    return "an 8-bit encoding such as ISO-8859-1 (Latin-1)"


def _raw_json(row: dict[str, Any]) -> str:
    return orjson.dumps(row, default=str).decode()


def iter_jsonl(path: Path, display: str) -> Iterator[tuple[int, str, Any, Problem | None]]:
    with path.open("rb") as f:
        yield from jsonl_lines(enumerate(f, start=1), display)


def jsonl_lines(
    numbered: Iterable[tuple[int, bytes]], display: str
) -> Iterator[tuple[int, str, Any, Problem | None]]:
    """Decode numbered JSON lines (the file has been checked to be UTF-8 already)."""
    for number, line in numbered:
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[3:]
        text = line.strip()
        if not text:
            continue
        raw = text.decode("utf-8")
        try:
            yield number, raw, orjson.loads(text), None
        except orjson.JSONDecodeError as exc:
            yield number, raw, None, Problem(display, number, "", f"is not valid JSON: {exc}")


class SpreadsheetLayout:
    """Maps a header row onto the format's fields, and a row back into a record."""

    def __init__(self, header: list[Any], display: str, unit: str, header_line: int) -> None:
        self.display, self.unit, self.header_line = display, unit, header_line
        self.problems: list[Problem] = []
        self.columns: list[str | None] = []
        self.subjects: dict[int, dict[str, int]] = {}
        seen: dict[str, int] = {}
        named = [i for i, h in enumerate(header) if not _blank(h)]
        last_named = named[-1] if named else -1
        for i, cell in enumerate(header):
            letter = _column_letter(i)
            if _blank(cell):
                if i < last_named:
                    self._fail(
                        letter,
                        f"header cell {letter}{header_line} is empty: every column needs a name "
                        "(merged or blank header cells cannot be read)",
                    )
                self.columns.append(None)
                continue
            name = str(cell).strip().lower()
            if name in seen:
                self._fail(
                    name,
                    f"column {name!r} appears twice in the header (columns {_column_letter(seen[name])} and {letter})",
                )
            seen[name] = i
            m = SUBJECT_COLUMN.match(name)
            if m:
                self.subjects.setdefault(int(m.group(1)), {})[m.group(2)] = i
            elif name not in SPREADSHEET_COLUMNS:
                self._fail(
                    name,
                    f"unknown column {name!r} in the header (columns: {', '.join(SPREADSHEET_COLUMNS)}, "
                    "and subjectN_ref, subjectN_role, subjectN_name, subjectN_dob, ...)",
                )
            self.columns.append(name)
        for column in REQUIRED:
            if column not in seen:
                self._fail(column, "required column is missing from the header row")
        if not named:
            self.problems = [Problem(display, header_line, "", "the header row is empty", unit)]

    def _fail(self, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.display, self.header_line, field_name, message, self.unit))

    def record(self, row: tuple[Any, ...]) -> tuple[dict[str, Any], dict[str, str], list[Problem]] | None:
        """The record a row holds, what the row showed for its dates, and problems of the row itself."""
        cells: dict[str, Any] = {}
        for i, value in enumerate(row):
            if i >= len(self.columns):
                if not _blank(value):
                    return (
                        {},
                        {},
                        [
                            Problem(
                                self.display,
                                None,
                                _column_letter(i),
                                "has a value but no column name",
                                self.unit,
                            )
                        ],
                    )
                continue
            name = self.columns[i]
            if name is not None and not _blank(value):
                cells[name] = value.strip() if isinstance(value, str) else value
        if not cells:
            return None
        shown: dict[str, str] = {k: str(cells[k]) for k in ("occurred", "recorded") if k in cells}
        problems: list[Problem] = []
        data: dict[str, Any] = {}
        for key in ("agency", "record_id", "occurred", "recorded", "type", "location", "summary", "outcome"):
            if key in cells:
                value = cells[key]
                if key == "record_id" and isinstance(value, float) and value.is_integer():
                    value = int(value)
                data[key] = value
        if "tags" in cells:
            data["tags"] = [t.strip() for t in re.split(r"[;,]", str(cells["tags"])) if t.strip()]
        risk = {k: cells[f"risk_{k}"] for k in RISK_FIELDS if f"risk_{k}" in cells}
        if risk:
            data["risk"] = risk
        for key in ("links", "relationships"):
            if key in cells:
                try:
                    data[key] = orjson.loads(str(cells[key]))
                except orjson.JSONDecodeError as exc:
                    problems.append(
                        Problem(self.display, None, key, f"must be JSON text in the cell: {exc}", self.unit)
                    )
        subjects = []
        for position, (number, columns) in enumerate(sorted(self.subjects.items())):
            values = {part: cells.get(f"subject{number}_{part}") for part in columns}
            if all(_blank(v) for v in values.values()):
                continue
            subject: dict[str, Any] = {}
            ids: dict[str, Any] = {}
            for part, value in values.items():
                if _blank(value):
                    continue
                if part.startswith("id_"):
                    ids[part[3:]] = _cell_text(value)
                elif part == "dob":
                    subject["dob"] = value
                else:
                    subject[part] = _cell_text(value)
            if ids:
                subject["ids"] = ids
            subject.setdefault("ref", _letters(position))
            subjects.append(subject)
        data["subjects"] = subjects
        return data, shown, problems


def _cell_text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _letters(position: int) -> str:
    """a, b, ... z, aa, ab, ...: the default subject refs, by position in the row."""
    text = ""
    position += 1
    while position:
        position, rem = divmod(position - 1, 26)
        text = chr(ord("a") + rem) + text
    return text


def _column_letter(index: int) -> str:
    return _letters(index).upper()


def _dob_cells(data: dict[str, Any], file: str, line: int, unit: str) -> list[Problem]:
    """Spreadsheet dates of birth become ISO text; an ambiguous one is refused like any date."""
    problems = []
    for i, subject in enumerate(data.get("subjects") or []):
        dob = subject.get("dob")
        if dob is None:
            continue
        if isinstance(dob, int | float) and not isinstance(dob, bool):
            subject["dob"] = str(int(dob))
            continue
        if isinstance(dob, str) and not _UK.match(dob.strip()) and not isinstance(dob, datetime | date):
            continue  # kept as recorded, even if partial or odd
        try:
            subject["dob"], _, _ = parse_when(dob, uk_dates=True)
        except DateProblem as exc:
            problems.append(Problem(file, line, f"subject{i + 1}_dob", _date_message(dob, exc, None), unit))
    return problems


def iter_csv(path: Path, display: str) -> Iterator[tuple[int, str, Any, Problem | None]]:
    with path.open("r", encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            yield 1, "", None, Problem(display, None, "", "is empty: it has no header row and no records")
            return
        layout = SpreadsheetLayout(header, display, "line", 1)
        for p in layout.problems:
            yield 1, "", None, p
        if layout.problems:
            return
        start = reader.line_num + 1
        for row in reader:
            yield from _spreadsheet_row(layout, start, row, header)
            start = reader.line_num + 1


def _spreadsheet_row(
    layout: SpreadsheetLayout, line: int, row: Any, header: list[Any]
) -> Iterator[tuple[int, str, Any, Problem | None]]:
    parsed = layout.record(tuple(row))
    if parsed is None:
        return
    data, shown, problems = parsed
    raw = _raw_json({str(h): v for h, v in zip(header, row, strict=False) if not _blank(h) and not _blank(v)})
    if problems:
        for p in problems:
            yield line, raw, None, Problem(p.file, line, p.field, p.message, p.unit)
        return
    data["_shown"] = shown
    yield line, raw, data, None


def iter_xlsx(path: Path, display: str) -> Iterator[tuple[int, str, Any, Problem | None]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        yield 0, "", None, Problem(display, None, "", f"cannot be read as an Excel workbook: {exc}")
        return
    try:
        if not workbook.worksheets:
            yield 0, "", None, Problem(display, None, "", "the workbook has no sheets")
            return
        sheet = workbook.worksheets[0]
        sheet_display = f"{display} (sheet {sheet.title!r})"
        merged = _merged_header_cells(path, 0)
        rows = sheet.iter_rows(values_only=True)
        header: list[Any] | None = None
        header_line = 0
        for number, row in enumerate(rows, start=1):
            if any(not _blank(v) for v in row):
                header, header_line = list(row), number
                break
        if header is None:
            yield (
                0,
                "",
                None,
                Problem(sheet_display, None, "", "the sheet is empty: it has no header row and no records"),
            )
            return
        if merged:
            yield header_line, "", None, Problem(
                sheet_display, header_line, "",
                f"the header has merged cells ({', '.join(merged)}): unmerge them so each column has its own name",
                "row",
            )  # fmt: skip
            return
        layout = SpreadsheetLayout(header, sheet_display, "row", header_line)
        for p in layout.problems:
            yield header_line, "", None, p
        if layout.problems:
            return
        for number, row in enumerate(rows, start=header_line + 1):
            yield from _spreadsheet_row(layout, number, row, header)
    finally:
        workbook.close()


def _merged_header_cells(path: Path, sheet_index: int) -> list[str]:
    """Merged ranges touching the first rows of a sheet (openpyxl's streaming reader hides them)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = sorted(
                (n for n in archive.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)),
                key=lambda n: int(re.findall(r"\d+", n)[-1]),
            )
            if len(names) <= sheet_index:
                return []
            found: list[str] = []
            tail = b""
            with archive.open(names[sheet_index]) as xml:
                while block := xml.read(1024 * 1024):
                    text = tail + block
                    for m in re.finditer(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', text):
                        if int(m.group(2)) <= 2:
                            found.append(m.group(0)[16:].decode())
                    tail = text[-200:]
            return sorted(set(found))
    except (zipfile.BadZipFile, OSError, KeyError):
        return []


READERS: dict[str, Callable[[Path, str], Iterator[tuple[int, str, Any, Problem | None]]]] = {
    "jsonl": iter_jsonl,
    "csv": iter_csv,
    "xlsx": iter_xlsx,
}


def stream_file(
    path: Path | str, *, display: str | None = None, checker: Checker | None = None
) -> Iterator[ParsedRecord | Problem]:
    """Yield each record of a file, checked, or each problem found, in file order."""
    path = Path(path)
    display = display or path.name
    fmt, _, problems = check_file(path, display)
    if problems:
        yield from problems
        return
    yield from _stream(path, fmt, display, checker or Checker())


def _stream(path: Path, fmt: str, display: str, checker: Checker) -> Iterator[ParsedRecord | Problem]:
    count = problems = 0
    for item in check_items(READERS[fmt](path, display), fmt, display, checker):
        if isinstance(item, Problem):
            problems += 1
        else:
            count += 1
        yield item
    if count == 0 and problems == 0:
        yield Problem(display, None, "", "has no records")


def check_items(
    items: Iterable[tuple[int, str, Any, Problem | None]], fmt: str, display: str, checker: Checker
) -> Iterator[ParsedRecord | Problem]:
    """Check what a reader yielded: each record in canonical form, or its problems."""
    spreadsheet = fmt != "jsonl"
    unit = "row" if fmt == "xlsx" else "line"
    namer = spreadsheet_field if spreadsheet else _json_field
    for line, raw, data, problem in items:
        if problem is not None:
            yield problem
            continue
        shown = data.pop("_shown", None) if spreadsheet and isinstance(data, dict) else None
        dob_problems = _dob_cells(data, display, line, unit) if spreadsheet else []
        yield from dob_problems
        record, record_problems = checker.check(
            data, file=display, line=line, raw=raw, unit=unit, namer=namer,
            uk_dates=spreadsheet, hint=shown,
        )  # fmt: skip
        yield from record_problems
        if record is not None and not dob_problems:
            yield record


def parse_file(path: Path | str, *, display: str | None = None) -> ParseResult:
    """Read and check a whole file: every record, or every problem (for small files and tests).

    The importer streams instead (stream_file); this keeps everything in memory.
    """
    path = Path(path)
    display = display or path.name
    result = ParseResult(path=str(path), format=detect_format(path) or "")
    seen: dict[tuple[str, str], ParsedRecord] = {}
    for item in stream_file(path, display=display):
        if isinstance(item, Problem):
            result.problems.append(item)
            continue
        first = seen.get(item.key)
        if first is None:
            seen[item.key] = item
            result.records.append(item)
        elif first.content_hash != item.content_hash:
            result.problems.append(duplicate_problem(display, item, first.line, _unit(result.format)))
    if result.problems:
        result.records = []
    return result


def _unit(fmt: str) -> str:
    return "row" if fmt == "xlsx" else "line"


def duplicate_problem(display: str, record: ParsedRecord, first_line: int | None, unit: str) -> Problem:
    where = f"{unit} {first_line}" if first_line else "earlier in the file"
    return Problem(
        display,
        record.line,
        "record_id",
        f"{record.data['agency']}:{record.data['record_id']} appears twice with different content "
        f"(first at {where}); send each record once, or both copies identical",
        unit,
    )


def parse_text_records(
    items: Iterable[Any], *, display: str, checker: Checker | None = None, lines: list[int] | None = None
) -> Iterator[ParsedRecord | Problem]:
    """Check records already decoded from JSON (the API): line is the 1-based position, or `lines`."""
    checker = checker or Checker()
    for index, item in enumerate(items):
        position = lines[index] if lines is not None else index + 1
        raw = _raw_json(item) if isinstance(item, dict) else ""
        record, problems = checker.check(item, file=display, line=position, raw=raw, unit="record")
        yield from problems
        if record is not None:
            yield record


def decode_ndjson(body: bytes, display: str) -> tuple[list[Any], list[int], list[Problem]]:
    """The records of a newline-delimited JSON body, the line each came from, and lines that are not JSON."""
    items, lines, problems = [], [], []
    for number, line in enumerate(io.BytesIO(body), start=1):
        if not line.strip():
            continue
        try:
            items.append(orjson.loads(line))
            lines.append(number)
        except orjson.JSONDecodeError as exc:
            problems.append(Problem(display, number, "", f"is not valid JSON: {exc}", "line"))
    return items, lines, problems
