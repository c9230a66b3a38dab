from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alongside.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from alongside import shell
        from alongside.accounts import signals  # noqa: F401

        # Every app's navigation links and home cards (alongside/<app>/shell.py).
        shell.autodiscover()
