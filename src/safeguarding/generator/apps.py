from django.apps import AppConfig


class GeneratorConfig(AppConfig):
    name = "safeguarding.generator"
    label = "generator"
