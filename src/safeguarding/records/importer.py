"""Storing records: all or nothing per file, history kept, fast enough for a million records.

A file is read once, as a stream. Each chunk of checked records is written inside one
transaction while the rest of the file is still being checked; if any problem turns up, the
transaction is rolled back, so a refused file leaves nothing behind, and a good file is not
read twice. Lookups of existing records are batched per chunk, inserts go in bulk (PostgreSQL
COPY, SQLite executemany in one large transaction), and only records whose content changed are
written again, with the previous version kept in RecordVersion.
"""

from __future__ import annotations

import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from django.db import connections, router, transaction
from django.utils import timezone
from tqdm import tqdm

from safeguarding.audit.log import log_action
from safeguarding.people.models import Mention
from safeguarding.records.events import records_stored
from safeguarding.records.models import ImportBatch, Record, RecordVersion
from safeguarding.records.parsing import (
    IDENTITY_FIELDS,
    MAX_PROBLEMS,
    SUBJECT_TEXT,
    Checker,
    ParsedRecord,
    Problem,
    _stream,
    check_file,
    duplicate_problem,
)

CHUNK = 2000

__all__ = ["ImportRejected", "ImportResult", "import_file", "import_records", "store_record"]


class ImportRejected(Exception):
    """A file or request was refused; nothing of it was stored. `problems` lists every reason."""

    def __init__(self, problems: Sequence[Problem], source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{self.source or 'The input'} was refused ({count} problem{'s' if count != 1 else ''}); nothing was imported."
        return "\n".join([head, *(str(p) for p in self.problems)])


@dataclass
class ImportResult:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Every record of the input, and the ones created or changed (compact: a million ids is 8 MB).
    record_ids: array = field(default_factory=lambda: array("q"))
    changed_ids: array = field(default_factory=lambda: array("q"))
    batch_id: int | None = None

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        return (
            f"{self.source}: {self.total:,} records: {self.created:,} new, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged"
        )


class _Refused(Exception):
    pass


def import_file(
    path: Path | str,
    *,
    user: Any = None,
    link: bool = True,
    notify: bool | None = None,
    progress: bool = False,
    display: str | None = None,
) -> ImportResult:
    """Import one file in the chronology format, all or nothing; raise ImportRejected if refused.

    With link=False (or notify=False) records_stored is not sent: for bulk loads that run
    linkage over everyone afterwards.
    """
    notify = link if notify is None else notify
    path = Path(path)
    display = display or str(path)
    fmt, lines, problems = check_file(path, display)
    if problems:
        _audit_refusal(display, fmt, problems, user)
        raise ImportRejected(problems, display)
    items = _stream(path, fmt, display, Checker())
    return _import(
        items, source=display, fmt=fmt, user=user, notify=notify, total=lines or None,
        progress=progress, unit="row" if fmt == "xlsx" else "line",
    )  # fmt: skip


def import_records(
    items: Iterable[ParsedRecord | Problem],
    *,
    source: str,
    fmt: str = "api",
    user: Any = None,
    api_token: Any = None,
    detail: dict[str, Any] | None = None,
    notify: bool = True,
) -> ImportResult:
    """Import records already read (the API), all or nothing, as import_file does for a file."""
    return _import(
        items, source=source, fmt=fmt, user=user, notify=notify, total=None, progress=False,
        unit="record", detail=detail, api_token=api_token,
    )  # fmt: skip


def store_record(
    data: dict[str, Any], *, source: str = "api", line: int | None = None, notify: bool = True
) -> tuple[Record, str]:
    """Store one record dict in the chronology format; return it and "created"/"updated"/"unchanged".

    For code that builds records itself (replays, tests, other apps). The record is checked like
    any import; a bad one raises ImportRejected.
    """
    record, problems = Checker().check(data, file=source, line=line or 0, raw=orjson.dumps(data).decode())
    if record is None:
        raise ImportRejected(problems, source)
    with transaction.atomic():
        store = _Store(None, display=source, unit="line")
        store.write([record])
        if notify and store.changed_ids:
            ids = list(store.changed_ids)
            transaction.on_commit(lambda: records_stored.send(sender=Record, record_ids=ids))
    status = "created" if store.created else "updated" if store.updated else "unchanged"
    return Record.objects.get(pk=store.record_ids[0]), status


def _import(
    items: Iterable[ParsedRecord | Problem],
    *,
    source: str,
    fmt: str,
    user: Any,
    notify: bool,
    total: int | None,
    progress: bool,
    unit: str,
    detail: dict[str, Any] | None = None,
    api_token: Any = None,
) -> ImportResult:
    problems: list[Problem] = []
    actor = user if getattr(user, "pk", None) else None
    bar = tqdm(
        total=total, desc=Path(source).name[:30], unit=" records", file=sys.stderr, disable=not progress,
        mininterval=0.5, leave=False, dynamic_ncols=True,
    )  # fmt: skip
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                source=source[:500], format=fmt, submitted_by=actor, api_token=api_token
            )
            store = _Store(batch, display=source, unit=unit)
            chunk: list[ParsedRecord] = []
            for item in items:
                if isinstance(item, Problem):
                    problems.append(item)
                    if len(problems) >= MAX_PROBLEMS:
                        problems.append(
                            Problem(
                                source,
                                None,
                                "",
                                f"stopped after {MAX_PROBLEMS} problems: is this the right file?",
                            )
                        )
                        break
                    continue
                chunk.append(item)
                if len(chunk) >= CHUNK:
                    problems.extend(store.write(chunk))
                    bar.update(len(chunk))
                    chunk = []
            if chunk:
                problems.extend(store.write(chunk))
                bar.update(len(chunk))
            if problems:
                raise _Refused
            batch.created_count, batch.updated_count = store.created, store.updated
            batch.unchanged_count = store.unchanged
            batch.save(update_fields=["created_count", "updated_count", "unchanged_count"])
            log_action(
                "records_imported",
                actor=user,
                target=batch,
                detail={
                    "source": source, "format": fmt, "created": store.created, "updated": store.updated,
                    "unchanged": store.unchanged, **(detail or {}),
                },
            )  # fmt: skip
            if notify and store.changed_ids:
                changed = list(store.changed_ids)
                transaction.on_commit(lambda: records_stored.send(sender=ImportBatch, record_ids=changed))
    except _Refused:
        _audit_refusal(source, fmt, problems, user, detail)
        raise ImportRejected(problems, source) from None
    finally:
        bar.close()
    return ImportResult(
        source=source, created=store.created, updated=store.updated, unchanged=store.unchanged,
        record_ids=store.record_ids, changed_ids=store.changed_ids, batch_id=batch.pk,
    )  # fmt: skip


