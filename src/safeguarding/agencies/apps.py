from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "safeguarding.agencies"
    label = "agencies"
