"""Conventions of schemas an ORM writes (Django, Rails) that the engine reads apart from the business tables.

* Framework tables: Django's own apps prefix their tables with ``auth_`` and ``django_`` ('auth_user',
  'django_content_type') beside the project's app labels; in a schema known to be Django's (``app_labels``) they are
  labels too, so 'users' names ``auth_user``.
* Type registries: a generic relation stores the kind of the row it points at as a key into a table whose rows
  name the schema's own tables (Django's ``django_content_type.model``: 'user', 'booking', 'invoice'; a Rails
  polymorphic ``*_type`` column: 'Post', 'Photo'). Those values are table names, not business values: read as
  values, every question's noun ('users', 'members') would become a filter on that registry.
"""

from __future__ import annotations

import re

from .lexicon import singular, split_identifier
from ..types import Schema

FRAMEWORK_LABELS = frozenset(("auth", "django"))
MIN_NAMED = 3  # a registry names several tables; one or two matches are a coincidence ('Books' as a category)
NAMED_SHARE = 0.6


def framework_labels(names: list[str]) -> frozenset[str]:
    """The framework's own app labels among ``names`` ('auth' of 'auth_user'), for a schema already known as Django's."""
    return frozenset(w for n in names if len(p := split_identifier(n)) >= 2 and (w := p[0]) in FRAMEWORK_LABELS)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", singular(str(text).lower()))


def table_nouns(schema: Schema) -> set[str]:
    """Each table's name and every tail of its words, without separators ('spaces_room' -> spacesroom, room)."""
    out: set[str] = set()
    for t in schema.tables:
        words = [w.lower() for w in split_identifier(t.name)]
        for k in range(len(words)):
            tail = words[k:]
            out.add(_norm("".join(tail[:-1]) + singular(tail[-1])))
    return out


def type_registries(schema: Schema) -> frozenset[str]:
    """Tables one of whose text columns names the schema's own tables: at least three of its values, and most of
    them, are table names. Their values are not indexed as values a question can say."""
    nouns = table_nouns(schema)
    found = set()
    for t in schema.tables:
        for c in t.columns:
            values = [str(v) for v in c.sample_values if isinstance(v, str) and v.strip()]
            if not c.values_complete or len(values) < MIN_NAMED:
                continue
            named = sum(1 for v in values if _norm(v) in nouns)
            if named >= MIN_NAMED and named / len(values) >= NAMED_SHARE:
                found.add(t.name)
                break
    return frozenset(found)
