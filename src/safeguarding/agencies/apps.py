from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "safeguarding.agencies"
    label = "agencies"
    verbose_name = "Agencies, accounts and information governance"

    def ready(self) -> None:
        # Connect the audit receivers for sign-in and the access module's save guard.
        from safeguarding.agencies import access, auth_audit  # noqa: F401
