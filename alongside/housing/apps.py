from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "alongside.housing"
    label = "housing"
    verbose_name = "Sober living"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from alongside.housing import personal_data  # noqa: F401  # registers handlers
        from alongside.housing.models import Bed, House, Stay
        from alongside.housing.services.vacancies import directory_row_deleted
        from alongside.privacy.models import Scope
        from alongside.privacy.scopes import produces

        # A resident's stays, read by the house managers they share "housing" with.
        produces(Scope.HOUSING, page="housing:resident")
        # The services bump the vacancy directory's version with every change they make; a
        # deletion by cascade (an erased resident's stay) must too, or the feed would go stale.
        for model in (House, Bed, Stay):
            post_delete.connect(
                directory_row_deleted,
                sender=model,
                dispatch_uid=f"housing-directory-{model.__name__}",
            )
