from django.apps import AppConfig


class CounselingConfig(AppConfig):
    name = "alongside.counseling"
    label = "counseling"
    verbose_name = "Counseling"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.counseling import personal_data  # noqa: F401  # registers handlers
        from alongside.privacy.models import Scope
        from alongside.privacy.scopes import produces

        # A counselor reads what a member shares on the member's client page.
        produces(Scope.COUNSELING, page="counseling:client")