def _audit_refusal(
    source: str, fmt: str, problems: list[Problem], user: Any, detail: dict[str, Any] | None = None
) -> None:
    log_action(
        "records_import_refused",
        actor=user,
        detail={
            "source": source, "format": fmt, "problems": len(problems),
            "first": [str(p) for p in problems[:5]], **(detail or {}),
        },
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _key_digest(key: tuple[str, str]) -> int:
    return hash(key)


class _Store:
    """Writes chunks of checked records into one open transaction."""

    def __init__(self, batch: ImportBatch | None, *, display: str, unit: str) -> None:
        from safeguarding.agencies.models import Agency

        self.batch_id = batch.pk if batch is not None else None
        self.display, self.unit = display, unit
        self.db = router.db_for_write(Record)
        self.connection = connections[self.db]
        self.vendor = self.connection.vendor
        self.agency_ids: dict[str, int] = dict(Agency.objects.values_list("code", "id"))
        self.now = timezone.now()
        self.created = self.updated = self.unchanged = 0
        self.record_ids: array = array("q")
        self.changed_ids: array = array("q")
        # Unchanged records are not written, so a later different copy in the same file cannot be
        # caught through the database: remember them (key digest -> content digest).
        self._unchanged_seen: dict[int, int] = {}
        self._next_id: int | None = None
        self._record_columns, self._record_extra = _columns(Record, _RECORD_KNOWN, self.connection)
        self._mention_columns, self._mention_extra = _columns(Mention, _MENTION_KNOWN, self.connection)

    # -- the chunk -------------------------------------------------------------------------------

    def write(self, chunk: list[ParsedRecord]) -> list[Problem]:
        problems: list[Problem] = []
        unique: dict[tuple[str, str], ParsedRecord] = {}
        for rec in chunk:
            first = unique.get(rec.key)
            if first is None:
                unique[rec.key] = rec
            elif first.content_hash != rec.content_hash:
                problems.append(duplicate_problem(self.display, rec, first.line, self.unit))
        existing = self._existing(list(unique))
        creates: list[ParsedRecord] = []
        updates: list[tuple[tuple, ParsedRecord]] = []
        for key, rec in unique.items():
            old = existing.get(key)
            digest = _key_digest(key)
            seen_hash = self._unchanged_seen.get(digest)
            if seen_hash is not None:
                if seen_hash != hash(rec.content_hash):
                    problems.append(duplicate_problem(self.display, rec, None, self.unit))
                continue
            if old is None:
                creates.append(rec)
                continue
            rid, old_hash, _version, batch_id, line = old
            if self.batch_id is not None and batch_id == self.batch_id:
                # Written earlier in this same import: a repeat of the record in the file.
                if old_hash != rec.content_hash:
                    problems.append(duplicate_problem(self.display, rec, line, self.unit))
                continue
            self.record_ids.append(rid)
            if old_hash == rec.content_hash:
                self.unchanged += 1
                if self.batch_id is not None:
                    self._unchanged_seen[digest] = hash(rec.content_hash)
            else:
                updates.append((old, rec))
        if creates:
            self._create(creates)
        if updates:
            self._update(updates)
        return problems

    def _existing(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple]:
        by_agency: dict[str, list[str]] = defaultdict(list)
        for agency, record_id in keys:
            by_agency[agency].append(record_id)
        found: dict[tuple[str, str], tuple] = {}
        for agency, record_ids in by_agency.items():
            rows = (
                Record.objects.using(self.db)
                .filter(agency_id=self.agency_ids[agency], record_id__in=record_ids)
                .values_list("record_id", "id", "content_hash", "version", "batch_id", "source_line")
            )
            for record_id, *rest in rows:
                found[(agency, record_id)] = tuple(rest)
        return found

    # -- new records -----------------------------------------------------------------------------

    def _allocate_ids(self, count: int) -> list[int]:
        table = Record._meta.db_table
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            if self._next_id is None:
                # The transaction already holds SQLite's write lock (the batch row, or the first
                # insert below), so no other writer can take these ids in between.
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
                highest = cursor.fetchone()[0]
                if self.vendor == "sqlite":
                    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                    row = cursor.fetchone()
                    highest = max(highest, row[0] if row else 0)
                self._next_id = highest + 1
            first = self._next_id
            self._next_id += count
            return list(range(first, first + count))

    def _create(self, records: list[ParsedRecord]) -> None:
        if self.vendor == "sqlite" and self._next_id is None:
            # Take the write lock before reading the highest id (store_record has no batch row).
            with self.connection.cursor() as cursor:
                cursor.execute(f"UPDATE {Record._meta.db_table} SET id = id WHERE 0")  # noqa: S608
        ids = self._allocate_ids(len(records))
        when = self._when
        now = when(self.now)
        record_rows, mention_rows = [], []
        extra_r, extra_m = self._record_extra, self._mention_extra
        batch_id = self.batch_id
        for rid, rec in zip(ids, records, strict=True):
            data = rec.data
            record_rows.append(
                (
                    rid, self.agency_ids[data["agency"]], data["record_id"], data["type"], data["occurred"],
                    rec.occurred_precision, when(rec.occurred_start), when(rec.recorded),
                    data.get("location", ""), data.get("summary", ""), data.get("outcome", ""),
                    _json(data.get("tags", [])), _json(data["risk"]) if "risk" in data else None,
                    _json(data.get("links", {})), _json(data.get("relationships", [])), rec.raw,
                    rec.content_hash, 1, batch_id, rec.line or None, now, now, False, *extra_r,
                )
            )  # fmt: skip
            for subject in data["subjects"]:
                values = _mention_values(subject)
                mention_rows.append((rid, *values[:-1], _json(values[-1]), None, None, False, *extra_m))
        self._insert(Record, self._record_columns, record_rows)
        if mention_rows:
            self._insert(Mention, self._mention_columns, mention_rows)
        self.created += len(records)
        self.record_ids.extend(ids)
        self.changed_ids.extend(ids)

    def _when(self, value: datetime) -> Any:
        if self.vendor == "postgresql":
            return value
        # How Django's SQLite backend stores an aware datetime: naive UTC text.
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")

    def _insert(self, model: Any, columns: list[str], rows: list[tuple]) -> None:
        table = model._meta.db_table
        names = ", ".join(self.connection.ops.quote_name(c) for c in columns)
        self.connection.ensure_connection()
        raw = self.connection.connection
        if self.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        elif self.vendor == "sqlite":
            marks = ", ".join("?" for _ in columns)
            raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
        else:
            marks = ", ".join("%s" for _ in columns)
            with self.connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608

    # -- changed records -------------------------------------------------------------------------

    def _update(self, updates: list[tuple[tuple, ParsedRecord]]) -> None:
        ids = [old[0] for old, _ in updates]
        raws = dict(Record.objects.using(self.db).filter(id__in=ids).values_list("id", "raw"))
        RecordVersion.objects.using(self.db).bulk_create(
            RecordVersion(
                record_id=rid, version=version, raw=raws[rid], content_hash=old_hash, batch_id=batch_id
            )
            for (rid, old_hash, version, batch_id, _line), _rec in updates
        )
        changed = []
        for (rid, _hash, version, _batch, _line), rec in updates:
            data = rec.data
            changed.append(
                Record(
                    id=rid, type=data["type"], occurred=data["occurred"],
                    occurred_precision=rec.occurred_precision, occurred_start=rec.occurred_start,
                    recorded=rec.recorded, location=data.get("location", ""), summary=data.get("summary", ""),
                    outcome=data.get("outcome", ""), tags=data.get("tags", []), risk=data.get("risk"),
                    links=data.get("links", {}), relationships=data.get("relationships", []), raw=rec.raw,
                    content_hash=rec.content_hash, version=version + 1, batch_id=self.batch_id,
                    source_line=rec.line or None, updated_at=self.now,
                )
            )  # fmt: skip
        Record.objects.using(self.db).bulk_update(changed, _UPDATED_FIELDS, batch_size=500)
        self._update_mentions(updates)
        self.updated += len(updates)
        self.record_ids.extend(ids)
        self.changed_ids.extend(ids)

    def _update_mentions(self, updates: list[tuple[tuple, ParsedRecord]]) -> None:
        """Update subjects in place by ref: a mention keeps its person unless who it is changed."""
        current: dict[int, dict[str, Mention]] = defaultdict(dict)
        for mention in Mention.objects.using(self.db).filter(record_id__in=[old[0] for old, _ in updates]):
            current[mention.record_id][mention.ref] = mention
        to_update: list[Mention] = []
        to_create: list[Mention] = []
        to_delete: list[int] = []
        for (rid, *_), rec in updates:
            existing = current.get(rid, {})
            refs = set()
            for subject in rec.data["subjects"]:
                refs.add(subject["ref"])
                values = dict(zip(_MENTION_FIELDS, _mention_values(subject), strict=True))
                found = existing.get(subject["ref"])
                if found is None:
                    to_create.append(Mention(record_id=rid, **values))
                    continue
                mention = found
                identity_changed = any(getattr(mention, f) != values[f] for f in IDENTITY_FIELDS)
                if not identity_changed and mention.role == values["role"]:
                    continue
                for name, value in values.items():
                    setattr(mention, name, value)
                if identity_changed:
                    # Linkage must look at this mention again.
                    mention.person = None
                    mention.match_probability = None
                to_update.append(mention)
            to_delete.extend(m.pk for ref, m in existing.items() if ref not in refs)
        manager = Mention.objects.using(self.db)
        if to_delete:
            manager.filter(pk__in=to_delete).delete()
        if to_update:
            manager.bulk_update(
                to_update, [*_MENTION_FIELDS[1:], "person", "match_probability"], batch_size=500
            )
        if to_create:
            manager.bulk_create(to_create)


_RECORD_KNOWN = [
    "id", "agency_id", "record_id", "type", "occurred", "occurred_precision", "occurred_start", "recorded",
    "location", "summary", "outcome", "tags", "risk", "links", "relationships", "raw", "content_hash",
    "version", "batch_id", "source_line", "imported_at", "updated_at", "is_confidential",
]  # fmt: skip
_UPDATED_FIELDS = [
    "type", "occurred", "occurred_precision", "occurred_start", "recorded", "location", "summary",
    "outcome", "tags", "risk", "links", "relationships", "raw", "content_hash", "version", "batch",
    "source_line", "updated_at",
]  # fmt: skip
_MENTION_FIELDS = ["ref", "role", *SUBJECT_TEXT, "ids"]
_MENTION_KNOWN = [
    "record_id", *_MENTION_FIELDS, "person_id", "match_probability", "is_confidential_address",
]  # fmt: skip


def _mention_values(subject: dict[str, Any]) -> tuple:
    return (
        subject["ref"], subject["role"], subject.get("name", ""), subject.get("dob", ""),
        subject.get("gender", ""), subject.get("address", ""), subject.get("postcode", ""),
        subject.get("ids", {}),
    )  # fmt: skip


def _columns(model: Any, known: list[str], connection: Any) -> tuple[list[str], tuple]:
    """The insert columns: the ones this module fills, then any another app's migration added.

    Columns added later (with a default) get that default, so a new field elsewhere does not
    break the bulk insert.
    """
    fields = {f.column: f for f in model._meta.concrete_fields}
    extra_columns = [c for c, f in fields.items() if c not in known and not f.primary_key]
    extra_values = []
    for column in extra_columns:
        f = fields[column]
        value = f.get_db_prep_save(f.get_default(), connection)
        if isinstance(value, dict | list):
            value = _json(value)
        extra_values.append(value)
    present = [c for c in known if c in fields]
    if present != known:
        raise RuntimeError(f"{model.__name__} lacks columns the importer writes: {set(known) - set(present)}")
    return known + extra_columns, tuple(extra_values)
