from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "alongside.messaging"
    label = "messaging"
    verbose_name = "Messages"

    def ready(self) -> None:
        from alongside.messaging import personal_data  # noqa: F401
        from alongside.privacy.models import Scope
        from alongside.privacy.scopes import produces

        # A care-team member the member shares "messages" with can write to them.
        produces(Scope.CARE_MESSAGES, page="messaging:conversation")
