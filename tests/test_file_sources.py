"""File-based sources (security review, issue 10): an admin could connect the server's own
stores (auth.db: password hashes; admin.db: invitation tokens) as a SQLite warehouse and every
user could then read them. Only directories listed in DOT_FILE_SOURCES may be read, never the
data dir or its files (also through symlinks, hard links or ".."), checked at connect and again
before every sync and query."""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

import httpx
import pytest

from services.common.config import Settings
from services.common.errors import InvalidArgument, PermissionDenied
from services.knowledge.file_sources import FileSources
from tests.support.stack import Stack
from tests.test_knowledge_api import connect, webhook_sync


def policy(tmp_path: Path, allowed: list[Path], **env: str) -> tuple[FileSources, Path]:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    for name in ("auth.db", "admin.db", "secret.key", "demo-org1.sqlite"):
        (data / name).write_bytes(b"x")
    settings = Settings.from_env({"DOT_DATA_DIR": str(data), "DOT_SECRET_KEY": "k",
                                  "DOT_FILE_SOURCES": os.pathsep.join(map(str, allowed)), **env})
    return FileSources.from_settings(settings), data


def refused(fs: FileSources, value: str, kind: str = "sqlite", field: str = "database_location",
            org: str = "org1") -> str:
    with pytest.raises(PermissionDenied) as err:
        fs.check_params(org, kind, {field: value})
    return str(err.value.detail)


def test_only_listed_directories_and_never_the_data_dir(tmp_path: Path) -> None:
    ok_dir = tmp_path / "warehouses"
    ok_dir.mkdir()
    (ok_dir / "w.db").write_bytes(b"x")
    fs, data = policy(tmp_path, [ok_dir, data_dir := tmp_path / "data"])  # listing the data dir does not help
    fs.check_params("org1", "sqlite", {"database_location": str(ok_dir / "w.db")})
    fs.check_params("org1", "sqlite", {"database_location": f"file:{ok_dir / 'w.db'}?mode=ro"})
    fs.check_params("org1", "duckdb", {"database_location": ":memory:"})
    assert "data directory" in refused(fs, str(data_dir / "auth.db"))
    assert "data directory" in refused(fs, f"file:{data_dir / 'admin.db'}?mode=ro")
    assert "data directory" in refused(fs, str(ok_dir / ".." / "data" / "auth.db"))  # ".." collapsed
    (ok_dir / "link.db").symlink_to(data / "auth.db")
    assert "data directory" in refused(fs, str(ok_dir / "link.db"))  # symlink followed
    (ok_dir / "data-link").symlink_to(data)
    assert "data directory" in refused(fs, str(ok_dir / "data-link"), "looker", "project_dir")
    os.link(data / "admin.db", ok_dir / "hard.db")
    assert "link to one of the server's own" in refused(fs, str(ok_dir / "hard.db"))  # same inode
    assert "data directory" in refused(fs, str(tmp_path), "looker", "project_dir")  # contains the data dir
    assert "data directory" in refused(fs, str(data / "secret.key"), "dbt", "manifest_path")
    assert "DOT_FILE_SOURCES" in refused(fs, str(tmp_path / "elsewhere.db"))
    assert "DOT_FILE_SOURCES" in refused(fs, "/etc/passwd", "dbt", "catalog_path")
    (ok_dir / "loop-a").symlink_to(ok_dir / "loop-b")
    (ok_dir / "loop-b").symlink_to(ok_dir / "loop-a")
    for bad in ("w\x00.db", str(ok_dir / "loop-a"), "x" * 5000):
        with pytest.raises((InvalidArgument, PermissionDenied)):
            fs.check_params("org1", "sqlite", {"database_location": bad})
    # The org's own demo warehouse is the one file inside the data dir that may be read.
    fs.check_params("org1", "sqlite", {"database_location": str(data / "demo-org1.sqlite")})
    assert "data directory" in refused(fs, str(data / "demo-org1.sqlite"), org="org2")


