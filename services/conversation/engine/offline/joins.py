"""Join paths along foreign keys (declared or inferred from same-named id columns)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace

from .lexicon import split_identifier
from .linking import SchemaIndex, TableInfo


@dataclass(frozen=True)
class Edge:
    """``left.left_col = right.right_col``; ``declared`` false for inferred keys; ``onward`` false when a path may end
    at ``right`` but not go on through it."""

    left: str
    left_col: str
    right: str
    right_col: str
    declared: bool = True
    onward: bool = True

    def reverse(self) -> "Edge":
        return Edge(self.right, self.right_col, self.left, self.left_col, self.declared)


def _role_penalty(table: TableInfo, col: str) -> int:
    """Prefer the FK whose name does not repeat the owning table's own words (student_id over friend_id)."""
    info = table.col(col)
    if info is None:
        return 0
    return len(set(info.words) & set(table.key_words))


def edges(index: SchemaIndex) -> dict[str, list[Edge]]:
    """Adjacency list of join edges, best edge first for each table pair."""
    adj: dict[str, list[Edge]] = {t.name: [] for t in index.tables}
    declared_pairs: set[tuple[str, str]] = set()
    for t in index.tables:
        fks = sorted((c for c in t.columns if c.fk), key=lambda c: _role_penalty(t, c.name))
        for c in fks:
            assert c.fk is not None
            ref = index.table(c.fk[0])
            if ref is None:
                continue
            ref_col = ref.col(c.fk[1]) or ref.pk()
            if ref_col is None:
                continue
            e = Edge(t.name, c.name, ref.name, ref_col.name)
            adj[t.name].append(e)
            adj[ref.name].append(e.reverse())
            declared_pairs.add((t.name, ref.name))
            declared_pairs.add((ref.name, t.name))
    for t in index.tables:
        for c in t.columns:
            if c.fk or c.is_pk:
                continue
            for other in index.tables:
                if other is t or (t.name, other.name) in declared_pairs:
                    continue
                pk = other.pk()
                if pk is None:
                    continue
                same = c.name.lower() == pk.name.lower() and c.words and c.words[-1] in ("id", "code", "key", "no", "number")
                named = pk.words == ("id",) and c.words[:-1] == other.key_words and c.words[-1:] == ("id",)
                if same or named:
                    e = Edge(t.name, c.name, other.name, pk.name, declared=False)
                    adj[t.name].append(e)
                    adj[other.name].append(e.reverse())
    bridges = {t.name for t in index.tables if is_pure_bridge(t)}
    # a table of one row (the company every record of a single-company ERP points at) relates every row of one
    # table to every row of another: a path may end there ('warehouses per company') but never pass through it
    single = {t.name for t in index.tables if t.row_count == 1}
    for name, out in adj.items():
        out[:] = [replace(e, onward=False) if e.right in single else e for e in out]
        out.sort(key=lambda e: e.right not in bridges)  # stable: otherwise the order above
    return adj


def is_pure_bridge(table: TableInfo) -> bool:
    """A many-to-many table and nothing else, named after one of the two tables it links (Django's through table
    '<model table>_<field>' such as 'events_event_attendees': id, event_id, member_id; 'film_actor'): it records how
    the two relate, so a path through it is preferred over one of the same length through a third table ('members
    who came to an event' are the event's attendees, not the members of the event's location). An entity with two
    keys and nothing else ('Orders': customer and clerk) is not named after either, and keeps the usual order."""
    keys = [c for c in table.columns if c.fk is not None]
    refs = {c.fk[0].lower() for c in keys if c.fk}
    own = split_identifier(table.name)  # in either case style: 'events_event_attendees', 'EventsEventAttendees'
    return (len(refs) == 2 and len(keys) == 2 and all(c.is_pk or c.fk is not None for c in table.columns)
            and any(len(own) > len(w) and own[:len(w)] == w for w in (split_identifier(c.fk[0]) for c in keys if c.fk)))


def shortest_path(adj: dict[str, list[Edge]], src: str, dst: str) -> list[Edge] | None:
    """BFS path of edges from src to dst."""
    if src == dst:
        return []
    prev: dict[str, Edge] = {}
    seen = {src}
    q = deque([src])
    while q:
        cur = q.popleft()
        for e in adj.get(cur, []):
            if e.right in seen:
                continue
            if e.right == dst:
                prev[e.right] = e
                path: list[Edge] = []
                node = dst
                while node != src:
                    pe = prev[node]
                    path.append(pe)
                    node = pe.left
                return list(reversed(path))
            if not e.onward:
                continue
            seen.add(e.right)
            prev[e.right] = e
            q.append(e.right)
    return None


def join_tree(adj: dict[str, list[Edge]], root: str, needed: list[str]) -> tuple[list[str], list[Edge]] | None:
    """Tables and edges connecting ``root`` with every needed table (greedy Steiner tree)."""
    in_tree = [root]
    tree_edges: list[Edge] = []
    remaining = [t for t in dict.fromkeys(needed) if t != root]
    while remaining:
        best: tuple[int, str, list[Edge]] | None = None
        for target in remaining:
            for start in in_tree:
                p = shortest_path(adj, start, target)
                if p is None:
                    continue
                if best is None or len(p) < best[0]:
                    best = (len(p), target, p)
        if best is None:
            return None
        _, target, path = best
        for e in path:
            if e.right not in in_tree:
                in_tree.append(e.right)
                tree_edges.append(e)
        remaining = [t for t in remaining if t not in in_tree]
    return in_tree, tree_edges
