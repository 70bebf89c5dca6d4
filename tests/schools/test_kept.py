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
