"""Scheduled reports through the running server, a real SMTP server and a controllable clock.

The conversation service's scheduler reads its time from ``DOT_CLOCK_FILE``; the tests move that
clock past a job's next run and wait for the mail to arrive.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.support.mail import Inbox
from tests.support.stack import Stack, free_port, start_stack

START = datetime(2030, 3, 4, 6, 0, tzinfo=UTC)  # a Monday


@dataclass
class World:
    stack: Stack
    inbox: Inbox
    clock: Path

    def set_time(self, when: datetime) -> None:
        self.clock.write_text(when.isoformat())

    def ask(self, token: str, question: str) -> str:
        chat_id = f"report-{uuid.uuid4().hex[:8]}"
        with self.stack.client(token) as c:
            r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": question}], "chat_id": chat_id})
            assert r.status_code == 200, r.text
        return chat_id

    def mails_to(self, address: str, count: int, timeout: float = 30) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.inbox.messages if address in m["To"]]
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"expected {count} mail(s) to {address}, got "
                             f"{len([m for m in self.inbox.messages if address in m['To']])}")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    base = tmp_path_factory.mktemp("schedules")
    clock = base / "clock"
    clock.write_text(START.isoformat())
    stack = start_stack(base / "data", {"DOT_SMTP_URL": f"smtp://127.0.0.1:{port}", "DOT_CLOCK_FILE": str(clock),
                                        "DOT_SCHEDULER_INTERVAL_S": "0.2", "DOT_PUBLIC_URL": "http://dot.example"})
    try:
        yield World(stack, inbox, clock)
    finally:
        stack.stop()
        controller.stop()


def attachments(mail: EmailMessage) -> dict[str, Any]:
    return {part.get_filename(): part.get_content() for part in mail.iter_attachments()}


def test_a_daily_report_runs_when_due_with_text_csv_and_chart(world: World) -> None:
    world.set_time(START)
    chat_id = world.ask(world.stack.admin_token, "How many orders per region?")
    to = f"boss-{uuid.uuid4().hex[:6]}@example.com"
    with world.stack.client(world.stack.admin_token) as c:
        r = c.post("/api/add_job", json={"chat_id": chat_id, "recipients": [to], "type": "email",
                                         "cron_args": {"hour": 8, "minute": 30}})
        assert r.status_code == 200, r.text
        job = r.json()
        assert job["job_id"].startswith("job_") and job["status"] == "active"
        assert job["next_run_at"] == "2030-03-04T08:30:00+00:00" and job["schedule"] == "daily at 08:30 UTC"
        time.sleep(1)
        assert not [m for m in world.inbox.messages if to in m["To"]]  # not due yet
        world.set_time(START + timedelta(hours=2, minutes=31))
        mail = world.mails_to(to, 1)[0]
        assert mail["Subject"].startswith("Dot report")
        body = mail.get_body(preferencelist=("plain",)).get_content()
        assert "How many orders per region?" in body and f"http://dot.example/?c={chat_id}" in body
        files = attachments(mail)
        rows = list(csv.reader(io.StringIO(files["report.csv"].decode() if isinstance(files["report.csv"], bytes)
                                           else files["report.csv"])))
        assert len(rows) == 5  # header + four regions
        assert files["chart.png"][:8] == b"\x89PNG\r\n\x1a\n"
        runs = c.get(f"/api/jobs/{job['job_id']}/runs").json()
        assert [x["status"] for x in runs] == ["sent"] and runs[0]["recipients"] == [to]
        listed = c.get("/api/jobs", params={"chat_id": chat_id}).json()
        assert listed[0]["next_run_at"] == "2030-03-05T08:30:00+00:00"  # tomorrow, ran once
        time.sleep(1)
        assert len(world.mails_to(to, 1)) == 1  # the same occurrence never runs twice
        assert c.post("/api/remove_job", json={"chat_id": chat_id, "job_id": job["job_id"]}).status_code == 200
        assert c.get("/api/jobs", params={"chat_id": chat_id}).json() == []
        assert c.post("/api/remove_job", json={"chat_id": chat_id, "job_id": job["job_id"]}).status_code == 404


def test_schedule_rules_and_validation(world: World) -> None:
    chat_id = world.ask(world.stack.admin_token, "How many customers are there?")
    with world.stack.client(world.stack.admin_token) as c:
        def add(cron: dict[str, Any], **extra: Any) -> Any:
            return c.post("/api/add_job", json={"chat_id": chat_id, "recipients": ["a@example.com"],
                                                "cron_args": cron, **extra})
        assert add({"hour": "6,12,18"}).status_code == 422  # at most two runs a day
        assert "twice a day" in add({"hour": "6,12,18"}).json()["detail"]
        assert add({"hour": 25}).status_code == 422
        assert add({"second": 5}).status_code == 422
        assert add({"hour": 8, "day": 1, "day_of_week": "mon"}).status_code == 422
        assert add({"hour": 8, "timezone": "Mars/Olympus"}).status_code == 422
        assert add({"hour": 8}, type="slack").status_code == 422
        assert c.post("/api/add_job", json={"chat_id": chat_id, "recipients": ["not-an-address"],
                                            "cron_args": {"hour": 8}}).status_code == 422
        weekly = add({"day_of_week": "fri", "hour": "7,17", "minute": 5, "timezone": "Europe/Berlin"}).json()
        assert weekly["schedule"] == "every Fri at 07:05 and 17:05 Europe/Berlin"
        assert weekly["next_run_at"] == "2030-03-08T06:05:00+00:00"  # 07:05 CET
        monthly = add({"day": 15, "hour": 7}).json()
        assert monthly["schedule"] == "monthly on day 15 at 07:00 UTC"
        for j in (weekly, monthly):
            c.post("/api/remove_job", json={"chat_id": chat_id, "job_id": j["job_id"]})
    _, other = world.stack.create_user("user")
    with world.stack.client(other) as o:  # another user's chat cannot be scheduled or probed
        r = o.post("/api/add_job", json={"chat_id": chat_id, "recipients": ["x@example.com"], "cron_args": {"hour": 8}})
        assert r.status_code == 404


def test_test_job_sends_now(world: World) -> None:
    chat_id = world.ask(world.stack.admin_token, "How many orders per region?")
    to = f"test-{uuid.uuid4().hex[:6]}@example.com"
    with world.stack.client(world.stack.admin_token) as c:
        r = c.post("/api/test_job", json={"chat_id": chat_id, "recipients": [to], "type": "email"})
        assert r.status_code == 200 and r.json()["status"] == "sent", r.text
    assert "report.csv" in attachments(world.mails_to(to, 1)[0])


def test_a_job_stops_when_its_owner_loses_access(world: World) -> None:
    world.set_time(START)
    email, token = world.stack.create_user("user")
    chat_id = world.ask(token, "How many orders per region?")
    to = f"team-{uuid.uuid4().hex[:6]}@example.com"
    with world.stack.client(token) as u:
        job = u.post("/api/add_job", json={"chat_id": chat_id, "recipients": [to],
                                           "cron_args": {"hour": 9}}).json()
    with world.stack.client(world.stack.admin_token) as c:
        assert c.post("/api/delete_user", json={"email": email}).status_code == 200
    world.set_time(START + timedelta(hours=3, minutes=1))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _job(world, job["job_id"])[0] != "stopped":
        time.sleep(0.2)
    status, reason, runs = _job(world, job["job_id"])
    assert status == "stopped" and "owner no longer exists" in reason, reason
    assert runs == [("stopped", reason)]
    assert not [m for m in world.inbox.messages if to in m["To"]]


def _job(world: World, job_id: str) -> tuple[str, str, list[tuple[str, str]]]:
    """The job row and its runs, read from the store: its owner is deleted, so no one can list it by API."""
    con = sqlite3.connect(world.stack.data_dir / "conversation.db")
    try:
        row = con.execute("SELECT status, stop_reason FROM jobs WHERE id = ?", (job_id,)).fetchone()
        runs = con.execute("SELECT status, detail FROM job_runs WHERE job_id = ?", (job_id,)).fetchall()
    finally:
        con.close()
    return row[0], row[1], runs
