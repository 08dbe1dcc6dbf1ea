from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People: sign-up, the look-alike username rule, log-in and its audit lines, the user admin."""

    name = "forum.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from forum.accounts import audit  # noqa: F401  connect the log-in audit receivers
