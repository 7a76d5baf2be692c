"""Scheduled reports (contract §3.13): add, remove and test a chat's e-mailed report; list jobs and runs."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, field_validator

from dot.v1 import schedule_pb2
from gateway.deps import Caller, State
from gateway.routes.conversation import _check_chat_id
from services.common.schedule import DAYS, Schedule

router = APIRouter(tags=["Scheduled reports"])
RPC_TIMEOUT = 30.0
TEST_TIMEOUT = 120.0
Recipients = Annotated[list[Annotated[str, Field(max_length=320)]], Field(min_length=1, max_length=20)]


class JobIn(BaseModel):
    chat_id: str
    recipients: Recipients
    cron_args: dict[str, Any] = Field(description='e.g. {"hour": 8, "minute": 0} daily, {"day_of_week": "mon", '
                                                  '"hour": "8,17"} weekly twice that day, {"day": 1, "hour": 7} monthly; '
                                                  'optional "timezone" (IANA)')
    type: Literal["email"] = "email"

    _cid = field_validator("chat_id")(_check_chat_id)


class RemoveJobIn(BaseModel):
    chat_id: str
    job_id: str = Field(max_length=60)

    _cid = field_validator("chat_id")(_check_chat_id)


class TestJobIn(BaseModel):
    chat_id: str
    recipients: Recipients
    type: Literal["email"] = "email"

    _cid = field_validator("chat_id")(_check_chat_id)


class JobOut(BaseModel):
    job_id: str
    chat_id: str
    recipients: list[str]
    schedule: str
    cron_args: dict[str, Any]
    type: str
    status: Literal["active", "stopped"]
    stop_reason: str | None
    next_run_at: str
    created_at: str


class JobRunOut(BaseModel):
    run_id: str
    job_id: str | None
    status: Literal["sent", "failed", "stopped"]
    detail: str
    started_at: str
    finished_at: str
    recipients: list[str]


def _job_out(j: schedule_pb2.Job) -> JobOut:
    s = Schedule(j.schedule.minute, tuple(j.schedule.hours), j.schedule.day_of_week, j.schedule.day_of_month,
                 j.schedule.timezone)
    cron: dict[str, Any] = {"minute": s.minute, "hour": ",".join(str(h) for h in s.hours)}
    if s.day_of_week >= 0:
        cron["day_of_week"] = DAYS[s.day_of_week]
    if s.day_of_month:
        cron["day"] = s.day_of_month
    if s.timezone:
        cron["timezone"] = s.timezone
    return JobOut(job_id=j.id, chat_id=j.chat_id, recipients=list(j.recipients), schedule=s.describe(), cron_args=cron,
                  type=j.type, status=j.status, stop_reason=j.stop_reason or None,  # type: ignore[arg-type]
                  next_run_at=j.next_run_at, created_at=j.created_at)


def _run_out(r: schedule_pb2.JobRun) -> JobRunOut:
    return JobRunOut(run_id=r.id, job_id=r.job_id or None, status=r.status, detail=r.detail,  # type: ignore[arg-type]
                     started_at=r.started_at, finished_at=r.finished_at, recipients=list(r.recipients))


@router.post("/api/add_job")
async def add_job(gw: State, who: Caller, body: JobIn) -> JobOut:
    """Mail this chat's answer on a schedule: daily, weekly or monthly, at most twice a day."""
    s = Schedule.from_cron_args(body.cron_args)
    r = await gw.clients.schedule.AddJob(schedule_pb2.AddJobRequest(
        chat_id=body.chat_id, recipients=body.recipients, type=body.type,
        schedule=schedule_pb2.Schedule(minute=s.minute, hours=list(s.hours), day_of_week=s.day_of_week,
                                       day_of_month=s.day_of_month, timezone=s.timezone)),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return _job_out(r.job)


@router.post("/api/remove_job")
async def remove_job(gw: State, who: Caller, body: RemoveJobIn) -> dict[str, Any]:
    await gw.clients.schedule.RemoveJob(schedule_pb2.RemoveJobRequest(chat_id=body.chat_id, job_id=body.job_id),
                                        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return {"job_id": body.job_id, "removed": True}


@router.post("/api/test_job")
async def test_job(gw: State, who: Caller, body: TestJobIn) -> JobRunOut:
    """Send the report once, now, to ``recipients`` (nothing is scheduled)."""
    r = await gw.clients.schedule.TestJob(schedule_pb2.TestJobRequest(chat_id=body.chat_id,
                                                                      recipients=body.recipients, type=body.type),
                                          metadata=who.metadata, timeout=TEST_TIMEOUT)
    return _run_out(r.run)


@router.get("/api/jobs")
async def list_jobs(gw: State, who: Caller, chat_id: Annotated[str, Query(max_length=200)] = "") -> list[JobOut]:
    """Extension: the caller's scheduled reports (of one chat, or all)."""
    r = await gw.clients.schedule.ListJobs(schedule_pb2.ListJobsRequest(chat_id=chat_id), metadata=who.metadata,
                                           timeout=RPC_TIMEOUT)
    return [_job_out(j) for j in r.jobs]


@router.get("/api/jobs/{job_id}/runs")
async def list_job_runs(gw: State, who: Caller, job_id: str) -> list[JobRunOut]:
    """Extension: a job's run history, newest first."""
    r = await gw.clients.schedule.ListJobRuns(schedule_pb2.ListJobRunsRequest(job_id=job_id[:60]), metadata=who.metadata,
                                              timeout=RPC_TIMEOUT)
    return [_run_out(x) for x in r.runs]
