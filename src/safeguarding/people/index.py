"""The in-memory blocking index behind incremental linking.

Maps each blocking key (features.BLOCKING_KEYS) to the ids of the mentions that have it, so that
a new mention's candidates are a few dictionary look-ups away, however many mentions are known.
It is loaded from the database once per process and kept current: mentions linked in this
process are added as they come, and mentions other processes added are picked up by id at the
start of each call. The database stays the truth: candidates are re-read from it before scoring,
so an out-of-date entry can cost a candidate, never a wrong link.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Any

from safeguarding.people.features import StrongPairCounter, blocking_keys, features_of, mention_features

# The name parts the context steps (context.py) look mentions up by: a forename, a surname, or
# the whole name (forename and surname, either order) of a mention that gives nothing else.
NAME_ONLY = "name_key"
NAME_PARTS = ("given", "surname", NAME_ONLY)

# A key shared by more mentions than this says little (a common surname with an initial in a
# national dataset); it is skipped in favour of the mention's other, more selective keys.
MAX_BLOCK = 500

MENTION_FIELDS = ("id", "record_id", "name", "dob", "gender", "address", "postcode", "ids", "role")


class BlockingIndex:
    def __init__(self) -> None:
        self.blocks: dict[str, list[int]] = defaultdict(list)
        self.keys_of: dict[int, list[str]] = {}
        self.max_id = 0
        self.loaded = False
        # For the store's prior: mentions and pairs agreeing on a near-certain rule.
        self.strong = StrongPairCounter()
        # Forename, surname or whole name -> mention ids, for the context steps (context.py); not a
        # blocking key, so the model's pairs stay Splink's.
        self.by_name: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.lock = threading.RLock()

    def add(self, mention_id: int, features: dict[str, Any]) -> None:
        keys = blocking_keys(features)
        with self.lock:
            old = self.keys_of.get(mention_id)
            if old is None:
                self.strong.add(mention_id, features)
            for part in NAME_PARTS:
                if features.get(part):
                    self.by_name[(part, features[part])].add(mention_id)
            if old == keys:
                return
            if old:
                for k in old:
                    ids = self.blocks.get(k)
                    if ids and mention_id in ids:
                        ids.remove(mention_id)
            for k in keys:
                self.blocks[k].append(mention_id)
            self.keys_of[mention_id] = keys
            self.max_id = max(self.max_id, mention_id)

    def add_rows(self, rows: Any) -> None:
        for row in rows:
            values = dict(zip(MENTION_FIELDS, row, strict=True))
            mid = values.pop("id")
            values.pop("record_id")
            self.add(mid, mention_features(**values))

    def candidates(self, features: dict[str, Any]) -> set[int]:
        out: set[int] = set()
        with self.lock:
            for k in blocking_keys(features):
                ids = self.blocks.get(k)
                if ids and len(ids) <= MAX_BLOCK:
                    out.update(ids)
        return out

    def refresh(self) -> None:
        """Load what the database has and the index lacks (everything, the first time)."""
        from django.db.models import Max

        from safeguarding.people.models import Mention

        db_max = Mention.objects.aggregate(m=Max("id"))["m"] or 0
        with self.lock:
            if self.loaded and db_max < self.max_id:
                # Mentions were deleted (or a test rolled back): start again.
                self.__init__()  # type: ignore[misc]
            start = self.max_id if self.loaded else 0
            if db_max > start or not self.loaded:
                qs = Mention.objects.filter(id__gt=start).order_by("id").values_list(*MENTION_FIELDS)
                self.add_rows(qs.iterator(chunk_size=5000))
            self.loaded = True


_index = BlockingIndex()


def get_index() -> BlockingIndex:
    _index.refresh()
    return _index


def reset_index() -> None:
    """Forget everything (the next call reloads from the database)."""
    global _index
    _index = BlockingIndex()


def add_mention(mention: Any) -> dict[str, Any]:
    features = features_of(mention)
    _index.add(mention.pk, features)
    return features
