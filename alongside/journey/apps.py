from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "alongside.journey"
    label = "journey"
    verbose_name = "Recovery journey"

    def ready(self) -> None:
        from alongside.journey import personal_data  # noqa: F401
