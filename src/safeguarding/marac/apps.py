from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "safeguarding.marac"
    label = "marac"
