"""ScheduleService over gRPC: identity, protobuf <-> domain types, then ScheduleDomain."""

from __future__ import annotations

import grpc

from dot.v1 import schedule_pb2, schedule_pb2_grpc
from services.common.errors import InvalidArgument
from services.common.callctx import current_principal
from services.common.schedule import Schedule
from services.conversation.schedules import Job, JobRun, ScheduleDomain


def schedule_from_pb(s: schedule_pb2.Schedule) -> Schedule:
    return Schedule(s.minute, tuple(s.hours), s.day_of_week, s.day_of_month, s.timezone)


def schedule_pb(s: Schedule) -> schedule_pb2.Schedule:
    return schedule_pb2.Schedule(minute=s.minute, hours=list(s.hours), day_of_week=s.day_of_week,
                                 day_of_month=s.day_of_month, timezone=s.timezone)


def job_pb(j: Job) -> schedule_pb2.Job:
    return schedule_pb2.Job(id=j.id, chat_id=j.chat_id, recipients=j.recipients, schedule=schedule_pb(j.schedule),
                            type=j.type, status=j.status, stop_reason=j.stop_reason, next_run_at=j.next_run_at,
                            created_at=j.created_at, owner_email=j.owner_email)


def run_pb(r: JobRun) -> schedule_pb2.JobRun:
    return schedule_pb2.JobRun(id=r.id, job_id=r.job_id, status=r.status, detail=r.detail, started_at=r.started_at,
                               finished_at=r.finished_at, recipients=r.recipients)


class ScheduleServicer(schedule_pb2_grpc.ScheduleServiceServicer):
    def __init__(self, domain: ScheduleDomain) -> None:
        self.d = domain

    async def AddJob(self, request: schedule_pb2.AddJobRequest,
                     context: grpc.aio.ServicerContext) -> schedule_pb2.AddJobResponse:
        p = current_principal()
        if not request.HasField("schedule"):
            raise InvalidArgument("schedule is required")
        job = await self.d.add_job(p, request.chat_id, list(request.recipients), schedule_from_pb(request.schedule),
                                   request.type)
        return schedule_pb2.AddJobResponse(job=job_pb(job))

    async def RemoveJob(self, request: schedule_pb2.RemoveJobRequest,
                        context: grpc.aio.ServicerContext) -> schedule_pb2.RemoveJobResponse:
        p = current_principal()
        await self.d.remove_job(p, request.chat_id, request.job_id)
        return schedule_pb2.RemoveJobResponse()

    async def TestJob(self, request: schedule_pb2.TestJobRequest,
                      context: grpc.aio.ServicerContext) -> schedule_pb2.TestJobResponse:
        p = current_principal()
        run = await self.d.test_job(p, request.chat_id, list(request.recipients), request.type)
        return schedule_pb2.TestJobResponse(run=run_pb(run))

    async def ListJobs(self, request: schedule_pb2.ListJobsRequest,
                       context: grpc.aio.ServicerContext) -> schedule_pb2.ListJobsResponse:
        p = current_principal()
        return schedule_pb2.ListJobsResponse(jobs=[job_pb(j) for j in await self.d.list_jobs(p, request.chat_id)])

    async def ListJobRuns(self, request: schedule_pb2.ListJobRunsRequest,
                          context: grpc.aio.ServicerContext) -> schedule_pb2.ListJobRunsResponse:
        p = current_principal()
        return schedule_pb2.ListJobRunsResponse(runs=[run_pb(r) for r in await self.d.list_runs(p, request.job_id)])
