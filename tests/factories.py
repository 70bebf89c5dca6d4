"""Factories. Related objects stay in one school: a factory never mixes tenants."""

import factory
from django.contrib.auth import get_user_model

from schools.models import EducationLevel, Membership, Role, School, SchoolGroup
from tasks.models import Cluster, ListTask, Task

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class SchoolGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolGroup

    name = factory.Sequence(lambda n: f"School group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    group = factory.SubFactory(SchoolGroupFactory)
    name = factory.Sequence(lambda n: f"School {n}")
    slug = factory.Sequence(lambda n: f"school-{n}")
    education_level = EducationLevel.SECONDARY
    pupils = 600
    locations = 1


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    group = None
    role = Role.ICT_COORDINATOR


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    code = factory.Sequence(lambda n: f"TEC-GEN-{n:03d}")
    cluster = Cluster.TECHNICAL
    topic = "Hardware"
    title = factory.Sequence(lambda n: f"Task {n}")
    description = "A task."
    needs_technical = True
    source = "Ch. 1, Figure 1"


class ListTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListTask

    school = factory.SubFactory(SchoolFactory)
    group = None
    task = factory.SubFactory(TaskFactory)


def member(school: School | None = None, *, role: str = Role.ICT_COORDINATOR, group=None, **kw):
    """A user with one membership: in ``school``, or at the level of ``group``."""
    user = UserFactory(**kw)
    if group is not None:
        Membership.objects.create(user=user, group=group, role=role)
    else:
        Membership.objects.create(user=user, school=school or SchoolFactory(), role=role)
    return user
