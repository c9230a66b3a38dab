from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "alongside.housing"
    label = "housing"
    verbose_name = "Sober living"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.housing import personal_data  # noqa: F401  # registers handlers
        from alongside.privacy.models import Scope
        from alongside.privacy.scopes import produces

        # A resident's stays, read by the house managers they share "housing" with.
        produces(Scope.HOUSING, page="housing:resident")
