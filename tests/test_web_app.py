"""The web app in a real browser: Debian's headless Chromium driven by Selenium through the running
server (sign-in, chat with table and chart, follow-up, feedback, history, tokens, the embedded view
framed by another origin). Screenshots go to test-artifacts/web/. Without chromium the browser
tests skip; the CSRF rules of the web session cookie are checked over plain HTTP regardless."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.stack import ADMIN_EMAIL, ADMIN_PASSWORD, Stack, free_port, start_stack

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts" / "web"
HOST_APP = ROOT / "docs" / "embed" / "host_app.py"
QUESTION = "How many orders per region?"


@pytest.fixture(scope="module")
def ports() -> dict[str, int]:
    return {"host": free_port(), "other": free_port()}


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory, ports: dict[str, int]) -> Iterator[Stack]:
    """A server of its own: the embed origins are read at start."""
    s = start_stack(tmp_path_factory.mktemp("web-data"), {"DOT_EMBED_ORIGINS": f"http://127.0.0.1:{ports['host']}"})
    try:
        yield s
    finally:
        s.stop()


def web_login(c: httpx.Client, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> None:
    """Sign in through the form, as a browser would (nonce cookie, CSRF field), over plain HTTP."""
    page = c.get("/login?next=/history")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert page.status_code == 200 and csrf, page.text[:300]
    r = c.post("/login", data={"username": email, "password": password, "csrf_token": csrf.group(1),
                               "next": "/history"})
    assert r.status_code == 303 and r.headers["location"] == "/history", r.text
    assert "dot_session" in c.cookies


# ---- over HTTP (no browser needed) ---------------------------------------------------------------


def test_web_session_cookie_needs_its_csrf_header_to_change_anything(web: Stack) -> None:
    with httpx.Client(base_url=web.url, timeout=60) as c:
        web_login(c)
        page = c.get("/settings/tokens")
        csrf = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', page.text)
        assert page.status_code == 200 and csrf
        assert c.get("/api/auth/me").json()["email"] == ADMIN_EMAIL  # reading needs no header
        refused = c.post("/api/api_tokens", json={"name": "csrf"})
        assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["detail"]
        forged = c.post("/api/api_tokens", json={"name": "csrf"}, headers={"X-CSRF-Token": "0" * 64})
        assert forged.status_code == 403
        ok = c.post("/api/api_tokens", json={"name": "csrf"}, headers={"X-CSRF-Token": csrf.group(1)})
        assert ok.status_code == 201 and ok.json()["token"].startswith("dot-")
        # Another session's token does not fit this cookie.
        with httpx.Client(base_url=web.url, timeout=60) as other:
            web_login(other)
            other_csrf = re.search(r'content="([0-9a-f]{64})"', other.get("/history").text)
            assert other_csrf and other_csrf.group(1) != csrf.group(1)
        assert c.post("/api/api_tokens", json={"name": "x"}, headers={"X-CSRF-Token": other_csrf.group(1)}).status_code == 403
        # Sign-out is a POST with the same token; afterwards pages send the browser to sign in.
        assert c.post("/logout", data={"csrf_token": "nope"}).status_code == 403
        assert c.post("/logout", data={"csrf_token": csrf.group(1)}).status_code == 303
        after = c.get("/history")
        assert after.status_code == 303 and after.headers["location"].startswith("/login?next=")


def test_cli_browser_login_works_from_a_web_session(web: Stack) -> None:
    """Signed in to the web app only (no Authorization cookie), `dot login` still gets its confirmation,
    and the confirmation's own CSRF token (not the API's header) guards the mint."""
    with httpx.Client(base_url=web.url, timeout=60) as c:
        web_login(c)
        page = c.get("/cli-auth", params={"port": 8765, "state": "from-web"})
        assert page.status_code == 200 and "Authorise the dot CLI?" in page.text and ADMIN_EMAIL in page.text
        form = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', page.text))
        assert set(form) == {"port", "state", "csrf_token"}
        assert c.post("/cli-auth/confirm", data={**form, "csrf_token": "1.00"}).status_code == 403
        r = c.post("/cli-auth/confirm", data=form, follow_redirects=False)
        assert r.status_code == 302 and r.headers["location"].startswith("http://127.0.0.1:8765/callback?token=dot-")


def test_settings_pages_follow_the_role(web: Stack) -> None:
    email, _ = web.create_user("user", password="user-password-1")
    with httpx.Client(base_url=web.url, timeout=60) as c:
        web_login(c, email, "user-password-1")
        tokens = c.get("/settings/tokens")
        assert tokens.status_code == 200 and 'href="/settings/users"' not in tokens.text
        assert c.get("/settings/users").status_code == 403
        assert c.get("/settings/connections").status_code == 403
        assert c.get("/settings/nothing").status_code == 404
        assert "Everyone's chats" not in c.get("/history").text


def test_sign_in_form_refuses_forged_forms_and_foreign_redirects(web: Stack) -> None:
    with httpx.Client(base_url=web.url, timeout=60) as c:
        r = c.post("/login", data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": "1.abc"})
        assert r.status_code == 403 and "dot_session" not in r.cookies
        page = c.get("/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        wrong = c.post("/login", data={"username": ADMIN_EMAIL, "password": "wrong-password", "csrf_token": csrf})
        assert wrong.status_code == 401 and "Incorrect e-mail or password" in wrong.text
        for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
            r = c.post("/login", data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": csrf,
                                       "next": target})
            assert r.status_code == 303 and r.headers["location"] == "/", target


def test_embed_session_takes_only_embedded_tokens_and_stays_in_the_embed(web: Stack, ports: dict[str, int]) -> None:
    r = httpx.get(f"{web.url}/embed")
    assert r.status_code == 200
    assert f"frame-ancestors 'self' http://127.0.0.1:{ports['host']}" in r.headers["content-security-policy"]
    assert "x-frame-options" not in r.headers
    # A full user's token is not turned into an embed cookie.
    full = httpx.post(f"{web.url}/embed/session", json={"token": web.admin_token})
    assert full.status_code == 403 and "set-cookie" not in full.headers
    with web.client(web.admin_token) as admin:
        assert admin.post("/api/set_disable_embedded_login", json={"value": False}).status_code == 200
        tok = admin.post("/api/auth/embedded_user_login", json={"user_id": ADMIN_EMAIL,
                                                                 "active_groups": "all_users"}).json()["access_token"]
    with httpx.Client(base_url=web.url, timeout=60) as c:
        s = c.post("/embed/session", json={"token": tok})
        assert s.status_code == 200, s.text
        cookie = s.headers["set-cookie"].lower()
        assert "path=/embed" in cookie and "httponly" in cookie
        assert c.get("/embed/api/auth/me").json()["email"] == ADMIN_EMAIL
        # The embed cookie opens nothing outside the embed, and the embed reaches only the chat routes.
        assert c.get("/api/auth/me").status_code == 401
        assert c.get("/embed/api/api_tokens").status_code == 404
        assert c.get("/embed/api/get_users").status_code == 404
        assert c.post("/embed/api/feedback", json={"chat_id": "x", "message_position": 1, "positive": True}).status_code == 403


# ---- in the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    if not (CHROMIUM.exists() and DRIVER.exists()):
        if os.environ.get("CI") == "true":  # CI installs them (make browser): a missing browser is a failure there
            pytest.fail("chromium and chromium-driver are missing in CI (make browser installs them)")
        pytest.skip("chromium and chromium-driver are not installed (make browser installs them)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    saved = {k: os.environ.get(k) for k in ("SE_OFFLINE", "SE_AVOID_STATS")}
    os.environ.update({"SE_OFFLINE": "true", "SE_AVOID_STATS": "true"})  # no driver downloads, no telemetry
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1800",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--metrics-recording-only", "--disable-default-apps"):
        opts.add_argument(arg)
    d = webdriver.Chrome(options=opts, service=Service(executable_path=str(DRIVER)))
    d.set_page_load_timeout(60)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield d
    finally:
        d.quit()
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)


def shot(d: Any, name: str) -> None:
    d.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def wait(d: Any, cond: Any, timeout: float = 90) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # lists are redrawn after each change: an element seen a moment ago may be gone
    return WebDriverWait(d, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(cond)


def click(d: Any, element: Any) -> None:
    """Scroll to the middle first: the sticky question bar may cover the bottom of the window."""
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def css(d: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return d.find_elements(By.CSS_SELECTOR, selector)


def test_browser_sign_in_ask_follow_up_feedback_history_tokens(web: Stack, driver: Any) -> None:
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    d = driver
    # The CLI sign-in and invitation pages share the look (their flows are tested in test_official_cli.py,
    # test_auth_attacks.py and test_invitations.py).
    d.get(f"{web.url}/cli-auth?port=8765&state=browser-look")
    assert css(d, "form[action='/cli-auth'] input[type=password]")
    shot(d, "00-cli-sign-in")
    d.get(f"{web.url}/accept-invitation?token=not-a-real-one")
    assert css(d, "form[action='/accept-invitation'] input[type=password]")
    chat_id = "browser-" + uuid.uuid4().hex[:8]
    d.get(f"{web.url}/?c={chat_id}")  # a dot_url while signed out: sign in, then back to it
    wait(d, lambda d: css(d, "#username"))
    shot(d, "01-sign-in")
    css(d, "#username")[0].send_keys(ADMIN_EMAIL)
    css(d, "#password")[0].send_keys(ADMIN_PASSWORD + Keys.ENTER)
    wait(d, lambda d: css(d, "#question"))
    assert d.current_url == f"{web.url}/?c={chat_id}"

    # Ask on the demo data, pinned to the demo connection.
    wait(d, lambda d: css(d, "#connection option[value=demo]"))
    Select(css(d, "#connection")[0]).select_by_value("demo")
    d.execute_script("""window.sawProgress = false;
      new MutationObserver(() => { if (!document.getElementById('progress').hidden) window.sawProgress = true; })
        .observe(document.getElementById('progress'), {attributes: true});""")
    css(d, "#question")[0].send_keys(QUESTION)
    css(d, "#ask-button")[0].click()
    wait(d, lambda d: css(d, "figure.chart[data-rendered] svg, figure.chart[data-rendered] canvas")
         and css(d, "table.data tbody tr"))
    assert d.execute_script("return window.sawProgress") is True
    assert css(d, "figure.chart")[0].get_attribute("data-rendered") == "vega"  # drawn by vega, not the PNG
    assert css(d, "figure.chart svg .mark-rect path, figure.chart svg path")  # bars were drawn
    with web.client(web.admin_token) as admin:
        chat = admin.get(f"/api/c2/{chat_id}").json()
    answer = chat["messages"][-1]
    df = next(v for k, v in answer["additional_data"]["assets"].items() if k.startswith("df"))
    rows = css(d, "table.data tbody tr")
    assert len(rows) == min(df["shape"][0], 10) and int(css(d, "table.data")[0].get_attribute("data-rows")) == df["shape"][0]
    assert css(d, "a[download][href*='/api/download_csv']")
    click(d, css(d, "details.sql summary")[0])
    assert "SELECT" in css(d, "details.sql pre")[0].text.upper()
    shot(d, "02-chat")

    # Feedback on the answer, then a follow-up chip continues the chat.
    position = int(css(d, "li.msg.assistant")[0].get_attribute("data-position"))
    helpful = next(b for b in css(d, ".feedback button") if "Helpful" == b.text.replace("👍", "").strip())
    click(d, helpful)
    wait(d, lambda d: helpful.get_attribute("aria-pressed") == "true")
    chips = css(d, "button.chip")
    assert chips, "no follow-up suggestions"
    follow_up = chips[0].text
    click(d, chips[0])
    wait(d, lambda d: len(css(d, "li.msg.assistant")) == 2 and not css(d, "#progress:not([hidden])"))
    assert follow_up in [e.text for e in css(d, "li.msg.user p:not(.who-said)")]
    shot(d, "03-follow-up")
    with web.client(web.admin_token) as admin:
        chat = admin.get(f"/api/c2/{chat_id}").json()
        assert len(chat["messages"]) == 4 and chat["messages"][2]["content"] == follow_up
        export = admin.get("/api/export_history").json()
    mine = next(c for c in export if c["chat_id"] == chat_id)
    assert [(f["message_position"], f["feedback"]) for f in mine["feedback"]] == [(position, "Success")], mine["feedback"]

    # A label on the chat, then History: search (by label) finds the chat, and opening it shows the conversation.
    wait(d, lambda d: css(d, "#label-form:not([hidden])"))
    css(d, "#label-input")[0].send_keys("browser-label")
    click(d, css(d, "#label-form button")[0])
    wait(d, lambda d: "browser-label" in [e.text for e in css(d, "#labels .label")])
    d.get(f"{web.url}/history")
    wait(d, lambda d: css(d, "#history tbody tr"))
    css(d, "#search")[0].send_keys("browser-label")
    wait(d, lambda d: css(d, f"#history a[href='/?c={chat_id}']"))
    shot(d, "04-history")
    click(d, css(d, f"#history a[href='/?c={chat_id}']")[0])
    wait(d, lambda d: len(css(d, "li.msg.assistant")) == 2)

    # API tokens: create (shown once), use it, revoke it.
    d.get(f"{web.url}/settings/tokens")
    wait(d, lambda d: css(d, "#token-name"))
    css(d, "#token-name")[0].send_keys("browser token")
    css(d, "#settings-body form button[type=submit]")[0].click()
    wait(d, lambda d: css(d, "#token-value"))
    token = css(d, "#token-value")[0].text
    assert token.startswith("dot-")
    assert httpx.get(f"{web.url}/api/auth/me", headers={"API-KEY": token}).status_code == 200
    shot(d, "05-tokens")
    row = wait(d, lambda d: [r for r in css(d, "tr[data-token-id]") if "browser token" in r.text])
    click(d, row[0].find_element("css selector", "button.danger"))
    wait(d, lambda d: not [r for r in css(d, "tr[data-token-id]") if "browser token" in r.text])
    assert httpx.get(f"{web.url}/api/auth/me", headers={"API-KEY": token}).status_code == 401

    # The other settings pages load their lists.
    for section, selector in (("users", "td"), ("connections", "tr[data-connection=demo]"), ("tables", "td code")):
        d.get(f"{web.url}/settings/{section}")
        wait(d, lambda d: css(d, f"#settings-body {selector}"))
        assert not css(d, "#settings-status.err")
        shot(d, f"06-settings-{section}")

    # Readable on a phone.
    d.set_window_size(390, 844)
    d.get(f"{web.url}/?c={chat_id}")
    wait(d, lambda d: css(d, "figure.chart[data-rendered]"))
    assert d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(d, "07-phone")
    d.set_window_size(1280, 1800)


def test_browser_deep_report_renders_and_charts_fall_back_to_png_without_vega(web: Stack, driver: Any) -> None:
    """A deep analysis shows its findings and every breakdown; with the vega libraries unavailable
    (as without node_modules) each chart is the server's PNG instead."""
    d = driver
    d.get(f"{web.url}/login")
    if css(d, "#username"):  # the previous test may have signed in already
        css(d, "#username")[0].send_keys(ADMIN_EMAIL)
        css(d, "#password")[0].send_keys(ADMIN_PASSWORD)
        click(d, css(d, "main form button[type=submit]")[0])
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/vendor/*"]})
    try:
        d.get(f"{web.url}/?c=deep-{uuid.uuid4().hex[:8]}")
        wait(d, lambda d: css(d, "#connection option[value=demo]"))
        assert d.execute_script("return typeof window.vegaEmbed") == "undefined"
        from selenium.webdriver.support.ui import Select

        Select(css(d, "#connection")[0]).select_by_value("demo")
        click(d, css(d, "#deep")[0])
        css(d, "#question")[0].send_keys(QUESTION)
        click(d, css(d, "#ask-button")[0])
        wait(d, lambda d: css(d, "li.msg.assistant figure.chart[data-rendered]"))
        figures = css(d, "li.msg.assistant figure.chart")
        assert len(figures) >= 3 and len(css(d, "li.msg.assistant .result")) >= 3
        wait(d, lambda d: all(f.get_attribute("data-rendered") == "png" for f in css(d, "li.msg.assistant figure.chart")))
        wait(d, lambda d: d.execute_script(
            "return [...document.querySelectorAll('figure.chart img')].every(i => i.complete && i.naturalWidth > 0)"))
        assert len(css(d, "li.msg.assistant .text ul li")) >= 3  # the findings as a list
        shot(d, "10-deep-report-png-charts")
    finally:
        d.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


def _host_app(web: Stack, port: int, token: str, user: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DOT_URL=web.url, DOT_API_TOKEN=token, EMBED_USER=user, EMBED_GROUPS="all_users")
    p = subprocess.Popen([sys.executable, str(HOST_APP), "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/nothing", timeout=1)
            return p
        except httpx.HTTPError:
            time.sleep(0.2)
    p.kill()
    raise AssertionError("the example host app did not start")


def test_browser_embed_in_an_allowed_origin_and_refused_elsewhere(web: Stack, driver: Any,
                                                                  ports: dict[str, int]) -> None:
    d = driver
    with web.client(web.admin_token) as admin:
        assert admin.post("/api/set_disable_embedded_login", json={"value": False}).status_code == 200
    email, _ = web.create_user("user", groups=[])
    hosts = [_host_app(web, ports["host"], web.admin_token, email),
             _host_app(web, ports["other"], web.admin_token, email)]
    try:
        # Allowed origin, token by postMessage.
        d.get(f"http://127.0.0.1:{ports['host']}/")
        frame = wait(d, lambda d: css(d, "iframe#dot"))[0]
        wait(d, lambda d: "dot:signed-in" in d.execute_script("return window.dotEvents"))
        d.switch_to.frame(frame)
        wait(d, lambda d: css(d, "#embed-chat:not([hidden]) #question"))
        assert not css(d, "header.top nav")  # the chat only: no history, no settings
        css(d, "#question")[0].send_keys(QUESTION)
        css(d, "#ask-button")[0].click()
        wait(d, lambda d: css(d, "table.data tbody tr") and css(d, "figure.chart[data-rendered]"))
        me = d.execute_async_script("fetch('/embed/api/auth/me').then(r => r.json()).then(arguments[0])")
        assert me["email"] == email
        d.switch_to.default_content()
        shot(d, "08-embed-allowed")

        # Allowed origin, token in the fragment: gone from the frame's address once exchanged.
        d.get(f"http://127.0.0.1:{ports['host']}/?mode=fragment")
        d.switch_to.frame(wait(d, lambda d: css(d, "iframe#dot"))[0])
        wait(d, lambda d: css(d, "#embed-chat:not([hidden])"))
        assert "token" not in d.execute_script("return location.href")
        d.switch_to.default_content()

        # Another origin: the browser refuses to frame /embed (CSP frame-ancestors).
        d.get(f"http://127.0.0.1:{ports['other']}/")
        frame = wait(d, lambda d: css(d, "iframe#dot"))[0]
        time.sleep(2)
        assert d.execute_script("return window.dotEvents") == []
        d.switch_to.frame(frame)
        assert not css(d, "#embed-wait") and not css(d, "#question")
        d.switch_to.default_content()
        shot(d, "09-embed-refused")

        # The admin (signed in to the web app in the same browser) sees the embedded user's chat in
        # History under "Everyone's chats", and reads it without being able to continue it.
        d.get(f"{web.url}/history")
        wait(d, lambda d: css(d, "#everyone"))
        click(d, css(d, "#everyone")[0])
        css(d, "#search")[0].send_keys(email)
        link = wait(d, lambda d: css(d, "#history tbody a[href*='&owner=']"))[0]
        click(d, link)
        wait(d, lambda d: css(d, "li.msg.assistant table.data tbody tr"))
        assert not css(d, "#ask-form:not([hidden])")
    finally:
        d.switch_to.default_content()
        for p in hosts:
            p.kill()
            p.wait(10)
