"""Every URL of the project, for every role, against another group's and another school's data.

The walk iterates ``django.urls.get_resolver()``, so a page added later is covered
without touching this file. Each pattern's arguments are filled from the names it uses
(``school_slug``, ``group_slug``, ``pk``, ``object_id``, ``code``, …) with objects of:

- another group (its school, the group itself, and everything they own);
- another school of the same group (for school-level roles; a group role sees it);
- the user's own school or group in the URL with the other one's object ids, the
  classic way to reach someone else's object through one's own pages.

Pages addressing a tenant must answer 404 or 403, to GET and POST alike (a POST-only
view may answer a GET with 405, before it looks anything up), and nothing may change in
the database. Pages addressing none (home, the catalogue, admin lists) must not show
anything of the other group or school. A pattern whose arguments the walk cannot fill
fails the test: teach ``FILLERS`` the new argument name.

Every foreign object is built generically from the models' fields (``World``), with
one primary key per owner, so ``pk`` means the same owner for every model; a new
tenant-owned model is built without changes here, or the test says why it cannot be.
"""

from __future__ import annotations

import itertools
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.utils import timezone

from guidelines.flowchart import FLOWCHART
from schools.models import Membership
from schools.models import Role
from schools.models import School
from schools.models import SchoolGroup
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import SchoolGroupFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = (
    "schools",
    "tasks",
    "teams",
    "guidelines",
    "development",
    "policy",
    "years",
    "sharing",
)

# Public by design, or ending the session the walk runs in: not walked for any role.
PUBLIC = {
    "home",
    "login",
    "logout",
    "admin:login",
    "admin:logout",
    # Resetting one's own password by e-mail: for visitors who cannot log in.
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # A bearer link: whoever holds the token may see the invitation and accept it.
    "schools:invitation_accept",
    # The shared catalogue and the report's flowchart are the same for everyone.
    "tasks:catalogue",
    "tasks:catalogue_export",
    "guidelines:flowchart",
    "guidelines:flowchart_svg",
    "admin:jsi18n",
    # The language switcher: a visitor chooses a language before logging in.
    "set_language",
}

# Arguments that address a tenant: pages using any of them answer 403 or 404.
TENANT_ARGUMENTS = {
    "school_slug",
    "group_slug",
    "pk",
    "object_id",
    "id",
    "code",
    "content_type_id",
    "token",
}


# --- the world: the user's school, and the foreign owners with everything they own -----


@dataclass
class Owner:
    """A school or a group that is not the user's, the primary key of all it owns, a mark."""

    key: str
    pk: int
    mark: str
    school: School | None = None
    group: SchoolGroup | None = None

    @property
    def kind(self) -> str:
        return "school" if self.school is not None else "group"


@dataclass
class World:
    own_school: School
    own_group: SchoolGroup
    owners: dict[str, Owner] = field(default_factory=dict)
    built: dict[tuple[type[models.Model], str], models.Model] = field(default_factory=dict)
    users: dict[str, models.Model] = field(default_factory=dict)

    def obj(self, model: type[models.Model], owner: str) -> models.Model | None:
        return self.built.get((model, owner))


# Primary keys far above anything the suite creates, one per foreign owner.
OTHER_SCHOOL, OTHER_GROUP, SIBLING_SCHOOL, OWN_GROUP = 910_001, 920_001, 930_001, 940_001
# What the user's own school owns, for the checks within it.
OWN_SCHOOL = 950_001
MARKS = {
    "other_school": "Zzotherschool",
    "other_group": "Zzothergroup",
    "sibling_school": "Zzsiblingschool",
    "own_group": "Zzowngroup",
    "own_school": "Zzownschool",
}


def tenant_models() -> list[type[models.Model]]:
    """Every tenant-owned model of the project, owners first (by foreign keys)."""
    found = [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not model.__name__.startswith("Historical")
        and model not in (School, SchoolGroup)
        and (
            getattr(model, "tenant_school_path", None) or getattr(model, "tenant_group_path", None)
        )
    ]
    ordered: list[type[models.Model]] = []

    def visit(model: type[models.Model], seen: tuple = ()) -> None:
        if model in ordered:
            return
        if model in seen:
            raise AssertionError(f"foreign keys loop through {model._meta.label}")
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model in found and f.related_model is not model:
                visit(f.related_model, (*seen, model))
        ordered.append(model)

    for model in found:
        visit(model)
    return ordered


