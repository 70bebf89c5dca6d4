"""A school's change token: a number the database renews on every write to the school's
rows, so that a page may keep what it worked out from those rows until one changes.

Database triggers renew it, not Django's signals: bulk writes (``bulk_create``,
``update()``, a catalogue's fan-out to every task list, a migration's SQL) send no
signal, and a token that missed one write would let a page show old figures for good.
Each app names the tables whose rows belong to schools, and which schools a row touches
(``watch``, from its ``AppConfig.ready``); ``install`` writes the triggers after every
``migrate`` (``SchoolsConfig.ready`` connects it): SQLite drops a table's triggers when a
migration rebuilds the table, so they are written again whatever the migrations did.

The token is random, not a counter: a counter comes back to an earlier value when a
transaction is rolled back (or a test's database is), and a page keeping figures for
"school 3 at token 7" would show them for another school 3 at token 7. A school's row
(``SchoolChange``) is written when the school is; ``install`` writes a new token for
every school, so writes made while the triggers were missing are never taken for none.

What keeps by token may show only what the watched tables hold: a test lists the tables
the dashboard's kept reads ask (``tests/overview/test_dashboard_kept.py``), and the
other kept reads are compared with fresh ones after writes, each in its app's tests.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Hashable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet

from schools.compiled import compiled_rows
from schools.kept import Kept
from schools.models import School
from schools.models import SchoolChange

# A new token: 53 random bits on PostgreSQL (its ``random()`` is a double), 64 on SQLite.
NEW_TOKEN = {
    "postgresql": "floor(random() * 9007199254740991)::bigint",
    "sqlite": "random()",
}
EVENTS = ("insert", "update", "delete")
V = TypeVar("V")


@dataclass(frozen=True)
class Watched:
    """A table whose rows belong to schools.

    ``schools``: SQL giving the ids of the schools that rows touch, reading them from
    ``{rows}`` (the statement's rows on PostgreSQL, the row itself on SQLite) under the
    alias ``r``; ``columns``: the rows' columns it reads.
    """

    table: str
    columns: tuple[str, ...]
    schools: str
    events: tuple[str, ...] = EVENTS
    # The column naming a row's own school, where every write renews that school's token
    # (old and new): a count of a school's rows is then the same while its token is.
    school_column: str | None = None


WATCHED: dict[str, Watched] = {}


def watch(
    *,
    table: str,
    columns: tuple[str, ...],
    schools: str,
    events: tuple[str, ...] = EVENTS,
    school_column: str | None = None,
) -> None:
    """Renew the token of the schools ``schools`` names whenever a row of ``table`` is
    written (inserted, updated or deleted: ``events``); ``school_column``: the column
    naming a row's own school, if ``schools`` always includes it."""
    WATCHED[table] = Watched(
        table=table, columns=columns, schools=schools, events=events, school_column=school_column
    )


def own_school(table: str) -> None:
    """Watch ``table``, whose rows name their school in ``school_id``."""
    watch(
        table=table,
        columns=("school_id",),
        schools="SELECT r.school_id FROM {rows} r",
        school_column="school_id",
    )


def every_school(table: str) -> None:
    """Watch ``table``, whose rows every school reads (the catalogue). A new row is on no
    school's list yet: the entry that puts it there renews that school's token."""
    watch(
        table=table,
        events=("update", "delete"),
        columns=("id",),
        schools=f'SELECT s.id FROM "{School._meta.db_table}" s WHERE EXISTS '
        "(SELECT 1 FROM {rows} r)",
    )


def _renew(vendor: str, schools: str) -> str:
    table = SchoolChange._meta.db_table
    return f'UPDATE "{table}" SET token = {NEW_TOKEN[vendor]} WHERE school_id IN ({schools})'


def _sqlite_row(prefix: str, columns: tuple[str, ...]) -> str:
    return "(SELECT " + ", ".join(f'{prefix}."{c}" AS "{c}"' for c in columns) + ")"


def _statements(vendor: str, watched: Watched) -> list[str]:
    """The SQL that (re)writes ``watched``'s triggers."""
    table = watched.table
    out = []
    for event in watched.events:
        name = f"schools_change_{table}_{event}"
        if vendor == "sqlite":
            new = watched.schools.format(rows=_sqlite_row("NEW", watched.columns))
            old = watched.schools.format(rows=_sqlite_row("OLD", watched.columns))
            touched = {"insert": new, "update": f"{new} UNION {old}", "delete": old}[event]
            out += [
                f'DROP TRIGGER IF EXISTS "{name}"',
                f'CREATE TRIGGER "{name}" AFTER {event.upper()} ON "{table}" FOR EACH ROW '
                f"BEGIN {_renew(vendor, touched)}; END",
            ]
            continue
        new = watched.schools.format(rows="new_rows")
        old = watched.schools.format(rows="old_rows")
        touched, referencing = {
            "insert": (new, "NEW TABLE AS new_rows"),
            "update": (f"{new} UNION {old}", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            "delete": (old, "OLD TABLE AS old_rows"),
        }[event]
        out += [
            f'CREATE OR REPLACE FUNCTION "{name}"() RETURNS trigger LANGUAGE plpgsql AS $$ '
            f"BEGIN {_renew(vendor, touched)}; RETURN NULL; END $$",
            f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"',
            # Once a statement, over all its rows: a catalogue's fan-out writes a hundred
            # thousand entries in one.
            f'CREATE TRIGGER "{name}" AFTER {event.upper()} ON "{table}" '
            f'REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION "{name}"()',
        ]
    return out


def _school_rows(vendor: str) -> list[str]:
    """A new school's row, and a new token for every school that has one or none."""
    school, change = School._meta.db_table, SchoolChange._meta.db_table
    name = "schools_change_new_school"
    token = NEW_TOKEN[vendor]
    if vendor == "sqlite":
        trigger = [
            f'DROP TRIGGER IF EXISTS "{name}"',
            f'CREATE TRIGGER "{name}" AFTER INSERT ON "{school}" FOR EACH ROW BEGIN '
            f'INSERT INTO "{change}" (school_id, token) VALUES (NEW.id, {token}); END',
        ]
    else:
        trigger = [
            f'CREATE OR REPLACE FUNCTION "{name}"() RETURNS trigger LANGUAGE plpgsql AS $$ '
            f'BEGIN INSERT INTO "{change}" (school_id, token) SELECT id, {token} '
            "FROM new_rows; RETURN NULL; END $$",
            f'DROP TRIGGER IF EXISTS "{name}" ON "{school}"',
            f'CREATE TRIGGER "{name}" AFTER INSERT ON "{school}" '
            f'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "{name}"()',
        ]
    return [
        *trigger,
        f'INSERT INTO "{change}" (school_id, token) SELECT id, 0 FROM "{school}" '
        f'WHERE id NOT IN (SELECT school_id FROM "{change}")',
        f'UPDATE "{change}" SET token = {token}',
    ]


def install_sql(connection: BaseDatabaseWrapper) -> list[str]:
    """Every statement ``install`` runs on ``connection``, in order: for the watched
    tables it has (``migrate`` to an earlier migration may leave some out)."""
    vendor = connection.vendor
    tables = set(connection.introspection.table_names())
    if vendor not in NEW_TOKEN or SchoolChange._meta.db_table not in tables:
        return []
    statements = _school_rows(vendor)
    for watched in WATCHED.values():
        if watched.table in tables:
            statements += _statements(vendor, watched)
    return statements


def install(*, using: str = "default", **_signal: object) -> None:
    """Write the triggers on the database ``using`` (a ``post_migrate`` receiver)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for statement in install_sql(connection):
            cursor.execute(statement)


def installed(*, using: str = "default") -> set[str]:
    """The names of the change triggers the database ``using`` has."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'schools_change_%'"
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'schools_change_%' "
                "AND NOT tgisinternal"
            )
        return {name for (name,) in cursor.fetchall()}


def expected() -> set[str]:
    """The names ``install`` gives its triggers."""
    names = {"schools_change_new_school"}
    for table, watched in WATCHED.items():
        names |= {f"schools_change_{table}_{event}" for event in watched.events}
    return names


def kept_by_token(
    store: Kept[tuple, V],
    school: School,
    make: Callable[[], V],
    *key: Hashable,
    token: int | None = None,
) -> V:
    """``make()``'s value for ``school``, kept in ``store`` by the school's change token
    (read now, or the ``token`` the page read already) and ``key`` (what else the value
    depends on: a language, a plan); worked out every time for a school without one.
    A kept value is shared by every request that finds it: read, never changed."""
    if token is None:
        token = token_of(school)
        if token is None:
            return make()
    return store.get((school.pk, token, *key), make)


def kept_by_tokens(
    store: Kept[tuple, V],
    tokens: Mapping[int, Hashable | None],
    make: Callable[[list[int]], dict[int, V]],
    *key: Hashable,
) -> dict[int, V]:
    """``kept_by_token`` for many schools at once, by school: each value kept in ``store``
    by the school's token as the page read it (``tokens``: None for a school without one)
    and ``key``; those not kept worked out together by one ``make(school_ids)``, which
    gives a value for every id it is given; a school without a token worked out every
    time."""
    keys = {(school, token, *key): school for school, token in tokens.items() if token is not None}

    def made(missing: list[tuple]) -> dict[tuple, V]:
        values = make([keys[each] for each in missing])
        return {each: values[keys[each]] for each in missing}

    found = {keys[each]: value for each, value in store.get_many(list(keys), made).items()}
    untokened = [school for school, token in tokens.items() if token is None]
    if untokened:
        found.update(make(untokened))
    return found


def token_of(school: School) -> int | None:
    """The school's change token as the database has it now (one query; never one read
    earlier in the request, which a write since may have renewed). None for a school
    without one."""
    for (token,) in compiled_rows(_token, school_id=school.pk):
        return token
    return None


def _token(school_id: int) -> QuerySet:
    return SchoolChange.objects.filter(school_id=school_id).values_list("token")
