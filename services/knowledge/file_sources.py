"""Which server files a file-based connection may read (security review, issue 10).

SQLite/DuckDB warehouses, dbt ``manifest_path``/``catalog_path`` and a LookML ``project_dir`` name
paths on the server. Without a rule an admin could connect the server's own stores (``auth.db``
holds password hashes, ``admin.db`` invitation tokens) and every user could then read them. So a
path is allowed only under a directory the operator lists in ``DOT_FILE_SOURCES``, and never in
or to the data directory or a store file: checked on the resolved path (symlinks and ``..``
followed) and by inode (hard links). The org's own demo warehouse is the one exception.
Checked at connect and again before every sync and query, since a path can change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from services.common.config import SERVICE_NAMES, Settings
from services.common.errors import InvalidArgument, PermissionDenied

FILE_FIELDS: dict[str, tuple[str, ...]] = {
    "sqlite": ("database_location",),
    "duckdb": ("database_location",),
    "dbt": ("manifest_path", "catalog_path"),
    "looker": ("project_dir",),
}
STORE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def demo_path(data_dir: Path, org: str) -> Path:
    """Where the org's generated demo warehouse lives (the one file source inside the data dir)."""
    return data_dir / f"demo-{org}.sqlite"


@dataclass(frozen=True)
class FileSources:
    """The operator's allowed directories plus what is always refused."""

    allowed: tuple[Path, ...]
    data_dir: Path
    store_files: tuple[Path, ...] = ()  # SQLite stores configured outside the data dir

    @classmethod
    def from_settings(cls, settings: Settings) -> FileSources:
        stores: list[Path] = []
        for name in SERVICE_NAMES:
            url = make_url(settings.db_url(name))
            if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
                stores.extend(Path(url.database + s).resolve() for s in STORE_SUFFIXES)
        return cls(allowed=tuple(p.resolve() for p in settings.file_sources), data_dir=settings.data_dir.resolve(),
                   store_files=tuple(stores))

    def check_params(self, org: str, kind: str, params: dict[str, Any]) -> None:
        """Raise PermissionDenied unless every path the connection reads may be read."""
        for name in FILE_FIELDS.get(kind, ()):
            value = params.get(name)
            if not value or not isinstance(value, str):
                continue
            if kind == "sqlite":
                value = _strip_sqlite_uri(value)
            if name == "database_location" and value == ":memory:":
                continue
            self.check(org, name, value)

    def check(self, org: str, field: str, value: str) -> Path:
        try:
            resolved = Path(value).resolve()  # follows every symlink and collapses ".."
        except (OSError, ValueError, RuntimeError):  # NUL byte, symlink loop, name too long
            raise InvalidArgument(f"{field} is not a usable file path") from None
        if resolved == demo_path(self.data_dir, org):  # data_dir is already resolved
            return resolved
        if _inside(resolved, self.data_dir) or _inside(self.data_dir, resolved) or resolved in self.store_files:
            raise PermissionDenied(f"{field} '{value}' is refused: it is (or contains) the server's own data "
                                   "directory, which holds its stores and secrets")
        if self._same_file_as_protected(resolved):
            raise PermissionDenied(f"{field} '{value}' is refused: it is a link to one of the server's own "
                                   "store or secret files")
        if not self.allowed:
            raise PermissionDenied(f"{field} '{value}' is refused: file-based sources are off on this server; "
                                   "the operator lists allowed directories in DOT_FILE_SOURCES")
        if not any(_inside(resolved, a) for a in self.allowed):
            raise PermissionDenied(f"{field} '{value}' is refused: it is not under a directory listed in "
                                   "DOT_FILE_SOURCES")
        return resolved

    def _same_file_as_protected(self, resolved: Path) -> bool:
        """Hard links: another name for a protected file shares its (st_dev, st_ino)."""
        try:
            st = resolved.stat()
        except OSError:
            return False  # nothing there (yet): opening it later is checked again
        if not resolved.is_file() or st.st_nlink < 2:
            return False  # its only name is this one, which is outside the data dir: no other name to share
        ident = (st.st_dev, st.st_ino)
        for root, _dirs, files in os.walk(self.data_dir):
            for f in files:
                if _identity(Path(root) / f) == ident:
                    return True
        return any(_identity(p) == ident for p in self.store_files)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _inside(path: Path, parent: Path) -> bool:
    return path == parent or path.is_relative_to(parent)


def _strip_sqlite_uri(value: str) -> str:
    """The file a ``file:`` URI names, as the warehouse driver opens it."""
    if value.startswith("file:"):
        value = value[len("file:"):].split("?", 1)[0]
    return value
