from safeguarding.audit.actions import ACTIONS
from tests.conftest import REPO_ROOT


def test_every_registered_audit_action_is_in_docs_security_md():
    text = (REPO_ROOT / "docs" / "security.md").read_text()
    missing = [name for name in ACTIONS if f"`{name}`" not in text]
    assert not missing, f"Document these audit actions in docs/security.md: {missing}"
