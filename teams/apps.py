from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = _("ICT teams")

    def ready(self) -> None:
        from schools import changes
        from teams.models import Agreement
        from teams.models import Assignment
        from teams.models import ConsultationGroup
        from teams.models import Person
        from teams.models import PersonSchool

        for model in (PersonSchool, ConsultationGroup, Agreement):
            changes.own_school(model._meta.db_table)
        shares = PersonSchool._meta.db_table
        # An assignment's school, and the schools where its person holds a share: a
        # group-level person's hours used in every school show on each team they serve.
        changes.watch(
            table=Assignment._meta.db_table,
            columns=("school_id", "person_id"),
            schools=(
                "SELECT r.school_id FROM {rows} r "
                f'UNION SELECT p.school_id FROM "{shares}" p JOIN {{rows}} r '
                "ON p.person_id = r.person_id"
            ),
            school_column="school_id",
        )
        # A person's school, and the schools where a group-level person holds a share or
        # an assignment: their hours and whether they belong to the group count there.
        changes.watch(
            table=Person._meta.db_table,
            columns=("id", "school_id"),
            school_column="school_id",
            schools=(
                "SELECT r.school_id FROM {rows} r "
                f'UNION SELECT a.school_id FROM "{Assignment._meta.db_table}" a '
                "JOIN {rows} r ON a.person_id = r.id "
                f'UNION SELECT p.school_id FROM "{shares}" p '
                "JOIN {rows} r ON p.person_id = r.id"
            ),
        )
