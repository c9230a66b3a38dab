from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "alongside.caseload"
    label = "caseload"
    verbose_name = "Peer specialists' caseloads"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.caseload import personal_data, signals  # noqa: F401  # registers handlers
