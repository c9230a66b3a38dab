from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "alongside.resources"
    label = "resources"
    verbose_name = "Resources"

    def ready(self) -> None:
        from alongside.resources import personal_data  # noqa: F401  # registers export and erasure
