"""The official Dot CLI (Snowboard-Software/getdot) end to end against the real server.

The CLI is never vendored: it comes from ``GETDOT_CLI_DIR`` (a checkout) or is extracted at test time
from the local bare mirror into a temporary directory outside the repository. Each run gets its own
HOME/TMPDIR, so the CLI's config (``~/.config/dot``), cache and downloads stay in the test's tmp dir.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from tests.support.stack import Stack, start_stack

MIRROR = Path("/work/.mirror/Snowboard-Software+getdot/repo")
MIN_NODE = (18, 19)  # the CLI needs 18+; `node --import` (used to lift the CLI tests' hard skips) needs 18.19+
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CLI_TIMEOUT = 60.0
# The CLI's integration tests skip their chart and CSV cases with this fixed reason ("needs an org with data").
# Our demo org has data, so a preload lifts exactly that skip; the CLI's test file is run unmodified.
ORG_WITH_DATA_SKIP = "Requires org with data"
UNSKIP_MJS = """\
import { createRequire, syncBuiltinESMExports } from 'node:module';
const require = createRequire(import.meta.url);
const nt = require('node:test');
const REASON = %s;
const lift = (fn) => function (name, options, ...rest) {
  if (options && typeof options === 'object' && options.skip === REASON) {
    options = { ...options, skip: false };
    process.stdout.write(`# lifted skip: ${name}\\n`);
  }
  return fn.call(this, name, options, ...rest);
};
nt.test = lift(nt.test);
nt.it = lift(nt.it);
syncBuiltinESMExports();
""" % json.dumps(ORG_WITH_DATA_SKIP)
# A scripted browser: the CLI "opens" the login URL with xdg-open/open; this program is found first on PATH.
# It does what a person does: load the page, fill in the sign-in form if one is shown, follow the redirects.
FAKE_BROWSER = '''\
#!%s
"""Scripted browser for `dot login`: real HTTP against the page, cookies kept in a jar file."""
import json, os, sys
from html.parser import HTMLParser
from urllib.parse import urljoin

import httpx


class Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "method": (a.get("method") or "get").upper(),
                               "inputs": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"].append(a)


def fill(form):
    data = {}
    for i in form["inputs"]:
        name, kind = i.get("name"), (i.get("type") or "text").lower()
        if not name:
            continue
        if kind == "password":
            data[name] = os.environ["FAKE_BROWSER_PASSWORD"]
        elif kind == "email" or name in ("username", "email"):
            data[name] = os.environ["FAKE_BROWSER_EMAIL"]
        else:
            data[name] = i.get("value", "")
    return data


def hops(r):
    return [[h.request.method, str(h.request.url), h.status_code] for h in [*r.history, r]]


def main():
    jar, log = os.environ["FAKE_BROWSER_JAR"], os.environ["FAKE_BROWSER_LOG"]
    cookies = json.load(open(jar)) if os.path.exists(jar) else {}
    steps, forms = [], []
    with httpx.Client(cookies=cookies, follow_redirects=True, timeout=30) as c:
        r = c.get(sys.argv[-1])
        steps += hops(r)
        for _ in range(3):  # click through what the server shows: a sign-in form or a confirmation
            parser = Forms()
            parser.feed(r.text if "html" in r.headers.get("content-type", "") and r.status_code < 400 else "")
            form = next((f for f in parser.forms if f["method"] == "POST"), None)
            if form is None:
                break
            forms.append("sign-in" if any((i.get("type") or "") == "password" for i in form["inputs"]) else "confirm")
            r = c.request(form["method"], urljoin(str(r.url), form["action"]), data=fill(form))
            steps += hops(r)
        json.dump(dict(c.cookies), open(jar, "w"))
    tmp = log + ".tmp"
    json.dump({"steps": steps, "forms": forms, "final_status": r.status_code, "final_text": r.text[:500]},
              open(tmp, "w"))
    os.replace(tmp, log)


main()
'''


@dataclass(frozen=True)
class Cli:
    """One isolated installation of the CLI: its own HOME (config, cache) and TMPDIR (downloads)."""

    root: Path
    home: Path
    tmp: Path
    env: dict[str, str]

    def run(self, *args: str, timeout: float = CLI_TIMEOUT) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["node", str(self.root / "bin" / "getdot.mjs"), *args], cwd=self.tmp, env=self.env,
                              capture_output=True, text=True, timeout=timeout)

    def ok(self, *args: str, timeout: float = CLI_TIMEOUT) -> str:
        p = self.run(*args, timeout=timeout)
        assert p.returncode == 0, f"dot {' '.join(args)} exited {p.returncode}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}"
        return p.stdout

    @property
    def config(self) -> dict[str, str]:
        return json.loads((self.home / ".config" / "dot" / "config.json").read_text())


# ------------------------------------------------------------------ locating the CLI


def _node_version() -> tuple[int, int] | None:
    node = shutil.which("node")
    if node is None:
        return None
    out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    m = re.match(r"v(\d+)\.(\d+)", out)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _extract_mirror(dest: Path) -> Path:
    """``git archive HEAD`` of the bare mirror, unpacked into ``dest`` (outside the repository)."""
    archive = subprocess.run(["git", f"--git-dir={MIRROR}", "archive", "--format=tar", "HEAD"], capture_output=True,
                             timeout=60, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def _why_unavailable() -> str | None:
    """The visible skip reason when neither Node nor a copy of the CLI is at hand (checked at collection)."""
    version = _node_version()
    if version is None or version < MIN_NODE:
        return f"official dot CLI tests need Node >= {'.'.join(map(str, MIN_NODE))} on PATH (found {version})"
    if os.environ.get("GETDOT_CLI_DIR"):
        return None
    if not (MIRROR / "HEAD").is_file() or shutil.which("git") is None:
        return (f"official dot CLI not found: set GETDOT_CLI_DIR to a getdot checkout, or provide the mirror "
                f"{MIRROR} (and git)")
    return None


UNAVAILABLE = _why_unavailable()
needs_cli = pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or "")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A server of its own, as the CLI's suite expects: an org whose data is the demo warehouse (the shared
    session stack collects other tests' warehouses, and the CLI cannot name a connection)."""
    s = start_stack(tmp_path_factory.mktemp("official-cli"))
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
def cli_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CLI from GETDOT_CLI_DIR, else HEAD of the mirror unpacked into a tmp dir outside the repository."""
    given = os.environ.get("GETDOT_CLI_DIR")
    if given:
        root = Path(given)
        assert (root / "bin" / "getdot.mjs").is_file(), f"GETDOT_CLI_DIR={given} has no bin/getdot.mjs"
        return root
    root = _extract_mirror(tmp_path_factory.mktemp("getdot-cli"))
    assert (root / "bin" / "getdot.mjs").is_file(), f"the mirror {MIRROR} has no bin/getdot.mjs at HEAD"
    return root


def _make_cli(root: Path, where: Path) -> Cli:
    home, tmp = where / "home", where / "tmp"
    home.mkdir()
    tmp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GETDOT_", "NODE_", "DOT_"))}
    env.update({"HOME": str(home), "USERPROFILE": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                "XDG_CACHE_HOME": str(home / ".cache"), "TMPDIR": str(tmp), "TMP": str(tmp), "TEMP": str(tmp),
                "NO_PROXY": "*", "no_proxy": "*"})
    for k in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        env.pop(k, None)
    return Cli(root=root, home=home, tmp=tmp, env=env)


@pytest.fixture()
def cli(cli_root: Path, tmp_path: Path) -> Cli:
    return _make_cli(cli_root, tmp_path)


@dataclass(frozen=True)
class User:
    email: str
    password: str
    token: str


def _make_user(stack: Stack) -> User:
    password = "cli-user-password-1"
    email, token = stack.create_user("user", password=password)
    return User(email, password, token)


@pytest.fixture()
def user(stack: Stack) -> User:
    """A fresh ordinary user per test, so its chat history holds only this test's chats."""
    return _make_user(stack)


