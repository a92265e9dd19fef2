"""The one registry of audit action names. An action not listed here cannot be logged."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "login": "Signed in",
    "login_failed": "Failed sign-in attempt",
    "logout": "Signed out",
    "person_viewed": "Viewed a person's page",
    "timeline_viewed": "Viewed a person's cross-agency timeline",
    "record_viewed": "Viewed a record",
    "search": "Searched for people",
    "export": "Exported data",
    "records_imported": "Imported records",
    "records_import_refused": "Tried to import records that were refused (nothing was stored)",
    "record_corrected": "Corrected a record",
    "link_confirmed": "Confirmed that two mentions are the same person",
    "link_split": "Split a mention off a person",
    "link_not_same": "Marked two people as not the same person",
    "linkage_run": "Re-ran linkage over everyone",
    "signal_acknowledged": "Acknowledged a signal",
    "signal_actioned": "Recorded the action taken on a signal",
    "signal_dismissed": "Dismissed a signal",
    "signal_assigned": "Assigned a signal",
    "break_glass": "Viewed restricted information in an emergency (break-glass)",
    "confidential_refused": "Was refused confidential information",
    "access_refused": "Was refused access",
    "dash_saved": "Saved a DASH risk assessment",
    "marac_referral_made": "Made a MARAC referral",
    "marac_meeting_changed": "Changed a MARAC meeting",
    "marac_action_changed": "Changed a MARAC action",
    "review_changed": "Changed a Domestic Homicide Review",
    "retention_deleted": "Deleted records whose retention period had ended",
    "subject_access_export": "Exported a subject access request",
    "agreement_changed": "Changed an information-sharing agreement",
    "user_changed": "Changed a user account",
    "token_changed": "Issued or revoked an API token",
    "audit_viewed": "Viewed the audit trail",
    "break_glass_reviewed": "Reviewed a use of break-glass access",
    "confidential_marked": "Marked an address, phone number or record confidential",
    "legal_hold_changed": "Placed or released a legal hold",
    "retention_changed": "Changed a retention rule",
    "correction_requested": "Asked for a record to be corrected",
    "correction_decided": "Approved or rejected a record correction",
}


def describe(action: str) -> str:
    return ACTIONS[action]
