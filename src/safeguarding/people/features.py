"""The comparable form of a subject mention: what the linkage model compares, field by field.

Both the Splink run (as table columns) and the incremental scorer (as Python values) use these
features, so that the two can never disagree about what "the same surname" means.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from safeguarding.people.naming import parse_name

# Columns the model compares, in the order of the Splink input table.
FEATURE_COLUMNS = [
    "given", "initial", "surname", "given_ph", "surname_ph", "name_key", "given_written",
    "dob", "dob_year", "dob_swapped", "dob_placeholder",
    "gender", "addr_key", "addr_street", "postcode", "pc_sector", "nhs", "pnc", "role_group",
]  # fmt: skip

_DOB_FULL = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_DOB_UK = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DOB_PART = re.compile(r"^(\d{4})(?:-(\d{2}))?$")

_ADDRESS_ABBREVIATIONS = {
    "rd": "road", "st": "street", "cl": "close", "ave": "avenue", "av": "avenue", "ln": "lane",
    "dr": "drive", "cres": "crescent", "ct": "court", "pl": "place", "sq": "square", "gdns": "gardens",
    "gro": "grove", "ter": "terrace", "terr": "terrace", "hse": "house", "wk": "walk",
}  # fmt: skip
# Words that say what kind of dwelling, not where: skipped when finding the street or building.
_DWELLING = frozenset(
    [
        "flat",
        "apartment",
        "apt",
        "unit",
        "room",
        "bungalow",
        "maisonette",
        "house",
        "no",
        "number",
        "the",
        "first",
        "second",
        "ground",
        "floor",
    ]
)
# Markers that the address is withheld or absent: no usable evidence.
_NO_ADDRESS = re.compile(r"^\s*(confidential|withheld|nfa\b|no fixed abode|not known|unknown|n/?k\b)", re.I)
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b")

# Roles in which a person is recorded as the one harmed, or as the one harming, or as a child.
_ROLE_GROUPS = {
    "victim": "victim", "client": "victim", "patient": "victim",
    "alleged_perpetrator": "perpetrator", "offender": "perpetrator",
    "child": "child",
}  # fmt: skip


def parse_dob(raw: str | None) -> tuple[str | None, str | None, str | None, bool]:
    """(full ISO date, year, day-month swapped date, is a 1 January placeholder)."""
    if not raw:
        return None, None, None, False
    raw = raw.strip()
    m = _DOB_FULL.match(raw)
    if m:
        year, month, day = m.groups()
    else:
        uk = _DOB_UK.match(raw)
        if uk:
            day, month, year = uk.group(1).zfill(2), uk.group(2).zfill(2), uk.group(3)
        else:
            part = _DOB_PART.match(raw)
            return (None, part.group(1), None, False) if part else (None, None, None, False)
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None, year, None, False
    full = f"{year}-{month}-{day}"
    swapped = f"{year}-{day}-{month}" if int(day) <= 12 and day != month else None
    return full, year, swapped, (month, day) == ("01", "01")


def normalise_postcode(raw: str | None) -> tuple[str | None, str | None]:
    """(postcode without spaces, sector: outward code and the first digit of the inward code)."""
    if not raw:
        return None, None
    m = _POSTCODE.search(raw.upper())
    if not m:
        return None, None
    outward, inward = m.groups()
    return outward + inward, f"{outward} {inward[0]}"


_UK_OUTWARD = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?")


def _postcode_as_written(raw: str) -> str | None:
    """A postcode field in another country's form ("2615", "D02 X285") compared as written,
    without spaces; no sector, which is a UK notion. A UK district alone ("EX2") is not a
    postcode: thousands of people share it."""
    text = re.sub(r"[^0-9A-Z]", "", raw.upper())
    if not 3 <= len(text) <= 10 or not any(c.isdigit() for c in text) or _UK_OUTWARD.fullmatch(text):
        return None
    return text


def address_keys(raw: str | None) -> tuple[str | None, str | None, str | None]:
    """(numbered key "7|kestrel", street or building "kestrel", postcode found in the address)."""
    if not raw or _NO_ADDRESS.match(raw):
        return None, None, None
    text = re.sub(r"\([^)]*\)", " ", raw)
    postcode, _ = normalise_postcode(text)
    text = _POSTCODE.sub(" ", text.upper()).lower()
    words = [_ADDRESS_ABBREVIATIONS.get(w, w) for w in re.findall(r"[a-z]+|\d+[a-z]?", text)]
    numbers = [w for w in words if w[0].isdigit()]
    street = next((w for w in words if not w[0].isdigit() and w not in _DWELLING and len(w) > 1), None)
    if street is None:
        return None, None, postcode
    key = "-".join(numbers[:2]) + "|" + street if numbers else None
    return key, street, postcode


def _clean_id(value: Any, digits_only: bool) -> str | None:
    if value is None:
        return None
    text = str(value).upper()
    text = re.sub(r"\D", "", text) if digits_only else re.sub(r"[^0-9A-Z]", "", text)
    return text or None


def mention_features(
    *,
    name: str | None,
    dob: str | None,
    gender: str | None,
    address: str | None,
    postcode: str | None,
    ids: dict[str, Any] | None,
    role: str | None = None,
) -> dict[str, Any]:
    """The feature columns of one mention (None where the mention does not say). A fresh dict."""
    return dict(
        _features(
            name or "", dob or "", gender or "", address or "", postcode or "", _id_items(ids), role or ""
        )
    )


@lru_cache(maxsize=100_000)
def _features(
    name: str,
    dob: str,
    gender: str,
    address: str,
    postcode: str,
    id_items: tuple[tuple[str, str], ...],
    role: str,
) -> dict[str, Any]:
    values = (
        *name_part(name),
        *dob_part(dob),
        gender_part(gender),
        *address_part(address, postcode),
        *ids_part(id_items),
        role_part(role),
    )
    return dict(zip(FEATURE_COLUMNS, values, strict=True))


# Each recorded field's share of the feature columns, in FEATURE_COLUMNS order. A frame of many
# mentions computes each distinct value once (`feature_frame`); one mention goes through the same
# functions, so the two can never disagree.
@lru_cache(maxsize=200_000)
def name_part(name: str) -> tuple[Any, ...]:
    """given, initial, surname, given_ph, surname_ph, name_key, given_written"""
    p = parse_name(name)
    return p.given, p.initial, p.surname, p.given_ph, p.surname_ph, p.name_key, p.given_written


@lru_cache(maxsize=100_000)
def dob_part(dob: str) -> tuple[Any, ...]:
    """dob, dob_year, dob_swapped, dob_placeholder"""
    return parse_dob(dob)


def gender_part(gender: str) -> str | None:
    g = gender.strip().lower()[:1] or None
    return g if g in ("f", "m") else None


@lru_cache(maxsize=200_000)
def address_part(address: str, postcode: str) -> tuple[Any, ...]:
    """addr_key, addr_street, postcode, pc_sector"""
    addr_key, addr_street, pc_from_address = address_keys(address)
    pc, sector = normalise_postcode(postcode or pc_from_address)
    if pc is None and postcode:
        pc = _postcode_as_written(postcode)
    return addr_key, addr_street, pc, sector


def ids_part(id_items: tuple[tuple[str, str], ...]) -> tuple[str | None, str | None]:
    """nhs, pnc"""
    ids = dict(id_items)
    return _clean_id(ids.get("nhs"), digits_only=True), _clean_id(ids.get("pnc"), digits_only=False)


def role_part(role: str) -> str:
    return _ROLE_GROUPS.get(role, "other")


def feature_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The feature columns of many mentions (rows with the recorded fields), one row each.

    Each distinct name, date, address, identifier set... is parsed once and the results are
    spread to the rows by position: the same values as `mention_features` row by row, at a
    fraction of the cost when agencies repeat themselves (they do, record after record).
    """
    columns: list[np.ndarray] = []
    for codes, table in _field_tables(rows):
        columns.extend(table[codes].T)
    frame = pd.DataFrame(dict(zip(FEATURE_COLUMNS, columns, strict=True)))
    frame["dob_placeholder"] = frame["dob_placeholder"].astype(bool)
    return frame