# ------------------------------------------------------------------ checks


def _saved(out: str, label: str) -> list[Path]:
    return [Path(p.strip()) for p in re.findall(rf"^{label} saved to: (.+)$", out, flags=re.M)]


def _chat_id(out: str) -> str:
    m = re.search(r"^Use --chat (\S+) for follow-up questions$", out, flags=re.M)
    assert m, f"no follow-up chat id in the CLI output:\n{out}"
    return m.group(1)


def _assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 100 and height >= 100, (width, height)
    assert data.endswith(b"IEND\xaeB`\x82"), f"{path} is truncated"


def _read_csv(path: Path) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) >= 2 and len(rows[0]) >= 1 and all(h.strip() for h in rows[0]), f"{path}: {rows[:3]}"
    return rows


def _chat(stack: Stack, token: str, chat_id: str) -> dict:
    with stack.client(token) as c:
        r = c.get(f"/api/c2/{chat_id}")
    assert r.status_code == 200, r.text
    return r.json()


def _last_assets(chat: dict) -> dict:
    return chat["messages"][-1]["additional_data"]["assets"]


# ------------------------------------------------------------------ tests


@needs_cli
def test_token_login_status_and_catalog(stack: Stack, cli: Cli, user: User) -> None:
    out = cli.ok("login", "--token", user.token, "--server", stack.url)
    assert "Token saved" in out
    assert cli.config["token"] == user.token and cli.config["server"] == stack.url
    cfg = cli.home / ".config" / "dot" / "config.json"
    assert stat.S_IMODE(cfg.stat().st_mode) == 0o600

    with stack.client(user.token) as c:
        me = c.get("/api/auth/me").json()
        catalog = c.get("/api/cli/catalog").json()
    status = cli.ok("status")
    assert f"Logged in as: {user.email}" in status
    assert f"Organization: {me['org_id']}" in status
    assert f"Server: {stack.url}" in status and "Token expires:" in status

    out = cli.ok("catalog")
    assert f"Dot Data Catalog — {me['org_id']}" in out
    assert catalog["connections"] and catalog["tables"], catalog
    for conn in catalog["connections"]:
        assert f"{conn['id']} ({conn['type']}) — {conn['table_count']} tables" in out
    names = [t["name"] for t in catalog["tables"]]
    assert any(n.endswith("customers") for n in names) and any(n.endswith("orders") for n in names), names
    for name in names:
        assert re.search(rf"^  {re.escape(name)}\b", out, flags=re.M), f"{name} missing from:\n{out}"


