from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Schools and school groups")

    def ready(self) -> None:
        # After every app's admin module ran (the admin app comes first): the team
        # builder's and the wizard's models join the scoped admin here.
        from schools.admin import register_app_admins
        from schools.language import remember_on_login  # noqa: F401  (connects the receiver)

        register_app_admins()
