"""Signals the people app sends."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after linkage changed people (incremental linking, a full run, or a practitioner's
# decision), once the change has committed, with `person_ids`: every person whose mentions
# changed. A merged-away person's id is included too, and no longer exists.
people_changed = Signal()
