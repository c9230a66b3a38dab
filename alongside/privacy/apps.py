from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "alongside.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from alongside.privacy import personal_data  # noqa: F401  (registers handlers)
