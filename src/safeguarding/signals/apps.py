from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "safeguarding.signals"
    label = "signals"
    verbose_name = "Signals"

    def ready(self) -> None:
        from safeguarding.signals import receivers  # noqa: F401  (connects the receivers)
