"""Queries whose SQL is compiled once per process.

Building and compiling a query with subqueries and conditional counts can cost Django
more CPU than running it; where a page runs the same query and only the ids of the
school or group differ, ``compiled_rows`` compiles it once with stand-ins in the ids'
place (ids no row has) and swaps the real ids in on each call. The group dashboard and
step 7's checklist read their figures this way; a date the query compares with (the
reminders' today) is swapped in the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from collections.abc import Hashable
from collections.abc import Iterable
from collections.abc import Sequence
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Case
from django.db.models import IntegerField
from django.db.models import Model
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import When
from django.db.models.base import ModelState
from django.utils.translation import get_language

# Far below any id the database hands out: the n-th keyword's stand-ins count down from
# its own million, so two keywords' stand-ins never meet.
_STAND_IN = -2_000_000_000
# A date no query compares with: the n-th date keyword's stand-in is n days after it.
_STAND_IN_DATE = datetime.date(1, 1, 1)
# A text no lookup is given (a NUL byte never reaches a query: ``schools.middleware``
# refuses it in a request, PostgreSQL in a string).
_STAND_IN_TEXT = "\x00stand-in-{}"
# The types of the parameters a stand-in may be: an id, or a date as the adapter gives it.
_SWAPPED = frozenset({int, str, datetime.date})
_COMPILED: dict[tuple, tuple[str, tuple, tuple]] = {}


def compiled_rows(
    build: Callable[..., QuerySet],
    *,
    outer: str = "{rows}",
    options: dict[str, Hashable] | None = None,
    convert: bool = False,
    dates: dict[str, datetime.date] | None = None,
    texts: dict[str, str] | None = None,
    **ids: int | list[int],
) -> list[tuple]:
    """The rows of ``build(**ids, **options)``, its SQL compiled once per process (once
    per language, per set of ``options`` and per length of a list of ids). ``build`` must
    filter by every id it is given; ``options`` are its other arguments that shape the
    SQL (a kind of owner, the fields read).

    The rows come as the database returns them (booleans may be 0 and 1, decimals any
    number) unless ``convert``: then with Django's conversions, as ``values_list`` gives
    them (booleans, dates and decimals on SQLite too).

    ``dates`` are arguments compared with a date field (``due__lt=today``): compiled with
    a stand-in and swapped in on each call, as the database adapter prepares a date.
    ``texts`` are arguments a field must equal (``slug=slug``), swapped in the same way.

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
    # A date as the field's lookup prepares it: a date object, or text on SQLite.
    adapt = connection.ops.adapt_datefield_value
    for slot, name in enumerate(sorted(dates or {})):
        stand_ins[name] = _STAND_IN_DATE + datetime.timedelta(days=slot)
        values[adapt(stand_ins[name])] = adapt(dates[name])
    for slot, name in enumerate(sorted(texts or {})):
        stand_ins[name] = _STAND_IN_TEXT.format(slot)
        values[stand_ins[name]] = texts[name]
    shape = tuple(len(v) if isinstance(v, list) else None for v in (ids[n] for n in names))
    # The language too: a query may read the reader's language's column (``title_nl``).
    key = (
        build.__module__,
        build.__qualname__,
        tuple(sorted(options.items())),
        tuple(sorted(dates or {})),
        tuple(sorted(texts or {})),
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
            raise ImproperlyConfigured(
                f"{build.__qualname__} does not filter by "
                f"{[*names, *sorted(dates or {}), *sorted(texts or {})]}."
            )
        converters = ()
        if convert:
            columns = [column for column, _, _ in compiler.select]
            converters = tuple(compiler.get_converters(columns).items())
        compiled = _COMPILED[key] = (outer.format(rows=sql), tuple(params), converters)
    sql, params, converters = compiled
    with connection.cursor() as cursor:
        cursor.execute(sql, [values.get(p, p) if type(p) in _SWAPPED else p for p in params])
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


T = TypeVar("T")


def made(cls: type[T], /, **values: object) -> T:
    """``cls(**values)`` for a dataclass, every field set at once without its ``__init__``
    (a frozen one sets each field through ``object.__setattr__``): for the findings, gaps
    and warnings a page builds by the hundred. The caller names every field; the same
    object."""
    instance = object.__new__(cls)
    instance.__dict__.update(values)
    return instance


def row_instance(model: type[Model], names: Sequence[str], values: Iterable, db: str) -> Model:
    """A model instance from a row of ``values_list``: what the ORM builds from a row,
    without ``Model.__init__``'s work per field. A field not in ``names`` is deferred,
    read from the database on access as with ``only()``."""
    instance = model.__new__(model)
    state = instance._state = ModelState()
    state.adding, state.db = False, db
    instance.__dict__.update(zip(names, values, strict=True))
    return instance


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
