from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "alongside.meetings"
    label = "meetings"
    verbose_name = "Meetings and groups"

    def ready(self) -> None:
        from alongside.meetings import personal_data  # noqa: F401