def _is_tenant(model: type[models.Model]) -> bool:
    return (
        model in (School, SchoolGroup, get_user_model())
        or bool(getattr(model, "tenant_school_path", None))
        or bool(getattr(model, "tenant_group_path", None))
    )


def _can_own(model: type[models.Model], owner: Owner) -> bool:
    return bool(getattr(model, f"tenant_{owner.kind}_path", None))


# Values the database constraints ask for that a field alone does not tell.
OVERRIDES = {
    "schools.Membership": lambda owner: {"role": Role.TEAM_MEMBER},
    "schools.Invitation": lambda owner: {
        "role": Role.TEAM_MEMBER,
        "token": f"{owner.mark}-token",
        "expires": timezone.now() + timedelta(days=7),
    },
    "guidelines.Answer": lambda owner: {"node_id": FLOWCHART.start, "value": "yes", "seq": 1},
    "tasks.Task": lambda owner: {"code": f"{owner.mark}-OWN-1"},
}


def _value(world: World, model, f: models.Field, owner: Owner):
    """A valid value for one field of an object owned by ``owner``."""
    if f.is_relation:
        target = f.related_model
        if target is School:
            return owner.school if owner.kind == "school" else None
        if target is SchoolGroup:
            return owner.group if owner.kind == "group" else None
        if target is get_user_model():
            return world.users[owner.key]
        related = world.obj(target, owner.key)
        if related is None and not f.null:
            raise LookupError(f"no {target._meta.label} owned by {owner.key}")
        # A second person field (a backup) stays empty: nobody backs themselves up.
        if f.null and target is model:
            return None
        if f.null and f.name == "backup":
            return None
        return related
    if f.choices:
        return f.get_default() if f.has_default() else f.choices[0][0]
    if isinstance(f, models.BooleanField):
        return True  # e.g. an assignment needs a mandate
    if isinstance(f, models.EmailField):
        return f"{owner.mark.lower()}@example.org"
    if isinstance(f, models.SlugField):
        return f"{owner.mark.lower()}-{model._meta.model_name}"
    if isinstance(f, models.CharField | models.TextField):
        text = f.get_default() if f.has_default() and f.get_default() else owner.mark
        return str(text)[: f.max_length] if f.max_length else str(text)
    if isinstance(f, models.DecimalField):
        return Decimal("1")
    if isinstance(f, models.IntegerField):
        return f.get_default() if f.has_default() and f.get_default() else 1
    if isinstance(f, models.DateTimeField):
        return timezone.now()
    if isinstance(f, models.DateField):
        return timezone.localdate()
    if f.has_default():
        return f.get_default()
    if f.null:
        return None
    raise LookupError(f"cannot fill {model._meta.label}.{f.name}")


def _build(world: World, model: type[models.Model], owner: Owner) -> models.Model | None:
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        try:
            values[f.name] = _value(world, model, f, owner)
        except LookupError:
            if f.null:
                values[f.name] = None
            else:
                return None
    values.update(OVERRIDES.get(model._meta.label, lambda o: {})(owner))
    # The owner's own path must lead to it: skip objects that could not be attached.
    obj = model(pk=owner.pk, **values)
    path = getattr(model, f"tenant_{owner.kind}_path")
    first = path.split("__")[0]
    if getattr(obj, f"{first}_id", None) is None and getattr(obj, first, None) is None:
        return None
    obj.save()
    for m2m in model._meta.many_to_many:
        related = world.obj(m2m.related_model, owner.key)
        if related is not None:
            getattr(obj, m2m.name).add(related)
    return obj


