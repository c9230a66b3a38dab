from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "alongside.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from alongside.assessments import personal_data  # noqa: F401
        from alongside.privacy.models import Scope
        from alongside.privacy.scopes import produces

        produces(Scope.ASSESSMENTS, page="assessments:member")
