from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "alongside.journey"
    label = "journey"
    verbose_name = "Recovery journey"

    def ready(self) -> None:
        from alongside.journey import personal_data  # noqa: F401
        from alongside.privacy.models import Scope
        from alongside.privacy.scopes import produces

        # What the journey shares, and where a grantee reads it (the consent form offers these).
        produces(Scope.MILESTONES, page="journey:member-milestones")
        produces(Scope.CHECK_INS, page="journey:member-check-ins")
        produces(Scope.MEDICATION, page="journey:member-medication")
        produces(Scope.PLANS, page="journey:member-plans")
        produces(Scope.WORKSHEETS, page="journey:member-worksheets")
