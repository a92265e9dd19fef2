"""The generator's own picture of the invented people: who they really are, where they live.

Agency records are rendered from these (see `render.py`); the truth in expected.json is read from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Area:
    """A town in the invented partnership area, with its postcode district and street names."""

    town: str
    district: str
    streets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Address:
    line: str
    town: str
    postcode: str

    @property
    def full(self) -> str:
        return f"{self.line}, {self.town}"


@dataclass(slots=True)
class Person:
    label: str
    origin: str
    gender: str
    given: str
    family: str
    dob: dt.date
    middle: str | None = None
    # A family name some agencies still hold: maiden name, or the husband's/father's given name
    # recorded as a surname, or Kaur/Singh instead of the family name.
    alt_family: str | None = None
    # An English name used alongside the given one (common for Chinese and some West African people).
    english_name: str | None = None
    nickname: str | None = None
    nhs: str | None = None
    pnc: str | None = None
    # (from, address): the person lives at the last address whose date is on or before a day.
    addresses: list[tuple[dt.date, Address]] = field(default_factory=list)
    mentions: list[tuple[str, str, str]] = field(default_factory=list)
    # (occurred day, recorded day, strict): days the person was seen or spoken to by an agency.
    contacts: list[tuple[dt.date, dt.date, bool]] = field(default_factory=list)
    # (day, days): periods in which the person counts as at high risk for NOT_SEEN.
    high_risk: list[tuple[dt.date, int]] = field(default_factory=list)
    # Ordinary injury attendances, kept apart so that no ordinary person reaches the injury signal.
    last_injury: dt.date | None = None
    last_missed: dt.date | None = None
    # Police logs name people by surname; where a couple share one, they write the full name.
    full_in_text: bool = False

    def address_on(self, day: dt.date) -> Address | None:
        current = None
        for since, address in self.addresses:
            if since <= day:
                current = address
        return current if current is not None else (self.addresses[0][1] if self.addresses else None)

    def previous_address(self, day: dt.date) -> Address | None:
        """The address before the one held on `day`, if the person has moved."""
        held = [address for since, address in self.addresses if since <= day]
        return held[-2] if len(held) >= 2 else None

    def age_on(self, day: dt.date) -> int:
        return day.year - self.dob.year - ((day.month, day.day) < (self.dob.month, self.dob.day))

    @property
    def full_name(self) -> str:
        return f"{self.given} {self.family}"
