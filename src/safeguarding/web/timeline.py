"""The cross-agency timeline: each record as an event, drawn as an SVG picture and listed as a table.

The picture is rendered on the server (no JavaScript): one lane per agency, one marker per record,
shaped and coloured by what kind of event it was. Every marker links to its row in the table,
which carries the same information for screen readers and keyboard users.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape  # Django's escape() does the same, wrapped for lazy strings: slower per marker

from django.utils import timezone

# (category, label for the legend) in the order the legend shows them
CATEGORIES: list[tuple[str, str]] = [
    ("incident", "Police incident or crime"),
    ("injury", "Injury or emergency attendance"),
    ("disclosure", "Disclosure of abuse"),
    ("missed", "Missed appointment"),
    ("custody", "Custody or release"),
    ("marac", "MARAC or MAPPA"),
    ("risk", "Risk assessment"),
    ("other", "Other contact"),
]
CATEGORY_LABELS = dict(CATEGORIES)

_BY_TYPE = {
    "incident": "incident", "crime": "incident", "arrest": "incident", "charge": "incident",
    "order_breach": "incident", "asb_complaint": "incident", "protective_order": "incident",
    "ed_attendance": "injury",
    "disclosure": "disclosure",
    "missed_appointment": "missed",
    "custody_start": "custody", "custody_release": "custody", "recall": "custody",
    "contact_from_custody": "custody",
    "marac_referral": "marac", "marac_meeting": "marac", "mappa_meeting": "marac",
    "risk_assessment": "risk",
}  # fmt: skip


def category(record_type: str, tags: Iterable[str] | None) -> str:
    if record_type not in {"missed_appointment", "letter"} and "injury" in (tags or ()):
        return "injury"
    return _BY_TYPE.get(record_type, "other")


# The service is in English; calendar.month_name would format a date for every look-up.
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip


def format_occurred(occurred: str, precision: str) -> str:
    """The date as the agency gave it: a month stays "March 2010"; no day is invented."""
    try:
        if precision == "year":
            return occurred[:4]
        year, month = int(occurred[:4]), int(occurred[5:7])
        if precision == "month":
            return f"{_MONTHS[month]} {year}"
        day = int(occurred[8:10])
        text = f"{day} {_MONTHS[month]} {year}"
        if precision == "minute" and len(occurred) >= 16:
            text += f", {occurred[11:16]}"
        return text
    except (ValueError, IndexError):
        return occurred


def parse_month(value: str | None, *, end: bool = False) -> dt.datetime | None:
    """'2010-01' (or '2010') as the first instant of that month, or of the month after it when `end`."""
    if not value:
        return None
    try:
        parts = value.strip().split("-")
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        if not (1 <= month <= 12 and 1900 <= year <= 2200):
            return None
    except ValueError:
        return None
    if end:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.datetime(year, month, 1, tzinfo=dt.UTC)


def type_label(record_type: str) -> str:
    """'ed_attendance' -> 'Emergency attendance': the event types in practitioners' words."""
    return _TYPE_WORDS.get(record_type, record_type.replace("_", " ").capitalize())


_TYPE_WORDS = {
    "ed_attendance": "Emergency attendance", "asb_complaint": "Anti-social behaviour complaint",
    "no_further_action": "No further action", "marac_referral": "MARAC referral",
    "marac_meeting": "MARAC meeting", "mappa_meeting": "MAPPA meeting", "risk_assessment": "Risk assessment",
    "custody_start": "Custody", "custody_release": "Release from custody",
    "contact_from_custody": "Contact from custody", "dvpn": "DVPN",
}  # fmt: skip


@dataclass(slots=True)  # thousands are made per page: slots, and not frozen (slower to build)
class Event:
    pk: int
    agency_code: str
    agency_name: str
    when: dt.datetime
    date_text: str
    type: str
    category: str
    summary: str
    outcome: str
    role: str

    @property
    def type_text(self) -> str:
        return type_label(self.type)


def _month_floor(moment: dt.datetime) -> dt.datetime:
    return dt.datetime(moment.year, moment.month, 1, tzinfo=dt.UTC)


