"""Storing records: all or nothing per file, history kept, fast enough for a million records.

A file is read once, as a stream. Each chunk of checked records is written inside one
transaction while the rest of the file is still being checked; if any problem turns up, the
transaction is rolled back, so a refused file leaves nothing behind, and a good file is not
read twice. Lookups of existing records are batched per chunk, inserts go in bulk (PostgreSQL
COPY, SQLite executemany in one large transaction), and only records whose content changed are
written again, with the previous version kept in RecordVersion.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from django.conf import settings
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
    check_items,
    duplicate_problem,
    jsonl_lines,
)

CHUNK = 2000
# Below this many lines a file is checked in this process: starting workers costs more than it saves.
DEFAULT_PARALLEL_FROM = 20_000

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
    workers = _workers()
    if fmt == "jsonl" and workers > 0 and lines >= _parallel_from():

        def source(maker: RowMaker) -> Iterator[Prepared | Problem]:
            return _parallel_jsonl(path, display, maker, workers)

    else:

        def source(maker: RowMaker) -> Iterator[Prepared | Problem]:
            return _prepared(_stream(path, fmt, display, Checker()), maker)

    return _import(
        source, source_name=display, fmt=fmt, user=user, notify=notify, total=lines or None,
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
        lambda maker: _prepared(items, maker), source_name=source, fmt=fmt, user=user, notify=notify,
        total=None, progress=False, unit="record", detail=detail, api_token=api_token,
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
        store.write([store.maker(record)])
        if notify and store.changed_ids:
            ids = list(store.changed_ids)
            transaction.on_commit(lambda: records_stored.send(sender=Record, record_ids=ids))
    status = "created" if store.created else "updated" if store.updated else "unchanged"
    return Record.objects.get(pk=store.record_ids[0]), status


def _workers() -> int:
    """Worker processes for large files: by default one per CPU but the one this process writes on."""
    configured = int(getattr(settings, "SAFEGUARDING_IMPORT_WORKERS", -1))
    return configured if configured >= 0 else min(max((os.cpu_count() or 1) - 1, 1), 4)


def _parallel_from() -> int:
    return int(getattr(settings, "SAFEGUARDING_IMPORT_PARALLEL_FROM", DEFAULT_PARALLEL_FROM))


def _import(
    source: Callable[[RowMaker], Iterator[Prepared | Problem]],
    *,
    source_name: str,
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
    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked below
    bar = tqdm(
        total=total, desc=Path(source_name).name[:30], unit=" records", file=sys.stderr, disable=not progress,
        mininterval=0.5, leave=False, dynamic_ncols=True,
    )  # fmt: skip
    try:
        with _foreign_key_checks_off(), transaction.atomic():
            batch = ImportBatch.objects.create(
                source=source_name[:500], format=fmt, submitted_by=actor, api_token=api_token
            )
            store = _Store(batch, display=source_name, unit=unit)
            chunk: list[Prepared] = []
            for item in source(store.maker):
                if isinstance(item, Problem):
                    problems.append(item)
                    if len(problems) >= MAX_PROBLEMS:
                        problems.append(
                            Problem(
                                source_name,
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
            if not problems and not store.seen:
                problems.append(Problem(source_name, None, "", "has no records"))
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
                    "source": source_name, "format": fmt, "created": store.created, "updated": store.updated,
                    "unchanged": store.unchanged, **(detail or {}),
                },
            )  # fmt: skip
            if notify and store.changed_ids:
                changed = list(store.changed_ids)
                transaction.on_commit(lambda: records_stored.send(sender=ImportBatch, record_ids=changed))
    except _Refused:
        _audit_refusal(source_name, fmt, problems, user, detail)
        raise ImportRejected(problems, source_name) from None
    finally:
        bar.close()
    return ImportResult(
        source=source_name, created=store.created, updated=store.updated, unchanged=store.unchanged,
        record_ids=store.record_ids, changed_ids=store.changed_ids, batch_id=batch.pk,
    )  # fmt: skip


@contextmanager
def _foreign_key_checks_off() -> Iterator[None]:
    """On SQLite, skip checking each inserted row's foreign keys, where that is possible.

    Every key the importer writes is right by construction (agencies looked up, the batch just
    made, mentions pointing at records inserted just before them), and the checks cost a sixth
    of an insert. SQLite can only switch them off outside a transaction, so an import inside a
    caller's transaction keeps them.
    """
    connection = connections[router.db_for_write(Record)]
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.constraint_checks_disabled():
            yield
    else:
        yield


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
# Rows: a checked record turned into what the database takes, in this process or a worker


class Prepared(NamedTuple):
    agency: str
    record_id: str
    content_hash: str
    line: int
    raw: str
    row: Any  # the record's columns after its id: a tuple, or COPY text for PostgreSQL
    mentions: list  # each subject's columns after the record's id
    record: ParsedRecord | None  # None when a worker process prepared it (read again from raw if needed)

    @property
    def key(self) -> tuple[str, str]:
        return (self.agency, self.record_id)


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.translate(_COPY_ESCAPES)
    return text


class RowMaker:
    """Builds database rows from checked records; sent to worker processes, so it holds only plain data."""

    def __init__(
        self, vendor: str, agency_ids: dict[str, int], batch_id: int | None, now: datetime,
        record_extra: tuple, mention_extra: tuple,
    ) -> None:  # fmt: skip
        self.copy = vendor == "postgresql"
        self.agency_ids = agency_ids
        self.batch_id = batch_id
        self.now = self.when(now)
        self.record_extra = record_extra
        self.mention_extra = mention_extra
        if self.copy:
            self.record_extra_text = "".join("\t" + _copy_text(v) for v in record_extra)
            self.mention_extra_text = "".join("\t" + _copy_text(v) for v in mention_extra)

    def when(self, value: datetime) -> Any:
        if self.copy:
            return value
        # How Django's SQLite backend stores an aware datetime: naive UTC text.
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")

    def __call__(self, rec: ParsedRecord, keep: bool = True) -> Prepared:
        data = rec.data
        when = self.when
        values = (
            self.agency_ids[data["agency"]], data["record_id"], data["type"], data["occurred"],
            rec.occurred_precision, when(rec.occurred_start), when(rec.recorded),
            data.get("location", ""), data.get("summary", ""), data.get("outcome", ""),
            _json(data.get("tags", [])), _json(data["risk"]) if "risk" in data else None,
            _json(data.get("links", {})), _json(data.get("relationships", [])), rec.raw,
            rec.content_hash, 1, self.batch_id, rec.line or None, self.now, self.now, False,
        )  # fmt: skip
        mentions: list[Any] = []
        for subject in data["subjects"]:
            m = (*_mention_values(subject)[:-1], _json(subject.get("ids", {})), None, None, False)
            if self.copy:
                mentions.append("\t".join(map(_copy_text, m)) + self.mention_extra_text + "\n")
            else:
                mentions.append((*m, *self.mention_extra))
        if self.copy:
            row: Any = "\t".join(map(_copy_text, values)) + self.record_extra_text + "\n"
        else:
            row = (*values, *self.record_extra)
        return Prepared(
            data["agency"],
            data["record_id"],
            rec.content_hash,
            rec.line,
            rec.raw,
            row,
            mentions,
            rec if keep else None,
        )


def _prepared(items: Iterable[ParsedRecord | Problem], maker: RowMaker) -> Iterator[Prepared | Problem]:
    for item in items:
        yield item if isinstance(item, Problem) else maker(item)


# Worker processes: each checks chunks of lines and returns rows, in file order.
_worker_state: dict[str, Any] = {}


def _worker_start(agency_codes: frozenset[str], maker: RowMaker, display: str) -> None:
    _worker_state.update(checker=Checker(agency_codes), maker=maker, display=display)


def _worker_chunk(first: int, lines: list[bytes]) -> list[Prepared | Problem]:
    checker, maker, display = _worker_state["checker"], _worker_state["maker"], _worker_state["display"]
    out: list[Prepared | Problem] = []
    numbered = enumerate(lines, start=first)
    for item in check_items(jsonl_lines(numbered, display), "jsonl", display, checker):
        out.append(item if isinstance(item, Problem) else maker(item, keep=False))
    return out


def _parallel_jsonl(path: Path, display: str, maker: RowMaker, workers: int) -> Iterator[Prepared | Problem]:
    """Check a large JSON Lines file in worker processes while this one writes to the database.

    At most a few chunks are in flight, so memory stays flat however long the file is.
    """
    checker = Checker()
    context = multiprocessing.get_context("fork")
    with context.Pool(
        workers, initializer=_worker_start, initargs=(checker.agencies, maker, display)
    ) as pool:
        pending: deque = deque()
        with path.open("rb") as f:
            first = 1
            while lines := list(islice(f, CHUNK)):
                pending.append(pool.apply_async(_worker_chunk, (first, lines)))
                first += len(lines)
                if len(pending) > workers * 2 + 1:
                    yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _key_digest(key: tuple[str, str]) -> int:
    return hash(key)


class _Store:
    """Writes chunks of prepared records into one open transaction."""

    def __init__(self, batch: ImportBatch | None, *, display: str, unit: str) -> None:
        from safeguarding.agencies.models import Agency

        self.batch_id = batch.pk if batch is not None else None
        self.display, self.unit = display, unit
        self.db = router.db_for_write(Record)
        self.connection = connections[self.db]
        self.vendor = self.connection.vendor
        self.agency_ids: dict[str, int] = dict(Agency.objects.using(self.db).values_list("code", "id"))
        self.now = timezone.now()
        self.created = self.updated = self.unchanged = self.seen = 0
        self.record_ids: array = array("q")
        self.changed_ids: array = array("q")
        # Unchanged records are not written, so a later different copy in the same file cannot be
        # caught through the database: remember them (key digest -> content digest).
        self._unchanged_seen: dict[int, int] = {}
        self._next_id: int | None = None
        self._checker: Checker | None = None
        self._record_columns, record_extra = _columns(Record, _RECORD_KNOWN, self.connection)
        self._mention_columns, mention_extra = _columns(Mention, _MENTION_KNOWN, self.connection)
        self.maker = RowMaker(
            self.vendor, self.agency_ids, self.batch_id, self.now, record_extra, mention_extra
        )
        if self.vendor == "sqlite" and batch is not None:
            with self.connection.cursor() as cursor:
                # A bigger page cache for this import's connection: the date indexes take inserts in
                # random order, and re-reading their pages is what slows a large SQLite import.
                cursor.execute("PRAGMA cache_size = -131072")

    # -- the chunk -------------------------------------------------------------------------------

    def write(self, chunk: list[Prepared]) -> list[Problem]:
        problems: list[Problem] = []
        self.seen += len(chunk)
        unique: dict[tuple[str, str], Prepared] = {}
        for rec in chunk:
            first = unique.get(rec.key)
            if first is None:
                unique[rec.key] = rec
            elif first.content_hash != rec.content_hash:
                problems.append(self._duplicate(rec, first.line))
        existing = self._existing(list(unique))
        creates: list[Prepared] = []
        updates: list[tuple[tuple, Prepared]] = []
        for key, rec in unique.items():
            old = existing.get(key)
            digest = _key_digest(key)
            seen_hash = self._unchanged_seen.get(digest)
            if seen_hash is not None:
                if seen_hash != hash(rec.content_hash):
                    problems.append(self._duplicate(rec, None))
                continue
            if old is None:
                creates.append(rec)
                continue
            rid, old_hash, _version, batch_id, line = old
            if self.batch_id is not None and batch_id == self.batch_id:
                # Written earlier in this same import: a repeat of the record in the file.
                if old_hash != rec.content_hash:
                    problems.append(self._duplicate(rec, line))
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

    def _duplicate(self, rec: Prepared, first_line: int | None) -> Problem:
        return duplicate_problem(self.display, self._parsed(rec), first_line, self.unit)

    def _parsed(self, rec: Prepared) -> ParsedRecord:
        """The checked record, read again from its line if a worker process prepared it."""
        if rec.record is not None:
            return rec.record
        if self._checker is None:
            self._checker = Checker(self.agency_ids)
        parsed, _ = self._checker.check(orjson.loads(rec.raw), file=self.display, line=rec.line, raw=rec.raw)
        assert parsed is not None, "a record that passed its checks in a worker passes them again"
        return parsed

    def _existing(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple]:
        by_agency: dict[str, list[str]] = defaultdict(list)
        for agency, record_id in keys:
            by_agency[agency].append(record_id)
        found: dict[tuple[str, str], tuple] = {}
        table = Record._meta.db_table
        with self.connection.cursor() as cursor:
            for agency, record_ids in by_agency.items():
                # Plain SQL: the ORM's per-value work on a 2,000-value IN list costs more than the query.
                marks = ", ".join(["%s"] * len(record_ids))
                cursor.execute(
                    "SELECT record_id, id, content_hash, version, batch_id, source_line "  # noqa: S608
                    f"FROM {table} WHERE agency_id = %s AND record_id IN ({marks})",
                    [self.agency_ids[agency], *record_ids],
                )
                for record_id, *rest in cursor.fetchall():
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
                # The transaction already holds SQLite's write lock (see _create), so no other
                # writer can take these ids in between.
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

    def _create(self, records: list[Prepared]) -> None:
        if self.vendor == "sqlite" and self._next_id is None:
            # Take the write lock before reading the highest id.
            with self.connection.cursor() as cursor:
                cursor.execute(f"UPDATE {Record._meta.db_table} SET id = id WHERE 0")  # noqa: S608
        ids = self._allocate_ids(len(records))
        if self.vendor == "postgresql":
            record_rows: list = [f"{rid}\t{rec.row}" for rid, rec in zip(ids, records, strict=True)]
            mention_rows: list = [
                f"{rid}\t{m}" for rid, rec in zip(ids, records, strict=True) for m in rec.mentions
            ]
        else:
            record_rows = [(rid, *rec.row) for rid, rec in zip(ids, records, strict=True)]
            mention_rows = [(rid, *m) for rid, rec in zip(ids, records, strict=True) for m in rec.mentions]
        self._insert(Record, self._record_columns, record_rows)
        if mention_rows:
            self._insert(Mention, self._mention_columns, mention_rows)
        self.created += len(records)
        self.record_ids.extend(ids)
        self.changed_ids.extend(ids)

    def _insert(self, model: Any, columns: list[str], rows: list) -> None:
        table = model._meta.db_table
        names = ", ".join(self.connection.ops.quote_name(c) for c in columns)
        self.connection.ensure_connection()
        raw = self.connection.connection
        if self.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                copy.write("".join(rows))
        elif self.vendor == "sqlite":
            marks = ", ".join("?" for _ in columns)
            raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
        else:
            marks = ", ".join("%s" for _ in columns)
            with self.connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608

    # -- changed records -------------------------------------------------------------------------

    def _update(self, prepared: list[tuple[tuple, Prepared]]) -> None:
        updates = [(old, self._parsed(rec)) for old, rec in prepared]
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
        value = f.get_default()
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = timezone.now()
        if isinstance(value, dict | list):
            value = _json(value)
        elif isinstance(value, datetime):
            value = (
                value
                if connection.vendor == "postgresql"
                else connection.ops.adapt_datetimefield_value(value)
            )
        else:
            value = f.get_db_prep_save(value, connection)
        extra_values.append(value)
    present = [c for c in known if c in fields]
    if present != known:
        raise RuntimeError(f"{model.__name__} lacks columns the importer writes: {set(known) - set(present)}")
    return known + extra_columns, tuple(extra_values)
