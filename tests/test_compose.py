"""docker-compose.yml: two replicas of each service on PostgreSQL (a database each), health checks,
the gateway with workers waits for healthy services. ``docker compose config`` validates it too
where the compose plugin exists."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("auth", "admin", "knowledge", "conversation")


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_two_replicas_per_service_on_postgres_and_a_gateway_with_workers() -> None:
    doc = compose()["services"]
    databases = set()
    for name in SERVICES:
        assert doc[name]["deploy"]["replicas"] == 2, name
        assert doc[name]["depends_on"]["postgres"]["condition"] == "service_healthy", name
        env = doc[name]["environment"]
        for other in SERVICES:
            assert env[f"DOT_{other.upper()}_ADDR"].startswith("dns:///"), (name, other)  # every replica
        databases.add(env[f"DOT_{name.upper()}_DB_URL"])
    assert len(databases) == 4 and all(u.startswith("postgresql+asyncpg://") for u in databases)
    init = (ROOT / "docker" / "postgres-init.sql").read_text()
    assert all(f"CREATE DATABASE {u.rsplit('/', 1)[1]};" in init for u in databases)
    assert int(doc["gateway"]["environment"]["DOT_GATEWAY_WORKERS"]) > 1
    assert "backend" in doc["postgres"]["networks"] and "ports" not in doc["postgres"]


def test_one_service_per_component_with_health_checks() -> None:
    doc = compose()["services"]
    assert set(doc) == {*SERVICES, "gateway", "postgres"}
    for name in SERVICES:
        assert doc[name]["command"] == ["python", "-m", f"services.{name}"]
        assert "healthcheck" in doc[name]
    assert doc["gateway"]["command"] == ["python", "-m", "gateway"]
    assert {k: v["condition"] for k, v in doc["gateway"]["depends_on"].items()} == {
        n: "service_healthy" for n in SERVICES}


def test_only_the_gateway_http_port_is_published() -> None:
    """gRPC ports are reachable only on the internal network: never published on the host."""
    doc = compose()
    services = doc["services"]
    for name in SERVICES:
        assert "ports" not in services[name], name
        assert "backend" in services[name]["networks"], name
        assert "edge" not in services[name]["networks"], name
    assert services["gateway"]["ports"] == ["8000:8000"]
    assert set(services["gateway"]["networks"]) == {"backend", "edge"}
    assert doc["networks"]["backend"]["internal"] is True
    assert not any(n.get("internal") is False for n in doc["networks"].values() if n)


def test_healthcheck_module_exists_for_containers() -> None:
    from services import healthcheck

    assert healthcheck.main("127.0.0.1:1") == 1  # nothing listens there: unhealthy, no exception


@pytest.mark.skipif(shutil.which("docker") is None or subprocess.run(
    ["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="docker compose plugin is not installed on this machine")
def test_docker_compose_config_accepts_the_file() -> None:
    r = subprocess.run(["docker", "compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
                       capture_output=True, text=True, env={"DOT_SECRET_KEY": "x", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