def build_world(*, role: str, password: str) -> tuple[World, models.Model]:
    User = get_user_model()
    # The user's group's name is no secret to its schools; what the group owns is.
    own_group = SchoolGroupFactory(pk=OWN_GROUP, name="Our group")
    own_school = SchoolFactory(group=own_group, name="Our school")
    other_group = SchoolGroupFactory(pk=OTHER_GROUP, name=f"{MARKS['other_group']} group")
    other_school = SchoolFactory(
        pk=OTHER_SCHOOL, group=other_group, name=f"{MARKS['other_school']} school"
    )
    sibling = SchoolFactory(pk=SIBLING_SCHOOL, group=own_group, name=f"{MARKS['sibling_school']}")
    world = World(own_school=own_school, own_group=own_group)
    for key, owner in {
        "other_school": Owner("other_school", OTHER_SCHOOL, MARKS["other_school"], other_school),
        "other_group": Owner("other_group", OTHER_GROUP, MARKS["other_group"], group=other_group),
        "sibling_school": Owner("sibling_school", SIBLING_SCHOOL, MARKS["sibling_school"], sibling),
        "own_group": Owner("own_group", OWN_GROUP, MARKS["own_group"], group=own_group),
        "own_school": Owner("own_school", OWN_SCHOOL, MARKS["own_school"], own_school),
    }.items():
        world.owners[key] = owner
        world.users[key] = User.objects.create_user(
            pk=owner.pk,
            username=f"{owner.mark.lower()}-user",
            first_name=owner.mark,
            password=password,
            is_staff=True,
        )
    for model in tenant_models():
        for key, owner in world.owners.items():
            if _can_own(model, owner):
                obj = _build(world, model, owner)
                if obj is not None:
                    world.built[(model, key)] = obj
    missing = [
        f"{model._meta.label} of {key}"
        for model in tenant_models()
        for key, owner in world.owners.items()
        if _can_own(model, owner) and (model, key) not in world.built
    ]
    assert not missing, f"the walk cannot build: {', '.join(missing)}"

    # The user, with some data of their own so their pages render for real.
    user = User.objects.create_user(
        username=f"walker-{role}", password=password, first_name="Walker", is_staff=True
    )
    kind, _sep, role_name = role.partition(":")
    if kind == "group":
        Membership.objects.create(user=user, group=own_group, role=role_name)
    else:
        Membership.objects.create(user=user, school=own_school, role=role_name)
    ListTaskFactory(school=own_school)
    PersonFactory(school=own_school, name="Our person")
    return world, user


# --- the URL patterns and how to fill them ----------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str
    name: str
    kwargs: tuple[str, ...]
    positional: int

    @property
    def addresses_tenant(self) -> bool:
        model = _admin_model(self)
        if model is not None and not _is_tenant(model):
            # An admin page of a model no school owns (login attempts, permission groups).
            return False
        return bool(TENANT_ARGUMENTS & set(self.kwargs)) or self.positional > 0


def url_patterns() -> list[Pattern]:
    def walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterator[Pattern]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                name = entry.name or str(entry.pattern)
                name = f"{namespace}:{name}" if namespace else name
                regex = entry.pattern.regex
                route = prefix + str(entry.pattern)
                yield Pattern(
                    route=route,
                    name=name or route,
                    kwargs=tuple(regex.groupindex),
                    positional=regex.groups - len(regex.groupindex),
                )

    return list(walk(get_resolver(), "", ""))


def _admin_model(pattern: Pattern) -> type[models.Model] | None:
    if not pattern.name.startswith("admin:"):
        return None
    name = pattern.name.removeprefix("admin:")
    candidates = [
        model
        for model in apps.get_models()
        if name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_")
    ]
    return max(candidates, key=lambda m: len(m._meta.model_name), default=None)


def _filled(pattern: Pattern, world: World, owner: Owner | None, given: dict) -> dict | None:
    kwargs = dict(given)
    for name in pattern.kwargs:
        if name in kwargs:
            continue
        if name not in FILLERS:
            pytest.fail(
                f"tests/test_roles.py does not know how to fill <{name}> of {pattern.route} "
                f"({pattern.name}): add it to FILLERS"
            )
        kwargs[name] = FILLERS[name](world, pattern, owner)
    return None if any(value is None for value in kwargs.values()) else kwargs


def fills(pattern: Pattern, world: World, targets: list[Owner]) -> Iterator[tuple[str, dict]]:
    """(what, kwargs) pairs for one pattern: every way to point it at foreign data."""
    if not pattern.addresses_tenant:
        kwargs = _filled(pattern, world, None, {})
        if kwargs is not None:
            yield "", kwargs
        return
    if "school_slug" in pattern.kwargs:
        owners = [t for t in targets if t.kind == "school"]
        slugs = [(t, {"school_slug": t.school.slug}) for t in owners]
        own = {"school_slug": world.own_school.slug}
    elif "group_slug" in pattern.kwargs:
        owners = [t for t in targets if t.kind == "group"]
        slugs = [(t, {"group_slug": t.group.slug}) for t in owners]
        own = {"group_slug": world.own_group.slug}
    else:
        owners, slugs, own = targets, [(t, {}) for t in targets], None
    for owner, given in slugs:
        kwargs = _filled(pattern, world, owner, given)
        if kwargs is not None:
            yield owner.key, kwargs
    # The user's own school or group in the URL, another's object by its id.
    if own is not None and {"pk", "code"} & set(pattern.kwargs):
        for owner in owners:
            kwargs = _filled(pattern, world, owner, own)
            if kwargs is not None:
                yield f"own {next(iter(own))[:-5]}, object of {owner.key}", kwargs


