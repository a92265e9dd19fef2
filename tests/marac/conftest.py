from __future__ import annotations

from safeguarding.marac import dash


def answers(yes: int) -> dict[str, str]:
    """The first `yes` questions answered yes, the rest no."""
    return {q.key: (dash.YES if i < yes else dash.NO) for i, q in enumerate(dash.QUESTIONS)}


def form_data(yes: int, **extra: str) -> dict[str, str]:
    return {**answers(yes), "perpetrator_name": "Dale Brackenbury", **extra}
