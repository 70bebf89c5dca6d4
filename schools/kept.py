"""What a process works out once and keeps, by key: a page's HTML that depends on a few
values only, a queryset's set-up, a signing key.

Bounded: a long-running process meets keys without end (schools, names, languages, the
secret after a rotation), so the values are dropped all at once when a store is full. A
dropped value costs only its working-out again, and the keys a page uses fill it up anew.
"""

from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Hashable
from typing import Generic
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """Values worked out once per process by key, at most ``most`` of them."""

    __slots__ = ("most", "values")

    def __init__(self, most: int) -> None:
        self.most = most
        self.values: dict[K, V] = {}

    def get(self, key: K, make: Callable[[], V]) -> V:
        """The value kept for ``key``, or ``make()``'s, kept."""
        values = self.values
        try:
            return values[key]
        except KeyError:
            pass
        if len(values) >= self.most:
            values.clear()
        value = values[key] = make()
        return value

    def get_many(self, keys: Collection[K], make: Callable[[list[K]], dict[K, V]]) -> dict[K, V]:
        """The values kept for ``keys``; those missing worked out together by one call of
        ``make(missing)`` (one query for all of them, say), and kept."""
        values = self.values
        found = {key: values[key] for key in keys if key in values}
        if len(found) < len(keys):
            missing = [key for key in keys if key not in found]
            made = make(missing)
            if len(values) + len(made) > self.most:
                values.clear()
            values.update(made)
            found.update(made)
        return found

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self):
        return iter(self.values)

    def clear(self) -> None:
        self.values.clear()
