from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "alongside.community"
    label = "community"
    verbose_name = "Community forums"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.community import personal_data  # noqa: F401  # registers handlers
