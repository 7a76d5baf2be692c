"""The bounded LRU map behind the per-process caches (knowledge catalog views, routing's schema models)."""

from services.common.lru import Lru


def test_lru_drops_the_least_recently_used_past_its_limit() -> None:
    lru: Lru[str, int] = Lru(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # 'a' is now the most recent
    lru.put("c", 3)  # over the limit: 'b' goes
    assert len(lru) == 2
    assert lru.get("b") is None
    assert (lru.get("a"), lru.get("c")) == (1, 3)


def test_lru_put_replaces_and_pop_forgets() -> None:
    lru: Lru[tuple[str, str], str] = Lru(3)
    lru.put(("org", "c1"), "old")
    lru.put(("org", "c1"), "new")
    assert len(lru) == 1 and lru.get(("org", "c1")) == "new"
    lru.pop(("org", "c1"))
    lru.pop(("org", "missing"))  # absent: nothing to do
    assert lru.get(("org", "c1")) is None and len(lru) == 0
