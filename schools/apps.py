from django.apps import AppConfig
from django.db.models.signals import post_migrate
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
        _watch_schools()
        post_migrate.connect(_install_changes, sender=self)


def _watch_schools() -> None:
    from schools import changes
    from schools.models import School

    # A school moved to another group changes whose people share in it.
    changes.watch(table=School._meta.db_table, columns=("id",), schools="SELECT r.id FROM {rows} r")


def _install_changes(*, using: str = "default", **_signal: object) -> None:
    # Once a migrate, after every app's migrations: the triggers need every watched table.
    from schools.changes import install

    install(using=using)
