from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "alongside.rooms"
    label = "rooms"
    verbose_name = "Live meeting rooms"
    default_auto_field = "django.db.models.BigAutoField"
