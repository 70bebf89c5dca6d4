from schools.kept import Kept


def test_a_value_is_worked_out_once_per_key():
    made = []
    kept = Kept(4)

    def make(value):
        made.append(value)
        return value * 2

    assert kept.get("a", lambda: make(1)) == 2
    assert kept.get("a", lambda: make(5)) == 2
    assert kept.get("b", lambda: make(3)) == 6
    assert made == [1, 3]
    assert sorted(kept) == ["a", "b"] and len(kept) == 2


def test_a_full_store_is_emptied_before_the_next_value():
    kept = Kept(2)
    kept.get(1, lambda: "one")
    kept.get(2, lambda: "two")
    assert kept.get(3, lambda: "three") == "three"
    assert list(kept) == [3]
    assert kept.get(1, lambda: "one again") == "one again"


def test_a_value_that_is_falsy_is_kept_all_the_same():
    calls = []
    kept = Kept(2)
    for _ in range(3):
        kept.get("empty", lambda: calls.append(1) or "")
    assert calls == [1]


def test_clear_drops_every_value():
    kept = Kept(2)
    kept.get("a", lambda: 1)
    kept.clear()
    assert not kept and kept.get("a", lambda: 2) == 2


def test_many_values_are_worked_out_together_once():
    calls = []
    kept = Kept(10)

    def make(keys):
        calls.append(list(keys))
        return {key: key * 10 for key in keys}

    assert kept.get_many([1, 2], make) == {1: 10, 2: 20}
    assert kept.get_many([2, 3], make) == {2: 20, 3: 30}
    assert kept.get_many([1, 3], make) == {1: 10, 3: 30}
    assert calls == [[1, 2], [3]]


def test_many_values_past_the_bound_empty_the_store_first():
    kept = Kept(3)
    kept.get_many([1, 2], lambda keys: {key: key for key in keys})
    assert kept.get_many([3, 4], lambda keys: {key: -key for key in keys}) == {3: -3, 4: -4}
    assert sorted(kept) == [3, 4]
