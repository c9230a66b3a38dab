from django.apps import AppConfig


class PeersConfig(AppConfig):
    name = "alongside.peers"
    label = "peers"
    verbose_name = "Peer support"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.peers import personal_data  # noqa: F401  # registers export and erasure
