from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Schedule(_message.Message):
    __slots__ = ("minute", "hours", "day_of_week", "day_of_month", "timezone")
    MINUTE_FIELD_NUMBER: _ClassVar[int]
    HOURS_FIELD_NUMBER: _ClassVar[int]
    DAY_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    DAY_OF_MONTH_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    minute: int
    hours: _containers.RepeatedScalarFieldContainer[int]
    day_of_week: int
    day_of_month: int
    timezone: str
    def __init__(self, minute: _Optional[int] = ..., hours: _Optional[_Iterable[int]] = ..., day_of_week: _Optional[int] = ..., day_of_month: _Optional[int] = ..., timezone: _Optional[str] = ...) -> None: ...

class AddJobRequest(_message.Message):
    __slots__ = ("chat_id", "recipients", "schedule", "type")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    recipients: _containers.RepeatedScalarFieldContainer[str]
    schedule: Schedule
    type: str
    def __init__(self, chat_id: _Optional[str] = ..., recipients: _Optional[_Iterable[str]] = ..., schedule: _Optional[_Union[Schedule, _Mapping]] = ..., type: _Optional[str] = ...) -> None: ...

class Job(_message.Message):
    __slots__ = ("id", "chat_id", "recipients", "schedule", "type", "status", "stop_reason", "next_run_at", "created_at", "owner_email")
    ID_FIELD_NUMBER: _ClassVar[int]
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STOP_REASON_FIELD_NUMBER: _ClassVar[int]
    NEXT_RUN_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    OWNER_EMAIL_FIELD_NUMBER: _ClassVar[int]
    id: str
    chat_id: str
    recipients: _containers.RepeatedScalarFieldContainer[str]
    schedule: Schedule
    type: str
    status: str
    stop_reason: str
    next_run_at: str
    created_at: str
    owner_email: str
    def __init__(self, id: _Optional[str] = ..., chat_id: _Optional[str] = ..., recipients: _Optional[_Iterable[str]] = ..., schedule: _Optional[_Union[Schedule, _Mapping]] = ..., type: _Optional[str] = ..., status: _Optional[str] = ..., stop_reason: _Optional[str] = ..., next_run_at: _Optional[str] = ..., created_at: _Optional[str] = ..., owner_email: _Optional[str] = ...) -> None: ...

class AddJobResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: Job
    def __init__(self, job: _Optional[_Union[Job, _Mapping]] = ...) -> None: ...

class ListJobsResponse(_message.Message):
    __slots__ = ("jobs",)
    JOBS_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[Job]
    def __init__(self, jobs: _Optional[_Iterable[_Union[Job, _Mapping]]] = ...) -> None: ...

class ListJobsRequest(_message.Message):
    __slots__ = ("chat_id",)
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    def __init__(self, chat_id: _Optional[str] = ...) -> None: ...

class RemoveJobRequest(_message.Message):
    __slots__ = ("chat_id", "job_id")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    job_id: str
    def __init__(self, chat_id: _Optional[str] = ..., job_id: _Optional[str] = ...) -> None: ...

class RemoveJobResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListJobRunsRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class TestJobRequest(_message.Message):
    __slots__ = ("chat_id", "recipients", "type")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    recipients: _containers.RepeatedScalarFieldContainer[str]
    type: str
    def __init__(self, chat_id: _Optional[str] = ..., recipients: _Optional[_Iterable[str]] = ..., type: _Optional[str] = ...) -> None: ...

class JobRun(_message.Message):
    __slots__ = ("id", "job_id", "status", "detail", "started_at", "finished_at", "recipients")
    ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    job_id: str
    status: str
    detail: str
    started_at: str
    finished_at: str
    recipients: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., job_id: _Optional[str] = ..., status: _Optional[str] = ..., detail: _Optional[str] = ..., started_at: _Optional[str] = ..., finished_at: _Optional[str] = ..., recipients: _Optional[_Iterable[str]] = ...) -> None: ...

class TestJobResponse(_message.Message):
    __slots__ = ("run",)
    RUN_FIELD_NUMBER: _ClassVar[int]
    run: JobRun
    def __init__(self, run: _Optional[_Union[JobRun, _Mapping]] = ...) -> None: ...

class ListJobRunsResponse(_message.Message):
    __slots__ = ("runs",)
    RUNS_FIELD_NUMBER: _ClassVar[int]
    runs: _containers.RepeatedCompositeFieldContainer[JobRun]
    def __init__(self, runs: _Optional[_Iterable[_Union[JobRun, _Mapping]]] = ...) -> None: ...