def render_svg(
    events: Sequence[Event],
    lanes: Sequence[tuple[str, str]],
    start: dt.datetime,
    end: dt.datetime,
    href_for: Callable[[Event], str],
) -> str:
    """The timeline as an SVG string; every dynamic value is escaped."""
    label_width, width, lane_height, top = 190, 1000, 34, 30
    plot = width - label_width - 20
    height = top + lane_height * max(len(lanes), 1) + 10
    span = max((end - start).total_seconds(), 1.0)
    lane_index = {code: i for i, (code, _) in enumerate(lanes)}

    def x(moment: dt.datetime) -> float:
        return label_width + plot * min(max((moment - start).total_seconds() / span, 0.0), 1.0)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="group" '
        f'aria-labelledby="timeline-title" aria-describedby="timeline-desc" focusable="false">',
        '<title id="timeline-title">Cross-agency timeline</title>',
        f'<desc id="timeline-desc">{len(events)} records in {len(lanes)} agencies from '
        f"{start:%B %Y} to {end - dt.timedelta(seconds=1):%B %Y}, one lane per agency. "
        "The table below lists these records, a period at a time.</desc>",
    ]
    for i, (_, name) in enumerate(lanes):
        y = top + i * lane_height
        cls = "lane" if i % 2 == 0 else "lane lane--alt"
        out.append(f'<rect class="{cls}" x="0" y="{y}" width="{width}" height="{lane_height}"/>')
        out.append(f'<text class="lane-label" x="8" y="{y + 22}">{escape(name[:26])}</text>')
    # Year (or month) ticks along the top.
    years = (end - start).days / 365.25
    step_months = 1 if years <= 1.5 else 3 if years <= 4 else 12 if years <= 20 else 60
    tick = _month_floor(start)
    while (tick.month - 1) % step_months and step_months <= 12:
        tick = _month_floor(tick + dt.timedelta(days=32))
    while tick < end:
        tx = x(tick)
        label = f"{tick:%Y}" if step_months >= 12 else f"{tick:%b %Y}"
        out.append(f'<line class="gridline" x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" y2="{height - 10}"/>')
        out.append(f'<text class="tick" x="{tx + 3:.1f}" y="{top - 10}">{label}</text>')
        months = step_months
        year, month = divmod(tick.month - 1 + months, 12)
        tick = dt.datetime(tick.year + year, month + 1, 1, tzinfo=dt.UTC)
    out.append(f'<line class="axis" x1="{label_width}" y1="{top}" x2="{width - 20}" y2="{top}"/>')
    for event in events:
        lane = lane_index.get(event.agency_code)
        if lane is None:
            continue
        title = escape(
            f"{event.date_text}, {event.agency_name}: {CATEGORY_LABELS[event.category]} ({event.type})"
        )
        # Markers take a click to the record's row; keyboard users have the table itself, next
        # in reading order, rather than hundreds of tab stops in the picture.
        out.append(
            f'<a href="{escape(href_for(event))}" tabindex="-1"><title>{title}</title>'
            f"{_marker(event.category, x(event.when), top + lane * lane_height + lane_height / 2)}</a>"
        )
    out.append("</svg>")
    return "".join(out)


def _marker(cat: str, cx: float, cy: float) -> str:
    cls = f"marker marker--{cat}"
    if cat in {"incident", "custody"}:
        return f'<rect class="{cls}" x="{cx - 6:.1f}" y="{cy - 6:.1f}" width="12" height="12"/>'
    if cat == "injury":
        return f'<polygon class="{cls}" points="{cx:.1f},{cy - 8:.1f} {cx + 8:.1f},{cy + 6:.1f} {cx - 8:.1f},{cy + 6:.1f}"/>'
    if cat in {"disclosure", "marac"}:
        return f'<polygon class="{cls}" points="{cx:.1f},{cy - 8:.1f} {cx + 8:.1f},{cy:.1f} {cx:.1f},{cy + 8:.1f} {cx - 8:.1f},{cy:.1f}"/>'
    return f'<circle class="{cls}" cx="{cx:.1f}" cy="{cy:.1f}" r="6"/>'


def legend_svgs() -> list[tuple[str, str]]:
    """(label, small SVG) for each category, for the legend under the picture."""
    return [
        (label, f'<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">{_marker(cat, 10, 10)}</svg>')
        for cat, label in CATEGORIES
    ]


def now_month_end() -> dt.datetime:
    return parse_month(f"{timezone.now():%Y-%m}", end=True) or timezone.now()
