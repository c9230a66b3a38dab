from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "alongside.matching"
    label = "matching"
    verbose_name = "Assignment runs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.matching import personal_data  # noqa: F401  # registers export and erasure
