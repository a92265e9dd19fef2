"""The permission matrix: every URL pattern in the project, and who may use it.

ADD AN ENTRY HERE FOR EVERY NEW URL (tests/security/test_permission_matrix.py fails on a URL pattern
without one). Key: the route as Django joins it (`people/<int:person_id>/`). Value: an Entry with the
personas allowed; everyone else must be refused (404, 403, 401, or a redirect to sign in).

Personas (tests/personas.py, and below): the storyline victim Vera is known to the police (own
record), the IDVA service (own records; agreement with the police), housing (own record; no
agreement with the police); probation supervises the perpetrator Dale; the GP knows no one, and
`gp_break_glass` is the same GP after break-glass on Vera. `police_system` is the police's API token.

Path parameters are filled from the storyline (PARAMS); a parameter naming an object the storyline
does not make gets 999999, so only "refused to everyone, and nothing leaks" is checked for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
POLICE_SYSTEM = "police_system"
SESSION_PERSONAS = (
    "police_officer",
    "police_manager",
    "idva_worker",
    "housing_officer",
    "probation_officer",
    "gp_worker",
    "gp_break_glass",
    "marac_coordinator",
    "review_chair",
    "auditor",
    "administrator",
)
PERSONAS = (ANONYMOUS, *SESSION_PERSONAS, POLICE_SYSTEM)

EVERYONE = frozenset(PERSONAS)
SIGNED_IN = frozenset(SESSION_PERSONAS)
NOBODY: frozenset[str] = frozenset()
# Case workers: practitioners, team managers, MARAC coordinators (E's navigation) ...
PRACTICE = frozenset(
    {
        "police_officer",
        "police_manager",
        "idva_worker",
        "housing_officer",
        "probation_officer",
        "gp_worker",
        "gp_break_glass",
        "marac_coordinator",
    }
)
CASE = PRACTICE | {"review_chair"}
# Who may open Vera's page: agencies holding a record about her, and the GP after break-glass.
VICTIM_VIEWERS = frozenset(
    {"police_officer", "police_manager", "idva_worker", "housing_officer", "gp_break_glass"}
)
# Who may see the refuge address: the IDVA service that holds it (practitioner, team manager).
CONFIDENTIAL_SEERS = frozenset({"idva_worker"})
POLICE = frozenset({"police_officer", "police_manager"})
# Who may see both Vera and the police incident about her (housing has no agreement with the police).
VICTIM_AND_INCIDENT = frozenset({"police_officer", "police_manager", "idva_worker", "gp_break_glass"})
MANAGERS = frozenset({"police_manager"})
AUDITOR = frozenset({"auditor"})
ADMIN = frozenset({"administrator"})


@dataclass(frozen=True)
class Entry:
    allow: frozenset[str]
    method: str = "GET"
    query: str = ""
    note: str = ""
    # Personas for which the outcome is not asserted (documented why in `note`).
    skip: frozenset[str] = field(default_factory=frozenset)
    # For sign-in steps: a redirect to the sign-in page is the normal answer, not a refusal.
    login_redirect_is_normal: bool = False
    # Form fields to POST; "{person_id}" and the like are filled from the storyline (world.PARAMS).
    data: tuple[tuple[str, str], ...] = ()


MATRIX: dict[str, Entry] = {
    # --- API (C, A) -------------------------------------------------------------------------------
    "api/schema/": Entry(
        EVERYONE,
        note="public: it describes the endpoints and holds no data, so an agency system can read it too",
    ),
    "api/docs/": Entry(EVERYONE, note="as the schema; its assets are served from here (CSP)"),
    "api/records/": Entry(frozenset({POLICE_SYSTEM}), method="POST", note="import only, agency tokens only"),
    "api/records/import-batches/": Entry(frozenset({POLICE_SYSTEM})),
    "api/people/<int:person_id>/links/": Entry(VICTIM_VIEWERS),
    "api/mentions/<int:mention_a>/explain/<int:mention_b>/": Entry(VICTIM_AND_INCIDENT),
    "api/mentions/<int:mention_a>/confirm/<int:mention_b>/": Entry(VICTIM_AND_INCIDENT, method="POST"),
    "api/mentions/<int:mention_id>/split/": Entry(VICTIM_AND_INCIDENT, method="POST"),
    "api/people/<int:person_a>/not-same/<int:person_b>/": Entry(
        frozenset({"police_officer", "police_manager", "idva_worker"}),
        method="POST",
        note="both people must be visible: Dale is known to police and IDVA, not to housing",
    ),
    "api/links/review/": Entry(SIGNED_IN, note="a queue filtered to what the user may see (LIST_PROBES)"),
    # --- accounts (F) -------------------------------------------------------------------------------
    "accounts/login/": Entry(EVERYONE),
    "accounts/login/verify/": Entry(
        EVERYONE, login_redirect_is_normal=True, note="no pending password step: back to sign in"
    ),
    "accounts/logout/": Entry(EVERYONE, method="POST", login_redirect_is_normal=True),
    "accounts/locked/": Entry(EVERYONE),
    "accounts/two-factor/": Entry(SIGNED_IN, note="also reached between the password and the code"),
    "accounts/two-factor/backup-codes/": Entry(SIGNED_IN),
    "accounts/break-glass/<int:person_id>/": Entry(CASE),
    "accounts/break-glass/reviews/": Entry(MANAGERS | AUDITOR),
    "accounts/break-glass/reviews/<int:grant_id>/": Entry(
        AUDITOR, method="POST", note="the GP's grant: GP managers or auditors"
    ),
    "accounts/corrections/": Entry(
        frozenset(
            {
                "police_officer",
                "police_manager",
                "idva_worker",
                "housing_officer",
                "probation_officer",
                "gp_worker",
                "gp_break_glass",
            }
        )
    ),
    "accounts/corrections/new/<int:record_id>/": Entry(POLICE),
    "accounts/corrections/<int:correction_id>/decide/": Entry(MANAGERS, method="POST"),
    "accounts/subject-access/<int:person_id>/": Entry(AUDITOR),
    "accounts/confidential/mentions/<int:mention_id>/": Entry(POLICE, note="the police mention: police only"),
    "accounts/admin/": Entry(ADMIN),
    "accounts/admin/users/new/": Entry(ADMIN),
    "accounts/admin/users/<int:user_id>/": Entry(ADMIN),
    "accounts/admin/users/<int:user_id>/reset-two-factor/": Entry(ADMIN, method="POST"),
    "accounts/admin/agreements/new/": Entry(ADMIN),
    "accounts/admin/agreements/<int:agreement_id>/": Entry(ADMIN),
    "accounts/admin/agreements/<int:agreement_id>/revoke/": Entry(ADMIN, method="POST"),
    "accounts/admin/retention/": Entry(ADMIN | AUDITOR),
    "accounts/admin/legal-holds/": Entry(ADMIN | AUDITOR, method="POST"),
    "accounts/admin/legal-holds/<int:hold_id>/release/": Entry(ADMIN | AUDITOR, method="POST"),
    # --- people (C, E) ------------------------------------------------------------------------------
    "people/": Entry(SIGNED_IN, query="q=Quillfeather", note="results filtered (LIST_PROBES)"),
    "people/review/": Entry(PRACTICE),
    "people/review/decide/": Entry(
        VICTIM_AND_INCIDENT, method="POST", data=(("a", "{mention_a}"), ("b", "{mention_b}"))
    ),
    "people/<int:person_id>/": Entry(VICTIM_VIEWERS),
    "people/<int:person_id>/links/": Entry(VICTIM_VIEWERS),
    "people/<int:person_id>/links/<int:mention_id>/": Entry(VICTIM_AND_INCIDENT, method="POST"),
    # --- signals (D, E) -----------------------------------------------------------------------------
    "signals/": Entry(SIGNED_IN, note="filtered to people the user may see (LIST_PROBES)"),
    "signals/<int:signal_id>/": Entry(VICTIM_VIEWERS),
    "signals/<int:signal_id>/acknowledge/": Entry(VICTIM_VIEWERS, method="POST"),
    "signals/<int:signal_id>/action/": Entry(VICTIM_VIEWERS, method="POST"),
    "signals/<int:signal_id>/dismiss/": Entry(VICTIM_VIEWERS, method="POST"),
    "signals/<int:signal_id>/assign/": Entry(VICTIM_VIEWERS, method="POST"),
    # --- MARAC (E) ----------------------------------------------------------------------------------
    "marac/": Entry(PRACTICE),
    "marac/dash/new/": Entry(VICTIM_VIEWERS, query="person={person_id}"),
    "marac/dash/<int:assessment_id>/": Entry(NOBODY, note="no assessment in the storyline"),
    "marac/referrals/new/": Entry(VICTIM_VIEWERS, query="person={person_id}"),
    "marac/referrals/<int:referral_id>/": Entry(NOBODY, note="no referral in the storyline"),
    "marac/meetings/new/": Entry(frozenset({"marac_coordinator"})),
    "marac/meetings/<int:meeting_id>/": Entry(NOBODY, note="no meeting in the storyline"),
    "marac/meetings/<int:meeting_id>/minutes/": Entry(
        NOBODY, method="POST", note="no meeting in the storyline"
    ),
    "marac/actions/overdue/": Entry(PRACTICE),
    "marac/actions/<int:action_id>/": Entry(NOBODY, method="POST", note="no action in the storyline"),
    # --- reviews (G) --------------------------------------------------------------------------------
    "reviews/": Entry(SIGNED_IN, note="each user sees the reviews they sit on"),
    "reviews/new/": Entry(frozenset({"review_chair", "administrator"})),
    "reviews/themes/": Entry(frozenset({"review_chair", "administrator"})),
    "reviews/<int:pk>/": Entry(NOBODY, note="no review in the storyline"),
    "reviews/<int:pk>/setup/<slug:what>/": Entry(NOBODY, method="POST"),
    "reviews/<int:pk>/stages/<int:stage_id>/": Entry(NOBODY, method="POST"),
    "reviews/<int:pk>/requests/": Entry(NOBODY),
    "reviews/<int:pk>/requests/<int:req_id>/return/": Entry(NOBODY),
    "reviews/<int:pk>/requests/<int:req_id>/template.xlsx": Entry(NOBODY),
    "reviews/<int:pk>/chronology/": Entry(NOBODY),
    "reviews/<int:pk>/chronology/<int:record_id>/comment/": Entry(NOBODY, method="POST"),
    "reviews/<int:pk>/analysis/": Entry(NOBODY),
    "reviews/<int:pk>/recommendations/": Entry(NOBODY),
    "reviews/<int:pk>/recommendations/<int:rec_id>/actions/": Entry(NOBODY, method="POST"),
    "reviews/<int:pk>/actions/<int:action_id>/": Entry(NOBODY, method="POST"),
    "reviews/<int:pk>/progress/": Entry(NOBODY),
    "reviews/<int:pk>/export/<str:name>": Entry(NOBODY),
    # --- audit (F) ----------------------------------------------------------------------------------
    "audit/": Entry(AUDITOR),
    "audit/verify/": Entry(AUDITOR),
    "audit/people/<int:person_id>/": Entry(AUDITOR),
    "audit/people/<int:person_id>/export.csv": Entry(AUDITOR),
    "audit/users/<int:user_id>/": Entry(AUDITOR),
    "audit/users/<int:user_id>/export.csv": Entry(AUDITOR),
    # --- web (E) ------------------------------------------------------------------------------------
    "": Entry(SIGNED_IN),
    "notifications/": Entry(SIGNED_IN),
    "notifications/read/": Entry(SIGNED_IN, method="POST"),
    "accessibility/": Entry(EVERYONE),
    "privacy/": Entry(EVERYONE),
}

# Known gaps, each with the owner who fixes it; the probe is expected to fail until then.
# Probes that are known to fail, with the reason: none at present. An entry here marks its probe
# as an expected failure, so that a gap is recorded rather than hidden.
KNOWN_GAPS: dict[str, str] = {}

# Searches and lists that must never show Vera (or her refuge address) to the wrong persona.
# (route with query, personas who may see her name in it)
LIST_PROBES: list[tuple[str, frozenset[str]]] = [
    ("people/?q=Quillfeather", VICTIM_VIEWERS),
    ("people/?q=Vera+Quillfeather", VICTIM_VIEWERS),
    ("people/?q=1984-03-02", VICTIM_VIEWERS),
    ("people/?q=Lantern+Court", NOBODY),
    ("people/?q=EX9+4QZ", NOBODY),
    ("signals/", VICTIM_VIEWERS),
    ("", VICTIM_VIEWERS),
    ("marac/", VICTIM_VIEWERS | {"marac_coordinator"}),
    ("api/links/review/", VICTIM_VIEWERS),
]