@needs_cli
def test_bad_token_is_told_to_log_in_again(stack: Stack, cli: Cli) -> None:
    cli.ok("login", "--token", "dot-not.a-valid.token", "--server", stack.url)
    p = cli.run("catalog")
    assert p.returncode == 1 and "Authentication failed. Run: dot login" in p.stderr, (p.stdout, p.stderr)


@needs_cli
def test_question_saves_csv_and_png_then_follow_up_continues_the_chat(stack: Stack, cli: Cli, user: User) -> None:
    cli.ok("login", "--token", user.token, "--server", stack.url)
    started = time.monotonic()
    out = cli.ok("How many orders are there for each region?")
    chat_id = _chat_id(out)
    folder = cli.tmp / "dot" / chat_id
    pngs, csvs = _saved(out, "Chart"), _saved(out, "Data")
    assert pngs and csvs, f"expected a chart and a CSV:\n{out}"
    assert all(p.parent == folder and p.suffix == ".png" for p in pngs), pngs
    for png in pngs:
        _assert_png(png)

    assets = _last_assets(_chat(stack, user.token, chat_id))
    for png in pngs:  # chart URLs are capabilities: the same bytes with no credentials at all
        r = httpx.get(assets[png.stem]["chart_download_url"], timeout=30)
        assert r.status_code == 200 and r.content == png.read_bytes()
    for path in csvs:
        asset = assets[path.stem]
        rows = _read_csv(path)
        assert [len(rows) - 1, len(rows[0])] == asset["shape"]
        assert rows[0] == next(csv.reader(io.StringIO(asset["text_preview"])))
        assert "SQL Query:" in out and asset["sql_query"] in out

    follow = cli.ok("break down by status", "--chat", chat_id)
    assert _chat_id(follow) == chat_id and f"/?c={chat_id}" in follow
    chat = _chat(stack, user.token, chat_id)
    assert [m["role"] for m in chat["messages"]] == ["user", "assistant", "user", "assistant"]
    assert chat["messages"][2]["content"] == "break down by status" and chat["status"] == "done"
    assert time.monotonic() - started < 30


def _install_fake_browser(cli: Cli, user: User) -> tuple[dict[str, str], Path, Path]:
    bindir = cli.tmp / "fake-browser-bin"
    bindir.mkdir(exist_ok=True)
    for name in ("xdg-open", "open"):  # the CLI runs xdg-open on Linux, open on macOS
        exe = bindir / name
        exe.write_text(FAKE_BROWSER % sys.executable)
        exe.chmod(0o755)
    jar, log = cli.tmp / "browser-cookies.json", cli.tmp / "browser-log.json"
    env = dict(cli.env, PATH=f"{bindir}{os.pathsep}{cli.env.get('PATH', '')}", FAKE_BROWSER_JAR=str(jar),
               FAKE_BROWSER_LOG=str(log), FAKE_BROWSER_EMAIL=user.email, FAKE_BROWSER_PASSWORD=user.password)
    return env, jar, log


