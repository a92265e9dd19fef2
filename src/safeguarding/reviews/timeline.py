"""The missed-opportunity picture: a server-rendered SVG over the review period.

Top: one lane per agency, a tick for each of its records, evidence for a signal drawn darker.
Below: one row per signal, a bar from its first evidence to the day it could have been raised
(a diamond), then green to the referral or risk assessment that followed, or red to the end of
the review period where none did. A line marks the death. The table beside it on the page says
the same in words, for screen readers and print.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from safeguarding.records.models import Record
from safeguarding.reviews.analysis import Analysis
from safeguarding.reviews.chronology import event_label, format_occurred

WIDTH = 960
LABEL_W = 190
LANE_H = 18
ROW_H = 22
RED = "#d4351c"
GREEN = "#00703c"
BLUE = "#1d70b8"
GREY = "#b1b4b6"
BLACK = "#0b0c0c"


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def render_timeline(analysis: Analysis, records: list[Record]) -> SafeString:
    review = analysis.review
    start, end = review.period_start, review.period_end
    span = max((end - start).days, 1)
    plot_w = WIDTH - LABEL_W - 20

    def x(day: dt.date) -> float:
        offset = min(max((day - start).days, 0), span)
        return round(LABEL_W + plot_w * offset / span, 1)

    agencies: dict[str, str] = {}
    for r in records:
        agencies.setdefault(r.agency.code, r.agency.name)
    lanes = sorted(agencies.items(), key=lambda kv: kv[1])
    evidence = {(code, rid) for o in analysis.opportunities for code, rid in o.signal.evidence}
    top = 30
    signals_top = top + LANE_H * len(lanes) + 30
    height = signals_top + ROW_H * max(len(analysis.opportunities), 1) + 20

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="review-timeline" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="timeline-title timeline-desc" '
        f'font-family="Arial, sans-serif" font-size="11">',
        '<title id="timeline-title">Missed opportunities over the review period</title>',
        f'<desc id="timeline-desc">{len(records)} records from {len(lanes)} agencies and '
        f"{len(analysis.opportunities)} signals between {start:%d %B %Y} and {end:%d %B %Y}. "
        "The table below gives the same information.</desc>",
    ]
    # Year (or month, for short reviews) grid.
    tick = dt.date(start.year, start.month, 1)
    monthly = span < 500
    while tick <= end:
        if tick >= start:
            label = tick.strftime("%b %Y") if monthly else str(tick.year)
            if monthly or tick.month == 1:
                out.append(
                    f'<line x1="{x(tick)}" y1="{top - 8}" x2="{x(tick)}" y2="{height - 10}" stroke="#f3f2f1"/>'
                    f'<text x="{x(tick) + 2}" y="{top - 12}" fill="{BLACK}">{label}</text>'
                )
        tick = dt.date(tick.year + (tick.month == 12), tick.month % 12 + 1, 1)
    for i, (code, name) in enumerate(lanes):
        y = top + i * LANE_H
        out.append(f'<text x="4" y="{y + 12}" fill="{BLACK}">{escape(name[:30])}</text>')
        out.append(f'<line x1="{LABEL_W}" y1="{y + 9}" x2="{WIDTH - 20}" y2="{y + 9}" stroke="#f3f2f1"/>')
        for r in records:
            if r.agency.code != code:
                continue
            held = (code, r.record_id) in evidence
            colour = BLUE if held else GREY
            tip = escape(f"{format_occurred(r.occurred)} {name}: {event_label(r.type)}")
            out.append(
                f'<rect x="{x(_day(r.occurred_start)) - 1}" y="{y + 3}" width="{3 if held else 2}" '
                f'height="12" fill="{colour}"><title>{tip}</title></rect>'
            )
    out.append(
        f'<text x="4" y="{signals_top - 10}" font-weight="bold" fill="{BLACK}">Signals (when they could first have'
        " been raised)</text>"
    )
    for i, o in enumerate(analysis.opportunities):
        y = signals_top + i * ROW_H
        mid = y + ROW_H / 2
        label = escape(f"{o.code.replace('_', ' ').lower()} ({o.person_label})"[:34])
        out.append(f'<text x="4" y="{mid + 4}" fill="{BLACK}">{label}</text>')
        raised = x(o.first_raised)
        if o.evidence_start:
            out.append(
                f'<line x1="{x(o.evidence_start)}" y1="{mid}" x2="{raised}" y2="{mid}" stroke="{BLUE}" '
                f'stroke-width="3"/>'
            )
        if o.followed_by is not None:
            done = x(_day(o.followed_by.recorded))
            out.append(
                f'<line x1="{raised}" y1="{mid}" x2="{done}" y2="{mid}" stroke="{GREEN}" stroke-width="3"/>'
                f'<circle cx="{done}" cy="{mid}" r="4" fill="{GREEN}"><title>{escape(o.followed_text)}</title></circle>'
            )
        else:
            stop = x(o.signal.cleared or end)
            out.append(
                f'<line x1="{raised}" y1="{mid}" x2="{stop}" y2="{mid}" stroke="{RED}" stroke-width="2" '
                f'stroke-dasharray="4 3"/>'
            )
        tip = escape(
            f"{o.title}: could have been raised {o.first_raised:%d/%m/%Y}; held by {', '.join(o.agency_names)}"
        )
        out.append(
            f'<path d="M{raised} {mid - 6} L{raised + 6} {mid} L{raised} {mid + 6} L{raised - 6} {mid} Z" '
            f'fill="{RED if not o.followed else BLACK}"><title>{tip}</title></path>'
        )
    if review.date_of_death and start <= review.date_of_death <= end:
        dx = x(review.date_of_death)
        out.append(
            f'<line x1="{dx}" y1="{top - 8}" x2="{dx}" y2="{height - 10}" stroke="{BLACK}" stroke-width="2"/>'
            f'<text x="{dx - 4}" y="{height - 2}" text-anchor="end" fill="{BLACK}">death</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