def _fill_pk(world: World, pattern: Pattern, owner: Owner | None):
    return owner.pk if owner else None


def _fill_code(world: World, pattern: Pattern, owner: Owner | None):
    task = world.obj(apps.get_model("tasks", "Task"), owner.key) if owner else None
    return task.code if task else None


def _fill_token(world: World, pattern: Pattern, owner: Owner | None):
    invitation = world.obj(apps.get_model("schools", "Invitation"), owner.key) if owner else None
    return invitation.token if invitation else None


def _fill_content_type(world: World, pattern: Pattern, owner: Owner | None):
    return ContentType.objects.get_for_model(School if owner.kind == "school" else SchoolGroup).pk


FILLERS = {
    "pk": _fill_pk,
    "object_id": _fill_pk,
    "id": _fill_pk,
    "code": _fill_code,
    "token": _fill_token,
    "content_type_id": _fill_content_type,
    "node_id": lambda world, pattern, owner: FLOWCHART.start,
    "app_label": lambda world, pattern, owner: "teams",
    # The admin's catch-all, for paths that match no admin page.
    "url": lambda world, pattern, owner: "no/such/page/",
}


def _reverse(pattern: Pattern, kwargs: dict, args: tuple = ()) -> str:
    """The path of a pattern with its arguments put in (route converters or regex groups)."""
    path = pattern.route
    for name, value in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)
        path = re.sub(rf"\(\?P<{name}>[^)]*\)", str(value), path)
    for value in args:
        path = re.sub(r"\([^()]*\)", str(value), path, count=1)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


# --- the walk -----------------------------------------------------------------------------


def snapshot() -> dict[str, list]:
    return {
        model._meta.label: sorted(map(repr, model._default_manager.values()))
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
    }


@dataclass
class Walk:
    client: object
    forbidden_marks: list[str]
    failures: list[str] = field(default_factory=list)
    requests: int = 0

    def fetch(self, method: str, path: str):
        self.requests += 1
        try:
            if method == "GET":
                return self.client.get(path)
            return self.client.post(path, {})
        except Exception as error:  # a crash is a finding, with its place
            last = traceback.extract_tb(error.__traceback__)[-1]
            self.failures.append(
                f"{method} {path}: {type(error).__name__}: {error} ({last.filename}:{last.lineno})"
            )
            return None

    def leaks(self, response) -> list[str]:
        text = response.content.decode(errors="replace") if hasattr(response, "content") else ""
        text += response.get("Location", "")
        return [mark for mark in self.forbidden_marks if mark.lower() in text.lower()]

    def refused(self, method: str, path: str, what: str) -> None:
        response = self.fetch(method, path)
        if response is None:
            return
        status = response.status_code
        if status in (301, 302):
            location = response["Location"]
            if self.leaks(response):
                self.failures.append(f"{method} {path} [{what}]: redirect names {location}")
            response = self.fetch("GET", location)
            if response is None:
                return
            status = response.status_code
        # 405: the view does not take this method and refuses before any lookup.
        if status not in (403, 404, 405):
            self.failures.append(f"{method} {path} [{what}]: {status}, expected 403 or 404")
        elif self.leaks(response):
            self.failures.append(
                f"{method} {path} [{what}]: the refusal shows {self.leaks(response)}"
            )

    def no_leak(self, method: str, path: str) -> None:
        response = self.fetch(method, path)
        if response is None:
            return
        if response.status_code in (301, 302) and self.leaks(response):
            self.failures.append(f"{method} {path}: redirect names {response['Location']}")
        if response.status_code >= 500:
            self.failures.append(f"{method} {path}: {response.status_code}")
        leaked = self.leaks(response)
        if leaked:
            self.failures.append(f"{method} {path}: shows {leaked}")


def _history_version(world: World, pattern: Pattern, owner: Owner) -> int | None:
    model = _admin_model(pattern)
    history = getattr(model, "history", None)
    if history is None:
        return None
    record = history.filter(pk=owner.pk).order_by("history_id").first()
    return record.history_id if record else None


GROUP_ROLES = [
    f"group:{Role.GROUP_ADMIN}",
    f"group:{Role.ICT_COORDINATOR}",
    f"group:{Role.TEAM_MEMBER}",
]
SCHOOL_ROLES = [
    f"school:{Role.SCHOOL_LEADER}",
    f"school:{Role.ICT_COORDINATOR}",
    f"school:{Role.TEAM_MEMBER}",
]


