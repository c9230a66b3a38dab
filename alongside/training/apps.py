from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "alongside.training"
    label = "training"
    verbose_name = "Training and certification"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.training import personal_data  # noqa: F401  # registers export and erasure