def _browser_login(cli: Cli, env: dict[str, str], log: Path, server: str) -> dict:
    log.unlink(missing_ok=True)
    p = subprocess.run(["node", str(cli.root / "bin" / "getdot.mjs"), "login", "--server", server], cwd=cli.tmp,
                       env=env, capture_output=True, text=True, timeout=CLI_TIMEOUT)
    assert p.returncode == 0, f"dot login failed ({p.returncode})\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}"
    assert "Login successful!" in p.stdout, p.stdout
    deadline = time.monotonic() + 15
    while not log.exists():  # the browser finishes reading the callback page just after the CLI exits
        assert time.monotonic() < deadline, "the scripted browser did not finish"
        time.sleep(0.05)
    record = json.loads(log.read_text())
    record["stdout"] = p.stdout
    return record


def _check_callback(record: dict, server: str) -> None:
    first, last = record["steps"][0], record["steps"][-1]
    asked = urlparse(first[1])
    assert f"{asked.scheme}://{asked.netloc}" == server and asked.path == "/cli-auth"
    callback = urlparse(last[1])
    assert callback.hostname == "127.0.0.1" and callback.path == "/callback" and last[2] == 200
    assert str(callback.port) == parse_qs(asked.query)["port"][0]
    assert parse_qs(callback.query)["state"] == parse_qs(asked.query)["state"]
    assert "Logged in!" in record["final_text"]


def _token_works(stack: Stack, token: str, email: str) -> None:
    assert token.startswith("dot-")
    with stack.client(token, header="X-API-KEY") as c:
        assert c.get("/api/auth/me").json()["email"] == email


@needs_cli
@pytest.mark.skipif(sys.platform == "win32", reason="the scripted browser replaces xdg-open/open (Linux, macOS)")
def test_browser_login_signs_in_through_the_page_then_reuses_the_session(stack: Stack, cli: Cli,
                                                                          user: User) -> None:
    env, jar, log = _install_fake_browser(cli, user)

    first = _browser_login(cli, env, log, stack.url)
    assert first["forms"] == ["sign-in"], first  # signed out: the server showed its sign-in page
    methods = [(m, urlparse(u).path, s) for m, u, s in first["steps"]]
    assert methods == [("GET", "/cli-auth", 200), ("POST", "/cli-auth", 302), ("GET", "/callback", 200)], methods
    _check_callback(first, stack.url)
    assert f"Logged in as: {user.email}" in first["stdout"]
    token = cli.config["token"]
    assert cli.config["server"] == stack.url
    _token_works(stack, token, user.email)
    assert json.loads(jar.read_text()), "the sign-in did not set a session cookie"

    # Signed in (cookie): no password, but a confirmation the browser posts back (with its CSRF
    # token); the GET itself mints nothing.
    second = _browser_login(cli, env, log, stack.url)
    assert second["forms"] == ["confirm"], second
    methods = [(m, urlparse(u).path, s) for m, u, s in second["steps"]]
    assert methods == [("GET", "/cli-auth", 200), ("POST", "/cli-auth/confirm", 302), ("GET", "/callback", 200)], methods
    _check_callback(second, stack.url)
    assert cli.config["token"] != token
    _token_works(stack, cli.config["token"], user.email)


# ------------------------------------------------------------------ the CLI's own integration tests


@dataclass(frozen=True)
class SuiteRun:
    cli: Cli
    user: User
    result: subprocess.CompletedProcess[str]
    seconds: float


@pytest.fixture(scope="module")
def suite_run(stack: Stack, cli_root: Path, tmp_path_factory: pytest.TempPathFactory) -> SuiteRun:
    """One ``node --test tests/integration.test.mjs`` in the CLI's own tree, with its two env vars set."""
    cli, user = _make_cli(cli_root, tmp_path_factory.mktemp("integration")), _make_user(stack)
    shim = cli.tmp / "lift-org-with-data-skip.mjs"
    shim.write_text(UNSKIP_MJS)
    env = dict(cli.env, GETDOT_TEST_TOKEN=user.token, GETDOT_TEST_SERVER=stack.url)
    started = time.monotonic()
    result = subprocess.run(["node", "--import", shim.as_uri(), "--test", "--test-reporter=tap",
                             "tests/integration.test.mjs"], cwd=cli.root, env=env, capture_output=True, text=True,
                            timeout=120)
    return SuiteRun(cli, user, result, time.monotonic() - started)