def test_unset_means_no_file_sources_and_outside_stores_are_protected(tmp_path: Path) -> None:
    store = tmp_path / "elsewhere" / "auth.db"
    store.parent.mkdir()
    store.write_bytes(b"x")
    fs, _ = policy(tmp_path, [tmp_path / "elsewhere"], DOT_AUTH_DB_URL=f"sqlite+aiosqlite:///{store}")
    assert "data directory" in refused(fs, str(store))
    os.link(store, tmp_path / "elsewhere" / "copy.db")
    assert "link to one of" in refused(fs, str(tmp_path / "elsewhere" / "copy.db"))
    off, _ = policy(tmp_path, [])
    assert "DOT_FILE_SOURCES" in refused(off, str(tmp_path / "elsewhere" / "copy.db"))


def test_connecting_the_servers_own_stores_is_refused(stack: Stack, tmp_path: Path) -> None:
    data = stack.data_dir.resolve()
    (tmp_path / "sym.db").symlink_to(data / "auth.db")
    os.link(data / "admin.db", tmp_path / "hard.db")
    attempts = [
        ("sqlite", {"database_location": str(data / "auth.db")}),
        ("sqlite", {"database_location": str(data / "admin.db")}),
        ("sqlite", {"database_location": str(tmp_path / ".." / data.name / "auth.db")}),
        ("sqlite", {"database_location": str(tmp_path / "sym.db")}),
        ("sqlite", {"database_location": str(tmp_path / "hard.db")}),
        ("duckdb", {"database_location": str(data / "knowledge.db")}),
        ("dbt", {"manifest_path": str(data / "secret.key")}),
        ("looker", {"project_dir": str(data)}),
        ("sqlite", {"database_location": "/etc/passwd"}),  # exists, but not under DOT_FILE_SOURCES
    ]
    with stack.client(stack.admin_token) as c:
        for kind, fields in attempts:
            r = c.post(f"/api/connect_{kind}", json={"connection_id": "own", **fields})
            assert r.status_code == 403, (kind, fields, r.text)
            assert "refused" in r.json()["detail"]
        r = c.post("/api/connect_sqlite", json={"connection_id": "own", "database_location": "a\u0000b.db"})
        assert r.status_code == 422 and "usable file path" in r.json()["detail"]
        assert c.get("/api/tables/own.main.users").status_code == 404
        assert all(x["connection_id"] != "own" for x in c.get("/api/connections").json())


def test_path_swapped_after_connect_is_refused_at_sync_and_query(stack: Stack, tmp_path: Path) -> None:
    db = tmp_path / "zoo.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE zebra_sightings (sighting_id INTEGER PRIMARY KEY, place TEXT)")
    con.executemany("INSERT INTO zebra_sightings VALUES (?, ?)", [(1, "north"), (2, "south")])
    con.commit()
    con.close()
    cid = f"swap-{uuid.uuid4().hex[:6]}"
    _, user_token = stack.create_user("user")
    with stack.client(stack.admin_token) as c:
        connect(c, "sqlite", cid, database_location=str(db))
        webhook_sync(stack, "sqlite", cid)
        db.unlink()
        db.symlink_to(stack.data_dir.resolve() / "auth.db")  # the same name now leads to the auth store
        r = httpx.post(f"{stack.url}/api/sync/sqlite/{cid}", headers={"API-KEY": stack.admin_token}, timeout=60)
        assert r.status_code == 403 and "data directory" in r.json()["detail"]
        r = c.post("/api/test_connection", json={"connection_id": cid})
        assert r.status_code == 403 and "data directory" in r.json()["detail"]
        assert c.get(f"/api/tables/{cid}.main.users").status_code == 404  # the store never got into the catalog
    with stack.client(user_token) as u:
        r = u.post("/api/agentic", json={"messages": [{"role": "user", "content": "How many zebra sightings are there?"}],
                                         "chat_id": f"swap-{uuid.uuid4().hex[:8]}"})
    assert "$argon2" not in r.text
    assert r.status_code == 403 or "refused" in r.text, r.text
