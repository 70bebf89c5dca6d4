"""Queries whose SQL is compiled once per process.

Building and compiling a query with subqueries and conditional counts can cost Django
more CPU than running it; where a page runs the same query and only the ids of the
school or group differ, ``compiled_rows`` compiles it once with stand-ins in the ids'
place (ids no row has) and swaps the real ids in on each call. The group dashboard and
step 7's checklist read their figures this way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import get_language

# Far below any id the database hands out: the n-th keyword's stand-ins count down from
# its own million, so two keywords' stand-ins never meet.
_STAND_IN = -2_000_000_000
_COMPILED: dict[tuple, tuple[str, tuple, tuple]] = {}


def compiled_rows(
    build: Callable[..., QuerySet],
    *,
    outer: str = "{rows}",
    options: dict[str, Hashable] | None = None,
    convert: bool = False,
    **ids: int | list[int],
) -> list[tuple]:
    """The rows of ``build(**ids, **options)``, its SQL compiled once per process (once
    per language, per set of ``options`` and per length of a list of ids). ``build`` must
    filter by every id it is given; ``options`` are its other arguments that shape the
    SQL (a kind of owner, the fields read).

    The rows come as the database returns them (booleans may be 0 and 1, decimals any
    number) unless ``convert``: then with Django's conversions, as ``values_list`` gives
    them (booleans, dates and decimals on SQLite too).

    ``outer`` is SQL around the query, which it names ``{rows}``: a second level of
    grouping (the query's rows per task, summed per school) that the ORM cannot write.
    """
    if convert and outer != "{rows}":
        raise ImproperlyConfigured("Django's conversions apply to the query's own columns.")
    options = options or {}
    names = sorted(ids)
    stand_ins: dict[str, int | list[int]] = {}
    values: dict[int, int] = {}
    for slot, name in enumerate(names):
        base = _STAND_IN - slot * 1_000_000
        value = ids[name]
        if isinstance(value, list):
            stand_ins[name] = [base - 1 - n for n in range(len(value))]
            values.update(zip(stand_ins[name], value, strict=True))
        else:
            stand_ins[name] = base - 1
            values[base - 1] = value
    shape = tuple(len(v) if isinstance(v, list) else None for v in (ids[n] for n in names))
    # The language too: a query may read the reader's language's column (``title_nl``).
    key = (
        build.__module__,
        build.__qualname__,
        tuple(sorted(options.items())),
        get_language(),
        connection.alias,
        connection.vendor,
        shape,
        convert,
        outer,
    )
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiler = build(**stand_ins, **options).query.get_compiler(using=connection.alias)
        sql, params = compiler.as_sql()
        if set(values) - set(params):
            raise ImproperlyConfigured(f"{build.__qualname__} does not filter by {names}.")
        converters = ()
        if convert:
            columns = [column for column, _, _ in compiler.select]
            converters = tuple(compiler.get_converters(columns).items())
        compiled = _COMPILED[key] = (outer.format(rows=sql), tuple(params), converters)
    sql, params, converters = compiled
    with connection.cursor() as cursor:
        cursor.execute(sql, [values.get(p, p) if type(p) is int else p for p in params])
        rows = cursor.fetchall()
    if converters:
        rows = [_converted(row, converters) for row in rows]
    return rows


def _converted(row: tuple, converters: tuple) -> tuple:
    """A row with Django's converters applied, as ``values_list`` returns it."""
    values = list(row)
    for position, (functions, expression) in converters:
        value = values[position]
        for convert in functions:
            value = convert(value, expression, connection)
        values[position] = value
    return tuple(values)


def flag(condition: Q) -> Case:
    """1 where ``condition`` holds for a row, else 0: a figure for ``summed`` to add up."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def summed(keys: Iterable[str], figures: Iterable[str]) -> str:
    """``outer`` SQL that adds up a query's ``figures`` per ``keys`` (its columns' names).

    For a grouping of grouped rows: a task's assignments counted in one join grouped per
    task, then the tasks per school. PostgreSQL runs that join once where an ``Exists``
    per figure probes the assignments again for every task.
    """
    keys = ", ".join(keys)
    sums = ", ".join(f"SUM({figure})" for figure in figures)
    return f"SELECT {keys}, {sums} FROM ({{rows}}) per_row GROUP BY {keys}"
