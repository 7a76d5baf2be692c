"""Settings from the environment, read once per process and passed explicitly."""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

SERVICE_NAMES = ("auth", "admin", "knowledge", "conversation")
DEFAULT_PORTS = {"auth": 50151, "admin": 50152, "knowledge": 50153, "conversation": 50154}
# Read here with the rest, parsed where they are used: by the conversation service's engines
# (LlmConfig.from_env, IsolatedAnalyst.from_env, over ``Settings.engine_env``).
ENGINE_VARS = ("DOT_LLM_BASE_URL", "DOT_LLM_MODEL", "DOT_LLM_API_KEY", "DOT_LLM_MAX_STEPS", "DOT_LLM_TIMEOUT_S",
               "DOT_LLM_MAX_TOKENS", "DOT_LLM_TEMPERATURE", "DOT_LLM_MAX_WALL_S", "DOT_ANALYST_WORKERS",
               "DOT_ANALYST_WORKERS_PER_USER", "DOT_ANALYST_TIME_BUDGET_S")


@dataclass(frozen=True)
class Settings:
    """Every knob of the server. Build with ``Settings.from_env()``; tests build their own."""

    data_dir: Path
    secret_key: str
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    grpc_host: str = "127.0.0.1"
    ports: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_PORTS))
    addresses: Mapping[str, str] = field(default_factory=dict)  # overrides host:port
    db_urls: Mapping[str, str] = field(default_factory=dict)  # per-service store URL
    admin_email: str | None = None
    admin_password: str | None = None
    org_name: str = "Default org"
    smtp_url: str | None = None
    public_url: str | None = None  # base URL used in links (default: request's base URL)
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_model: str | None = None
    demo_data: bool = True
    sync_timeout_s: float = 900.0  # a catalog read that takes longer fails (a hung warehouse cannot hold a sync)
    internal_ttl_s: int = 300  # lifetime of a forwarded internal principal (from auth's last live check)
    grpc_keepalive_ms: int = 10_000  # client ping interval; servers accept pings this often (clients.py)
    trusted_hosts: tuple[str, ...] = ()  # Host header names the gateway answers (DOT_TRUSTED_HOSTS; see trusted_host_names)
    file_sources: tuple[Path, ...] = ()  # directories file-based connections may read (DOT_FILE_SOURCES)
    scheduler_interval_s: float = 30.0  # how often the conversation service looks for due scheduled reports
    clock_file: str | None = None  # DOT_CLOCK_FILE: the scheduler's time from a file (dry runs, tests)
    gateway_workers: int = 1  # DOT_GATEWAY_WORKERS: uvicorn worker processes
    # DOT_GATEWAY_LOOP=uvloop / DOT_GATEWAY_HTTP=httptools: for measuring only (bench/RESULTS.md); httptools
    # has none of the gateway's connection bounds
    gateway_loop: str = "asyncio"
    gateway_http: str = "h11"
    log_format: str = "text"  # DOT_LOG_FORMAT: "text" or "json" (one object per line, with request and trace ids)
    log_level: str | None = None  # DOT_LOG_LEVEL (default: info for services, warning for the gateway's uvicorn)
    metrics_port: int = 0  # DOT_METRICS_PORT: each service's /metrics HTTP port (0: any free port, logged; -1: off)
    metrics_ports: Mapping[str, int] = field(default_factory=dict)  # DOT_<SERVICE>_METRICS_PORT overrides
    otlp_endpoint: str | None = None  # OTEL_EXPORTER_OTLP_ENDPOINT: export traces over OTLP/gRPC (off when unset)
    tracing: bool = False  # spans recorded (DOT_TRACING=1, or implied by an OTLP endpoint)
    prometheus_multiproc_dir: str | None = None  # PROMETHEUS_MULTIPROC_DIR: sum the gateway workers' metrics
    engine_env: Mapping[str, str] = field(default_factory=dict, repr=False)  # ENGINE_VARS that are set
    # DOT_PROFILE_DIR: each service process (and analyst worker) writes a cProfile of its main thread there
    # when it stops (<name>-<pid>.prof); off when unset, for measuring only (bench/RESULTS.md)
    profile_dir: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read ``DOT_*`` variables; create the data dir and the secret key when absent."""
        env = os.environ if env is None else env
        data_dir = Path(env.get("DOT_DATA_DIR", "./.dot-data")).resolve()
        ensure_private_dir(data_dir)
        secret = env.get("DOT_SECRET_KEY") or load_or_create_secret(data_dir)
        ports = dict(DEFAULT_PORTS)
        addresses: dict[str, str] = {}
        db_urls: dict[str, str] = {}
        metrics_ports: dict[str, int] = {}
        for name in SERVICE_NAMES:
            up = name.upper()
            if f"DOT_{up}_PORT" in env:
                ports[name] = int(env[f"DOT_{up}_PORT"])
            if f"DOT_{up}_ADDR" in env:
                addresses[name] = env[f"DOT_{up}_ADDR"]
            if f"DOT_{up}_DB_URL" in env:
                db_urls[name] = env[f"DOT_{up}_DB_URL"]
            if f"DOT_{up}_METRICS_PORT" in env:
                metrics_ports[name] = int(env[f"DOT_{up}_METRICS_PORT"])
        otlp = (env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_ENDPOINT") or "").strip()
        return cls(
            data_dir=data_dir,
            secret_key=secret,
            http_host=env.get("DOT_HTTP_HOST", "127.0.0.1"),
            http_port=int(env.get("DOT_HTTP_PORT", "8000")),
            grpc_host=env.get("DOT_GRPC_HOST", "127.0.0.1"),
            ports=ports,
            addresses=addresses,
            db_urls=db_urls,
            admin_email=env.get("DOT_ADMIN_EMAIL") or None,
            admin_password=env.get("DOT_ADMIN_PASSWORD") or None,
            org_name=env.get("DOT_ORG_NAME", "Default org"),
            smtp_url=env.get("DOT_SMTP_URL") or None,
            public_url=(env.get("DOT_PUBLIC_URL") or "").rstrip("/") or None,
            llm_base_url=env.get("DOT_LLM_BASE_URL") or None,
            llm_api_key=env.get("DOT_LLM_API_KEY") or None,
            llm_model=env.get("DOT_LLM_MODEL") or None,
            demo_data=env.get("DOT_DEMO_DATA", "1") not in ("0", "false", "no"),
            sync_timeout_s=float(env.get("DOT_SYNC_TIMEOUT_S", "900")),
            internal_ttl_s=max(1, int(env.get("DOT_INTERNAL_TTL_S", "300"))),
            grpc_keepalive_ms=max(100, int(env.get("DOT_GRPC_KEEPALIVE_MS", "10000"))),
            trusted_hosts=tuple(h.strip() for h in env.get("DOT_TRUSTED_HOSTS", "").split(",") if h.strip()),
            file_sources=tuple(Path(d).expanduser() for d in env.get("DOT_FILE_SOURCES", "").split(os.pathsep)
                               if d.strip()),
            scheduler_interval_s=float(env.get("DOT_SCHEDULER_INTERVAL_S", "30")),
            clock_file=env.get("DOT_CLOCK_FILE") or None,
            gateway_workers=max(1, int(env.get("DOT_GATEWAY_WORKERS", "1"))),
            gateway_loop="uvloop" if env.get("DOT_GATEWAY_LOOP", "") == "uvloop" else "asyncio",
            gateway_http="httptools" if env.get("DOT_GATEWAY_HTTP", "") == "httptools" else "h11",
            log_format="json" if env.get("DOT_LOG_FORMAT", "").strip().lower() == "json" else "text",
            log_level=(env.get("DOT_LOG_LEVEL") or "").strip().lower() or None,
            metrics_port=int(env.get("DOT_METRICS_PORT", "0")),
            metrics_ports=metrics_ports,
            otlp_endpoint=otlp or None,
            tracing=bool(otlp) or env.get("DOT_TRACING", "0").strip().lower() in ("1", "true", "yes"),
            prometheus_multiproc_dir=env.get("PROMETHEUS_MULTIPROC_DIR") or None,
            engine_env={k: env[k] for k in ENGINE_VARS if k in env},
            profile_dir=(env.get("DOT_PROFILE_DIR") or "").strip() or None,
        )

    @classmethod
    def env_names(cls, data_dir: Path) -> frozenset[str]:
        """Every environment variable ``from_env`` reads (for checks of deployment manifests)."""
        seen: set[str] = set()

        class Recording(dict[str, str]):
            def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
                seen.add(key)
                return super().get(key, default)

            def __contains__(self, key: object) -> bool:
                seen.add(str(key))
                return super().__contains__(key)

        cls.from_env(Recording(DOT_DATA_DIR=str(data_dir), DOT_SECRET_KEY="k"))
        return frozenset(seen)

    def address(self, service: str) -> str:
        """Where clients dial ``service``: host:port, or several replicas (see clients.channel_target)."""
        return self.addresses.get(service) or f"{self.grpc_host}:{self.ports[service]}"

    def bind_address(self, service: str) -> str:
        """host:port this process listens on when it runs ``service``: its dial address when that
        names one server, else DOT_GRPC_HOST and DOT_<SERVICE>_PORT (one replica of several)."""
        address = self.address(service)
        if "," in address or "://" in address or address.startswith(("ipv4:", "ipv6:", "dns:", "unix:")):
            return f"{self.grpc_host}:{self.ports[service]}"
        return address

    def metrics_port_of(self, service: str) -> int:
        """The HTTP port of ``service``'s /metrics: 0 picks a free one, negative turns it off."""
        return self.metrics_ports.get(service, self.metrics_port)

    def trusted_host_names(self) -> frozenset[str]:
        """Host names (port ignored) the gateway accepts in the Host header, lower-case.

        ``DOT_TRUSTED_HOSTS`` (comma-separated; ``*.example.com`` matches subdomains, ``*`` any host)
        replaces the default: the configured HTTP host, localhost and 127.0.0.1. The host of
        ``DOT_PUBLIC_URL`` is always trusted.
        """
        from urllib.parse import urlsplit

        names = set(self.trusted_hosts) or {self.http_host, "localhost", "127.0.0.1"}
        if self.public_url:
            names.add(urlsplit(self.public_url).hostname or "")
        return frozenset(host_name(n) for n in names if n)

    def db_url(self, service: str) -> str:
        """The service's own store; SQLite (WAL) in the data dir unless overridden."""
        return self.db_urls.get(service) or f"sqlite+aiosqlite:///{self.data_dir / (service + '.db')}"


