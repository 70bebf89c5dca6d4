"""Queries whose SQL is compiled once per process.

Building and compiling a query with subqueries and conditional counts can cost Django
more CPU than running it; where a page runs the same query and only the ids of the
school or group differ, ``compiled_rows`` compiles it once with stand-ins in the ids'
place (ids no row has) and swaps the real ids in on each call. The group dashboard and
step 7's checklist read their figures this way.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import get_language

# Far below any id the database hands out: the n-th keyword's stand-ins count down from
# its own million, so two keywords' stand-ins never meet.
_STAND_IN = -2_000_000_000
_COMPILED: dict[tuple, tuple[str, tuple]] = {}


def compiled_rows(build: Callable[..., QuerySet], **ids: int | list[int]) -> list[tuple]:
    """The rows of ``build(**ids)``, its SQL compiled once per process (once per length of
    a list of ids), read as the database returns them: no converters, so booleans may be
    0 and 1 and decimals any number. ``build`` must filter by every id it is given."""
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
        get_language(),
        connection.alias,
        connection.vendor,
        shape,
    )
    compiled = _COMPILED.get(key)
    if compiled is None:
        sql, params = build(**stand_ins).query.sql_with_params()
        if set(values) - set(params):
            raise ImproperlyConfigured(f"{build.__qualname__} does not filter by {names}.")
        compiled = _COMPILED[key] = (sql, tuple(params))
    sql, params = compiled
    with connection.cursor() as cursor:
        cursor.execute(sql, [values.get(p, p) if type(p) is int else p for p in params])
        return cursor.fetchall()
