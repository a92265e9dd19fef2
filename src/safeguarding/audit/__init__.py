"""The audit trail. Other apps call `log_action` and nothing else."""

from safeguarding.audit.log import log_action, verify_chain

__all__ = ["log_action", "verify_chain"]
