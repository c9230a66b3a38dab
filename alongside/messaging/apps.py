from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "alongside.messaging"
    label = "messaging"
    verbose_name = "Messages"

    def ready(self) -> None:
        from alongside.messaging import personal_data  # noqa: F401