def _tap_count(out: str, name: str) -> int:
    m = re.search(rf"^# {name} (\d+)$", out, flags=re.M)
    assert m, f"no '# {name}' in the node --test output:\n{out}"
    return int(m.group(1))


def _chats_by_title(stack: Stack, token: str) -> dict[str, str]:
    with stack.client(token) as c:
        return {h["title"]: h["chat_id"] for h in c.get("/api/chat_history").json()}


def _case_folder(run: SuiteRun, chats: dict[str, str], phrase: str) -> tuple[str, Path]:
    chat_id = next((cid for title, cid in chats.items() if phrase in title), None)
    assert chat_id, f"the CLI's test never asked '{phrase}': {list(chats)}"
    return chat_id, run.cli.tmp / "dot" / re.sub(r"[/\\.]+", "_", chat_id).strip("_")


@needs_cli
def test_cli_integration_suite_passes_with_nothing_skipped(suite_run: SuiteRun) -> None:
    p = suite_run.result
    out = p.stdout
    assert p.returncode == 0, f"node --test failed\nstdout:\n{out}\nstderr:\n{p.stderr}"
    assert _tap_count(out, "tests") == 7 and _tap_count(out, "pass") == 7, out
    assert _tap_count(out, "fail") == 0 and _tap_count(out, "skipped") == 0 and _tap_count(out, "todo") == 0, out
    assert out.count("# lifted skip:") == 2, out  # exactly the chart and the CSV cases, nothing else
    assert suite_run.seconds < 40, suite_run.seconds


@needs_cli
def test_cli_integration_chart_and_csv_cases_download_real_files(stack: Stack, suite_run: SuiteRun) -> None:
    """Those two cases only assert when the CLI printed "Chart saved to" / "Data saved to"; so check the
    files they downloaded: the server must answer them with a real chart and a real CSV."""
    token = suite_run.user.token
    chats = _chats_by_title(stack, token)
    chart_chat, chart_dir = _case_folder(suite_run, chats, "chart of any metric over time")
    pngs = sorted(chart_dir.glob("*.png"))
    assert pngs, (f"the CLI's chart case ran but downloaded no PNG; the server answered: "
                  f"{_chat(stack, token, chart_chat)['messages'][-1]['content']!r}")
    for png in pngs:
        _assert_png(png)
    csv_chat, csv_dir = _case_folder(suite_run, chats, "top 10 rows from any table")
    csvs = sorted(csv_dir.glob("*.csv"))
    assert csvs, (f"the CLI's CSV case ran but downloaded no CSV; the server answered: "
                  f"{_chat(stack, token, csv_chat)['messages'][-1]['content']!r}")
    for path in csvs:
        rows = _read_csv(path)
        assert len(rows) - 1 == _last_assets(_chat(stack, token, csv_chat))[path.stem]["shape"][0]


def test_cli_auth_page_shows_the_form_again_on_a_wrong_password(stack: Stack, user: User) -> None:
    with httpx.Client(base_url=stack.url, timeout=30) as browser:
        page = browser.get("/cli-auth", params={"port": "45678", "state": "ab12"})
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        r = browser.post("/cli-auth", data={"port": "45678", "state": "ab12", "username": user.email,
                                            "password": "not-the-password", "csrf_token": csrf})
    assert r.status_code == 401 and r.headers["content-type"].startswith("text/html")
    assert "Incorrect e-mail or password." in r.text and 'name="state" value="ab12"' in r.text
    assert "location" not in r.headers


@pytest.mark.parametrize("params", [{"port": "80", "state": "ab12"}, {"port": "65536", "state": "ab12"},
                                    {"port": "45678", "state": "a b"}, {"port": "45678"}])
def test_cli_auth_refuses_bad_ports_and_states(stack: Stack, params: dict[str, str]) -> None:
    r = httpx.get(f"{stack.url}/cli-auth", params=params, headers={"X-API-KEY": stack.admin_token}, timeout=30)
    assert r.status_code == 422 and "location" not in r.headers, r.text