def walk_every_url(client, world: World, targets: list[Owner], marks: list[str]) -> Walk:
    walk = Walk(client=client, forbidden_marks=marks)
    for pattern in url_patterns():
        if pattern.name in PUBLIC:
            continue
        if not pattern.addresses_tenant:
            for _what, kwargs in fills(pattern, world, targets):
                for method in ("GET", "POST"):
                    walk.no_leak(method, _reverse(pattern, kwargs))
            continue
        if pattern.positional:
            if not pattern.name.endswith("_simple_history") or pattern.kwargs:
                pytest.fail(
                    f"tests/test_roles.py does not know how to fill the unnamed groups of "
                    f"{pattern.route} ({pattern.name})"
                )
            for owner in targets:
                version = _history_version(world, pattern, owner)
                if version is None:
                    continue
                path = _reverse(pattern, {}, (owner.pk, version))
                for method in ("GET", "POST"):
                    walk.refused(method, path, owner.key)
            continue
        for what, kwargs in fills(pattern, world, targets):
            path = _reverse(pattern, kwargs)
            for method in ("GET", "POST"):
                walk.refused(method, path, what)
    return walk


@pytest.mark.parametrize("role", GROUP_ROLES + SCHOOL_ROLES)
def test_every_url_refuses_another_groups_and_another_schools_data(client, password, role):
    world, user = build_world(role=role, password=password)
    assert client.login(username=user.username, password=password)
    group_role = role.startswith("group:")
    keys = ["other_school", "other_group"]
    if not group_role:
        # A group role sees every school of its group; a school role only its own.
        keys += ["sibling_school", "own_group"]
    targets = [world.owners[key] for key in keys]
    before = snapshot()
    walk = walk_every_url(client, world, targets, [world.owners[k].mark for k in keys])
    assert snapshot() == before, "the walk changed data"
    assert walk.requests > 500
    assert not walk.failures, "\n".join(walk.failures)


def test_every_url_sends_anonymous_visitors_to_log_in(client, password):
    world, _user = build_world(role=f"school:{Role.TEAM_MEMBER}", password=password)
    targets = list(world.owners.values())
    failures = []
    checked = 0
    for pattern in url_patterns():
        if pattern.name in PUBLIC or pattern.positional:
            continue
        for _what, kwargs in itertools.islice(fills(pattern, world, targets), 2):
            path = _reverse(pattern, kwargs)
            for method in ("GET", "POST"):
                checked += 1
                response = getattr(client, method.lower())(path)
                location = response.get("Location", "")
                to_login = response.status_code == 302 and "login" in location
                if not (to_login or response.status_code in (403, 404, 405)):
                    failures.append(f"{method} {path}: {response.status_code} {location}")
                elif any(o.mark.lower() in response.content.decode().lower() for o in targets):
                    failures.append(f"{method} {path}: shows another group's data")
    assert checked > 100
    assert not failures, "\n".join(failures)


def test_the_walk_fails_loudly_on_an_argument_it_cannot_fill(password):
    world, _user = build_world(role=f"school:{Role.TEAM_MEMBER}", password=password)
    pattern = Pattern(
        route="schools/<slug:school_slug>/things/<slug:thing_key>/",
        name="new:thing",
        kwargs=("school_slug", "thing_key"),
        positional=0,
    )
    with pytest.raises(pytest.fail.Exception, match="thing_key"):
        list(fills(pattern, world, list(world.owners.values())))


# --- within the user's own school: what each role may do --------------------------------


# What a team member may post: a comment on the ICT policy plan ("Teachers must therefore
# be actively involved in the entire process", chapter 2). An empty one changes nothing.
TEAM_MEMBER_POSTS = {"policy:school_comment", "policy:group_comment"}