def _id_items(ids: Mapping[Any, Any] | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(k), str(v)) for k, v in ids.items())) if ids else ()


def _field_tables(rows: Iterable[Mapping[str, Any]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per recorded field (in FEATURE_COLUMNS order): each row's code, and the field's feature
    columns for each distinct value (one table row per code)."""
    rows = rows if isinstance(rows, Sequence) else list(rows)
    recorded: dict[str, list[Any]] = {
        "name": [row.get("name") or "" for row in rows],
        "dob": [row.get("dob") or "" for row in rows],
        "gender": [row.get("gender") or "" for row in rows],
        "place": [(row.get("address") or "", row.get("postcode") or "") for row in rows],
        "ids": [_id_items(row.get("ids")) for row in rows],
        "role": [row.get("role") or "" for row in rows],
    }
    parts: list[Any] = [
        ("name", name_part, 7),
        ("dob", dob_part, 4),
        ("gender", gender_part, 1),
        ("place", lambda place: address_part(*place), 4),
        ("ids", ids_part, 2),
        ("role", role_part, 1),
    ]
    out = []
    for field, part, width in parts:
        codes, uniques = pd.factorize(pd.Series(recorded[field], dtype=object))
        table = np.empty((len(uniques), width), dtype=object)
        for i, value in enumerate(uniques):
            result = part(value)
            table[i] = result if width > 1 else (result,)
        out.append((codes.astype(np.int64), table))
    return out


@dataclass
class DistinctFeatures:
    """Many mentions' features, each distinct feature row once (agencies repeat themselves).

    `rows[codes[i]]` is mention i's features: the same values as `mention_features`, one dict
    shared by all the mentions that have it (read it, never change it). Codes number the
    distinct rows in the order they first appear, as pandas' `groupby(sort=False).ngroup()`.
    """

    codes: np.ndarray
    rows: list[dict[str, Any]]


def distinct_features(rows: Sequence[Mapping[str, Any]]) -> DistinctFeatures:
    """The features of many mentions (rows with the recorded fields), by distinct feature row."""
    if not rows:
        return DistinctFeatures(np.zeros(0, dtype=np.int64), [])
    # Per field, the distinct feature values (two spellings of a name can parse alike); a row's
    # features are then its six fields' codes, grouped in numpy.
    parts: list[list[tuple[Any, ...]]] = []
    field_codes = []
    for codes, table in _field_tables(rows):
        seen: dict[tuple[Any, ...], int] = {}
        values = [seen.setdefault(tuple(r), len(seen)) for r in table]
        parts.append(list(seen))
        field_codes.append(np.array(values, dtype=np.int64)[codes])
    grouped = pd.DataFrame(dict(enumerate(field_codes))).groupby(list(range(len(field_codes))), sort=False)
    codes = grouped.ngroup().to_numpy().astype(np.int64)
    first = np.flatnonzero(~pd.Series(codes).duplicated().to_numpy())
    combos = np.stack(field_codes, axis=1)[first].tolist()
    name, dob, gender, place, ids, role = parts
    out = [
        dict(zip(FEATURE_COLUMNS, name[a] + dob[b] + gender[c] + place[d] + ids[e] + role[f], strict=True))
        for a, b, c, d, e, f in combos
    ]
    return DistinctFeatures(codes, out)


def strong_pair_count(features: DistinctFeatures) -> int:
    """How many distinct pairs of the mentions agree on a near-certain rule (`strong_keys`): what
    `StrongPairCounter` counts one mention at a time, by inclusion and exclusion over the rules."""
    keys = [strong_keys(f) for f in features.rows]
    # Per rule, each mention's key (-1 for none); a key names its rule, so one factorisation serves.
    codes, _ = pd.factorize(pd.Series([k for row in keys for k in row], dtype=object))
    by_rule = np.full((len(features.rows), len(STRONG_KEYS)), -1, dtype=np.int64)
    labels = [label for label, _ in STRONG_KEYS]
    at = 0
    for i, row in enumerate(keys):
        for k in row:
            by_rule[i, labels.index(k.split(":", 1)[0])] = codes[at]
            at += 1
    per_mention = by_rule[features.codes]
    base = len(codes) + 1
    total = 0
    for size in range(1, len(STRONG_KEYS) + 1):
        for rules in itertools.combinations(range(len(STRONG_KEYS)), size):
            chosen = per_mention[:, rules]
            chosen = chosen[(chosen >= 0).all(axis=1)]
            if base**size < 2**63:  # one number per combination of keys
                combined = np.zeros(len(chosen), dtype=np.int64)
                for column in chosen.T:
                    combined = combined * base + column
                counts = np.unique(combined, return_counts=True)[1]
            else:
                counts = np.unique(chosen, axis=0, return_counts=True)[1]
            total += (-1) ** (size + 1) * int((counts * (counts - 1) // 2).sum())
    return total


def features_of(mention: Any) -> dict[str, Any]:
    """Features of a Mention (or anything with the same attributes)."""
    return mention_features(
        name=mention.name,
        dob=mention.dob,
        gender=mention.gender,
        address=mention.address,
        postcode=mention.postcode,
        ids=mention.ids,
        role=mention.role,
    )


# Blocking: a pair is compared only when the two mentions share at least one of these keys.
# The same rules drive Splink's `blocking_rules_to_generate_predictions` (see model_spec) and
# the incremental index, so a full run and an incremental one look at the same pairs.
BLOCKING_KEYS: list[tuple[str, tuple[str, ...]]] = [
    ("nhs", ("nhs",)),
    ("pnc", ("pnc",)),
    ("dob", ("dob",)),
    ("surname", ("surname_ph", "initial")),
    ("address", ("addr_key",)),
    ("given_year", ("given", "dob_year")),
    ("given_street", ("given", "addr_street")),
    ("given_postcode", ("given", "postcode")),
    ("surname_street", ("surname_ph", "addr_street")),
]


def blocking_keys(features: dict[str, Any]) -> list[str]:
    keys = []
    for label, columns in BLOCKING_KEYS:
        values = [features.get(c) for c in columns]
        if all(v is not None and v != "" for v in values):
            keys.append(label + ":" + "|".join(str(v) for v in values))
    return keys


# Near-certain rules (Splink's deterministic rules for the prior): pairs agreeing on any of these
# are counted to estimate how likely two mentions of this store are to be one person.
STRONG_KEYS: list[tuple[str, tuple[str, ...]]] = [
    ("nhs", ("nhs",)),
    ("pnc", ("pnc",)),
    ("namedob", ("name_key", "dob")),
]
STRONG_RULES_SQL = ["l.nhs = r.nhs", "l.pnc = r.pnc", "l.name_key = r.name_key AND l.dob = r.dob"]


def strong_keys(features: Mapping[Any, Any]) -> list[str]:
    keys = []
    for label, columns in STRONG_KEYS:
        values = [features.get(c) for c in columns]
        if all(v is not None and v != "" for v in values):
            keys.append(label + ":" + "|".join(str(v) for v in values))
    return keys


class StrongPairCounter:
    """Counts distinct pairs of mentions agreeing on a near-certain rule, one mention at a time."""

    def __init__(self) -> None:
        self.blocks: dict[str, list[int]] = {}
        self.pairs = 0
        self.mentions = 0

    def add(self, mention_id: int, features: Mapping[Any, Any]) -> None:
        seen: set[int] = set()
        for key in strong_keys(features):
            ids = self.blocks.setdefault(key, [])
            seen.update(ids)
            ids.append(mention_id)
        seen.discard(mention_id)
        self.pairs += len(seen)
        self.mentions += 1
