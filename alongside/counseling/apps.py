from django.apps import AppConfig


class CounselingConfig(AppConfig):
    name = "alongside.counseling"
    label = "counseling"
    verbose_name = "Counseling"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.counseling import personal_data  # noqa: F401  # registers handlers
        from alongside.counseling.models import Addendum, SessionNote
        from alongside.counseling.services.notes import reencrypting
        from alongside.privacy.fields import allow_reencryption
        from alongside.privacy.models import Scope
        from alongside.privacy.scopes import produces

        # Signed notes and addenda are locked by database triggers; a key rotation re-encrypts
        # them inside `reencrypting()`, which lets only a new ciphertext of the same words by.
        allow_reencryption(SessionNote, reencrypting)
        allow_reencryption(Addendum, reencrypting)

        # A counselor reads what a member shares on the member's client page.
        produces(Scope.COUNSELING, page="counseling:client")