def host_name(host: str) -> str:
    """``Host`` header value or host[:port] entry -> lower-case host name (IPv6 brackets kept)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` owner-only (0700), and tighten it if it exists: it holds stores and keys."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)


def private_file(path: Path) -> None:
    """Make ``path`` exist and be readable by its owner only (0600), before anyone writes to it.

    SQLite creates its ``-wal``/``-shm`` files with the database file's mode, so a store file
    created 0600 keeps its companions 0600 too; companions left by an older version are tightened.
    A store on a read-only mount is left as it is (the service then serves reads only).
    """
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if p.stat().st_mode & 0o077:
                p.chmod(0o600)
        except FileNotFoundError:
            pass
        except OSError as exc:  # read-only file system: nothing to tighten, nothing will be written
            if exc.errno not in (errno.EROFS, errno.EPERM, errno.EACCES):
                raise


def load_or_create_secret(data_dir: Path) -> str:
    """Return the key in ``data_dir/secret.key``, creating it atomically on first use.

    Several processes start at once, so creation uses O_EXCL and losers re-read.
    """
    path = data_dir / "secret.key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            text = path.read_text().strip()
            if text:
                return text
            import time

            time.sleep(0.02)
        raise RuntimeError(f"secret key file {path} is empty") from None
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")
    return key
