from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "alongside.meetings"
    label = "meetings"
    verbose_name = "Meetings and groups"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from alongside.meetings import personal_data  # noqa: F401
        from alongside.meetings.feeds import directory_changed
        from alongside.meetings.models import Group, ImportSource, Meeting, Program
        from alongside.privacy.models import Scope
        from alongside.privacy.scopes import produces

        produces(Scope.ATTENDANCE, page="meetings:member-attendance")

        # What the published feed shows: any change gives the directory a new version.
        for model in (Meeting, ImportSource, Group, Program):
            post_save.connect(
                directory_changed, sender=model, dispatch_uid=f"feed-version-{model.__name__}"
            )
            post_delete.connect(
                directory_changed,
                sender=model,
                dispatch_uid=f"feed-version-{model.__name__}-delete",
            )
