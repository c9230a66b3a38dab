from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "alongside.support"
    label = "support"
    verbose_name = "Support circle, SOS and on-call"

    def ready(self) -> None:
        from alongside.support import personal_data  # noqa: F401  (registers handlers)