def test_a_team_member_reads_but_changes_nothing(client, password):
    """Every POST to the own school's and group's pages is refused to a team member, but a
    comment on the ICT policy plan (refused only when empty)."""
    world, user = build_world(role=f"school:{Role.TEAM_MEMBER}", password=password)
    assert client.login(username=user.username, password=password)
    own = world.owners["own_school"]
    walk = Walk(client=client, forbidden_marks=[])
    before = snapshot()
    for pattern in url_patterns():
        if pattern.name in PUBLIC or pattern.name.startswith("admin:"):
            continue
        if not ({"school_slug", "group_slug"} & set(pattern.kwargs)):
            continue
        given = (
            {"school_slug": world.own_school.slug}
            if "school_slug" in pattern.kwargs
            else {"group_slug": world.own_group.slug}
        )
        kwargs = _filled(pattern, world, own, given)
        if kwargs is None:
            continue
        path = _reverse(pattern, kwargs)
        posted = walk.fetch("POST", path)
        if posted is None or posted.status_code in (403, 404, 405):
            continue
        if pattern.name in TEAM_MEMBER_POSTS and posted.status_code == 302:
            continue
        # A page a team member may read answers a POST like a GET, and changes nothing.
        read = walk.fetch("GET", path)
        if not (posted.status_code == 200 and read is not None and read.status_code == 200):
            walk.failures.append(f"POST {path}: {posted.status_code}, expected 403")
    assert snapshot() == before, "a team member changed data"
    assert walk.requests > 40
    assert not walk.failures, "\n".join(walk.failures)


GA, SL, IC, TM = "group_admin", "school_leader", "ict_coordinator", "team_member"
EVERYONE = {GA, SL, IC, TM}

# (what, method, url name, address, who may) — the roles table of the README.
ROLE_MATRIX = [
    ("read the team", "GET", "teams:overview", "school", EVERYONE),
    ("read their own role description", "GET", "teams:document_role", "own person", EVERYONE),
    ("read another's role description", "GET", "teams:document_role", "person", {GA, SL, IC}),
    ("edit the task list", "POST", "tasks:school_start", "school", {GA, SL, IC}),
    ("edit the team", "POST", "teams:person_add", "school", {GA, SL, IC}),
    ("approve mandates", "POST", "teams:approve_all", "school", {GA, SL}),
    ("run the wizard", "POST", "guidelines:school_start", "school", {GA, SL}),
    ("roll over to a new school year", "POST", "years:rollover", "school", {GA, SL}),
    ("compare school years", "GET", "years:compare", "school", EVERYONE),
    ("open the group dashboard", "GET", "overview:group_dashboard", "group", {GA}),
    ("export the group's documents", "POST", "overview:group_documents", "group", {GA}),
    ("export the school's documents", "POST", "overview:school_documents", "school", {GA, SL, IC}),
    ("manage people in the admin site", "GET", "admin:teams_person_changelist", "", {GA, SL}),
    ("read the ICT policy plan", "GET", "policy:school_plan", "school", EVERYONE),
    ("comment on the ICT policy plan", "POST", "policy:school_comment", "school", EVERYONE),
    ("write the ICT policy plan", "POST", "policy:school_goal_add", "school", {GA, SL, IC}),
    ("record a needs scan", "POST", "policy:school_scan", "school", {GA, SL, IC}),
]


@pytest.mark.parametrize("role", [GA, SL, IC, TM])
def test_each_role_may_do_what_the_roles_table_says(client, group, school, password, role):
    from django.urls import reverse

    from schools.access import CAN_MANAGE

    user = get_user_model().objects.create_user(
        username=f"as-{role}",
        email=f"{role}@example.org",
        password=password,
        is_staff=role in CAN_MANAGE,
    )
    if role == GA:
        Membership.objects.create(user=user, group=group, role=role)
    else:
        Membership.objects.create(user=user, school=school, role=role)
    own = PersonFactory(school=school, email=user.email)
    other = PersonFactory(school=school, email="someone.else@example.org")
    assert client.login(username=user.username, password=password)
    wrong = []
    for what, method, name, address, allowed in ROLE_MATRIX:
        args = {
            "school": [school.slug],
            "group": [group.slug],
            "own person": [school.slug, own.pk],
            "person": [school.slug, other.pk],
            "": [],
        }[address]
        url = reverse(name, args=args)
        response = client.get(url) if method == "GET" else client.post(url, {})
        location = response.get("Location", "")
        refused = response.status_code in (403, 404) or (
            response.status_code == 302 and "login" in location
        )
        if refused == (role in allowed):
            wrong.append(f"{role} {'may not' if refused else 'may'} {what}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_the_walk_refuses_another_owners_jobs_to_every_role():
    """A job is its starter's alone: the walk builds one per foreign owner (started by
    that owner's user) and expects 404 for its page and its file from every role."""
    from schools.models import Job

    assert Job in tenant_models()
    by_name = {pattern.name: pattern for pattern in url_patterns()}
    for name in ("overview:job", "overview:job_download"):
        assert by_name[name].addresses_tenant
        assert name not in PUBLIC
