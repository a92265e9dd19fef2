from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "safeguarding.web"
    label = "web"
