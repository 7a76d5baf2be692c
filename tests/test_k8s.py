"""The Kubernetes manifests (deploy/k8s) hold together: every service and the gateway has a
Deployment with replicas and a Service that selects it, readiness comes from gRPC health (the
gateway's from /healthz, which asks every backend's), the secret key and database URLs come from
the Secret, and every environment variable set is one the settings object reads."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.common.config import DEFAULT_PORTS, SERVICE_NAMES, Settings

K8S = Path(__file__).resolve().parents[1] / "deploy" / "k8s"
COMPONENTS = (*SERVICE_NAMES, "gateway")
SECRET_LIKE = ("SECRET", "PASSWORD", "DB_URL", "API_KEY")


def load(name: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all((K8S / name).read_text()) if d]


@pytest.fixture(scope="module")
def docs() -> dict[tuple[str, str], dict[str, Any]]:
    kustomization = load("kustomization.yaml")[0]
    files = set(kustomization["resources"])
    assert files == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml", "secret.example.yaml"}
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for f in sorted(files):
        for d in load(f):
            key = (d["kind"], d["metadata"]["name"])
            assert key not in out, f"{key} defined twice"
            out[key] = d
    return out


def container(docs: dict[tuple[str, str], dict[str, Any]], name: str) -> dict[str, Any]:
    pod = docs[("Deployment", f"dot-{name}")]["spec"]["template"]["spec"]
    assert len(pod["containers"]) == 1
    return dict(pod["containers"][0])


def pod_settings(docs: dict, c: dict[str, Any], tmp_path: Path) -> Settings:
    """The settings a container starts with (ConfigMap, then its own plain values; secrets stubbed)."""
    env = {**docs[("ConfigMap", "dot-config")]["data"], **{e["name"]: e["value"] for e in c["env"] if "value" in e}}
    return Settings.from_env({**env, "DOT_DATA_DIR": str(tmp_path), "DOT_SECRET_KEY": "k"})


@pytest.mark.parametrize("name", COMPONENTS)
def test_each_component_has_a_replicated_deployment_and_a_service(docs: dict, name: str) -> None:
    deployment = docs[("Deployment", f"dot-{name}")]
    service = docs[("Service", f"dot-{name}")]
    assert deployment["spec"]["replicas"] >= 2
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()
    c = container(docs, name)
    port_names = {p["name"] for p in c["ports"]}
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= port_names
    module = c["command"][-1]
    assert c["command"][:2] == ["python", "-m"] and importlib.util.find_spec(module) is not None
    assert module == ("gateway" if name == "gateway" else f"services.{name}")


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_services_are_ready_by_grpc_health_and_scraped(docs: dict, name: str, tmp_path: Path) -> None:
    c = container(docs, name)
    port = DEFAULT_PORTS[name]
    assert c["readinessProbe"]["grpc"]["port"] == port and c["livenessProbe"]["grpc"]["port"] == port
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert ports["grpc"] == port
    metrics_port = int(docs[("ConfigMap", "dot-config")]["data"]["DOT_METRICS_PORT"])
    assert ports["metrics"] == metrics_port
    annotations = docs[("Deployment", f"dot-{name}")]["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/port"] == str(metrics_port)
    assert docs[("Service", f"dot-{name}")]["spec"].get("clusterIP") == "None"  # every replica resolvable
    settings = pod_settings(docs, c, tmp_path)
    assert settings.address(name) == f"dns:///dot-{name}:{port}"  # the others dial every replica
    assert settings.bind_address(name) == f"0.0.0.0:{port}"  # and it listens beyond loopback


def test_the_gateway_is_ready_when_its_backends_are(docs: dict, tmp_path: Path) -> None:
    c = container(docs, "gateway")
    probe = c["readinessProbe"]["httpGet"]
    assert probe["path"] == "/healthz" and probe["port"] == "http"
    assert c["livenessProbe"]["httpGet"]["path"] == "/metrics"
    # Probes must pass the gateway's trusted-host check under the gateway's own settings.
    settings = pod_settings(docs, c, tmp_path)
    for p in (c["readinessProbe"], c["livenessProbe"]):
        host = next(h["value"] for h in p["httpGet"]["httpHeaders"] if h["name"] == "Host")
        assert host in settings.trusted_host_names()


@pytest.mark.parametrize("name", COMPONENTS)
def test_secrets_come_from_the_secret(docs: dict, name: str) -> None:
    c = container(docs, name)
    env = {e["name"]: e for e in c["env"]}
    needed = {"DOT_SECRET_KEY"} | ({f"DOT_{name.upper()}_DB_URL"} if name != "gateway" else set())
    for var in needed:
        assert env[var]["valueFrom"]["secretKeyRef"]["name"] == "dot-secrets", var
    for var, e in env.items():
        if any(s in var for s in SECRET_LIKE):
            assert "value" not in e and "secretKeyRef" in e.get("valueFrom", {}), f"{var} set in plain text"
    example = load("secret.example.yaml")[0]
    refs = {e["valueFrom"]["secretKeyRef"]["key"] for e in c["env"] if "secretKeyRef" in e.get("valueFrom", {})}
    assert refs <= set(example["stringData"]), "the example Secret documents every key used"
    config = docs[("ConfigMap", "dot-config")]["data"]
    assert not [k for k in config if any(s in k for s in SECRET_LIKE)], "no secrets in the ConfigMap"


def test_every_variable_set_is_one_the_settings_read(docs: dict, tmp_path: Path) -> None:
    known = Settings.env_names(tmp_path)
    config = docs[("ConfigMap", "dot-config")]["data"]
    assert set(config) <= known, set(config) - known
    for name in COMPONENTS:
        c = container(docs, name)
        assert c["envFrom"] == [{"configMapRef": {"name": "dot-config"}}]
        names = {e["name"] for e in c["env"]}
        assert names <= known, (name, names - known)
