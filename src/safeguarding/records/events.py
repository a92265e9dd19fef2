"""Signals the records app sends, for other apps to act on stored records."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after an import's transaction commits, with `record_ids`: the records created or changed.
# Linkage listens to link their subjects; it is not sent by `safeguarding import --no-link`.
records_stored = Signal()
