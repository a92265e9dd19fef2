"""Every URL pattern, fetched as every persona, is allowed or refused as tests/security/matrix.py says;
and no response to anyone but the IDVA service holds the storyline victim's refuge address."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.personas import REFUGE_ADDRESS, REFUGE_POSTCODE
from tests.security.matrix import (
    ANONYMOUS,
    CONFIDENTIAL_SEERS,
    KNOWN_GAPS,
    LIST_PROBES,
    MATRIX,
    PERSONAS,
    POLICE_SYSTEM,
    Entry,
)
from tests.security.world import build_world, fill

SECRETS = (REFUGE_ADDRESS, "Lantern Court", REFUGE_POSTCODE)
RESULTS: dict[str, tuple[int, int]] = {}


def all_routes(patterns=None, prefix: str = "") -> list[str]:
    routes = []
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            routes += all_routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            routes.append(prefix + str(p.pattern))
    return routes


def test_every_url_pattern_has_an_entry_in_the_matrix():
    routes = set(all_routes())
    missing = sorted(routes - set(MATRIX))
    stale = sorted(set(MATRIX) - routes)
    assert not missing, f"Add these URLs to tests/security/matrix.py: {missing}"
    assert not stale, f"These matrix entries match no URL any more: {stale}"


def client_for(persona: str, world) -> Client:
    client = Client(raise_request_exception=False)
    if persona == POLICE_SYSTEM:
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {world.token_key}"
    elif persona != ANONYMOUS:
        client.force_login(world.users[persona])
    return client


def outcome(response, entry: Entry) -> str:
    code = response.status_code
    if code >= 500:
        return f"server error {code}"
    if code in (401, 403, 404):
        return "refused"
    if code == 405:
        return "method not allowed (fix the matrix's method)"
    if 300 <= code < 400:
        location = response.get("Location", "")
        if "/accounts/login/" in location and not entry.login_redirect_is_normal:
            return "refused"
        return "allowed"
    return "allowed"


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def fetch(client: Client, entry: Entry, url: str, params: dict):
    if entry.method == "POST":
        return client.post(url, {k: v.format(**params) for k, v in entry.data})
    return client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_each_persona_is_allowed_or_refused_as_the_matrix_says(route):
    entry = MATRIX[route]
    world = build_world()
    url = fill(route, world.params) + (f"?{entry.query.format(**world.params)}" if entry.query else "")
    problems = []
    checked = 0
    for persona in PERSONAS:
        if persona in entry.skip:
            continue
        # Every persona meets the same storyline: what one persona's POST changes is rolled back.
        savepoint = transaction.savepoint()
        response = fetch(client_for(persona, world), entry, url, world.params)
        text = body(response)
        transaction.savepoint_rollback(savepoint)
        got = outcome(response, entry)
        expected = "allowed" if persona in entry.allow else "refused"
        checked += 1
        if got != expected:
            problems.append(f"{persona}: expected {expected}, got {got} ({response.status_code})")
        if persona not in CONFIDENTIAL_SEERS:
            leaked = [s for s in SECRETS if s in text]
            if leaked:
                problems.append(f"{persona}: LEAKED the refuge address {leaked}")
    RESULTS[route] = (checked, checked - len({p.split(":")[0] for p in problems}))
    assert not problems, f"{entry.method} {url}: " + "; ".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "may_see_her"),
    [
        pytest.param(path, who, marks=[pytest.mark.xfail(reason=KNOWN_GAPS[path], strict=False)])
        if path in KNOWN_GAPS
        else (path, who)
        for path, who in LIST_PROBES
    ],
)
def test_lists_and_searches_show_the_victim_only_to_those_who_may_see_her(path, may_see_her):
    world = build_world()
    her_page = f"/people/{world.story.victim.pk}/"
    # A search box echoes what was typed: only text the application added counts.
    typed = path.replace("+", " ")
    query = typed.split("?q=", 1)[1] if "?q=" in typed else ""
    for persona in PERSONAS:
        text = body(client_for(persona, world).get("/" + path))
        if persona not in may_see_her:
            assert her_page not in text, f"{persona} is led to Vera's page from /{path}"
            assert "Quillfeather" not in (text.replace(query, "") if query else text), (
                f"{persona} sees Vera in /{path}"
            )
        if persona not in CONFIDENTIAL_SEERS:
            leaked = [s for s in SECRETS if s in text and s not in typed]
            assert not leaked, f"{persona} sees the refuge address in /{path}"


@pytest.mark.django_db
def test_the_idva_worker_who_may_see_the_refuge_address_is_not_refused_it_on_the_person_page():
    """The positive control: the leak checks above would pass vacuously if no page ever showed it."""
    world = build_world()
    text = body(client_for("idva_worker", world).get(f"/people/{world.story.victim.pk}/"))
    assert REFUGE_ADDRESS in text or "Lantern Court" in text


def test_matrix_size_is_reported():
    cases = sum(len([p for p in PERSONAS if p not in e.skip]) for e in MATRIX.values())
    print(json.dumps({"urls": len(MATRIX), "personas": len(PERSONAS), "cases": cases}))
    assert cases >= len(MATRIX) * (len(PERSONAS) - 1)
