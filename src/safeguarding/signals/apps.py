from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "safeguarding.signals"
    label = "signals"
