from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "alongside.family"
    label = "family"
    verbose_name = "Family and allies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.family import personal_data  # noqa: F401  # registers handlers
        from alongside.privacy.models import Scope
        from alongside.privacy.scopes import produces

        # The summary of check-ins an ally may be given, and the page where they read it.
        produces(Scope.CHECK_IN_SUMMARY, page="family:member-check-ins")
