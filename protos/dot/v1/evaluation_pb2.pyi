from dot.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EvaluationQuestion(_message.Message):
    __slots__ = ("question", "expected_sql", "expected_rows", "has_expected_rows")
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_SQL_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_ROWS_FIELD_NUMBER: _ClassVar[int]
    HAS_EXPECTED_ROWS_FIELD_NUMBER: _ClassVar[int]
    question: str
    expected_sql: str
    expected_rows: _containers.RepeatedCompositeFieldContainer[_common_pb2.ValueList]
    has_expected_rows: bool
    def __init__(self, question: _Optional[str] = ..., expected_sql: _Optional[str] = ..., expected_rows: _Optional[_Iterable[_Union[_common_pb2.ValueList, _Mapping]]] = ..., has_expected_rows: _Optional[bool] = ...) -> None: ...

class Evaluation(_message.Message):
    __slots__ = ("id", "name", "connection_id", "questions", "created_by", "created_at", "updated_at", "last_run_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    connection_id: str
    questions: _containers.RepeatedCompositeFieldContainer[EvaluationQuestion]
    created_by: str
    created_at: str
    updated_at: str
    last_run_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., connection_id: _Optional[str] = ..., questions: _Optional[_Iterable[_Union[EvaluationQuestion, _Mapping]]] = ..., created_by: _Optional[str] = ..., created_at: _Optional[str] = ..., updated_at: _Optional[str] = ..., last_run_id: _Optional[str] = ...) -> None: ...

class ListEvaluationsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListEvaluationsResponse(_message.Message):
    __slots__ = ("evaluations",)
    EVALUATIONS_FIELD_NUMBER: _ClassVar[int]
    evaluations: _containers.RepeatedCompositeFieldContainer[Evaluation]
    def __init__(self, evaluations: _Optional[_Iterable[_Union[Evaluation, _Mapping]]] = ...) -> None: ...

class CreateEvaluationResponse(_message.Message):
    __slots__ = ("evaluation",)
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    evaluation: Evaluation
    def __init__(self, evaluation: _Optional[_Union[Evaluation, _Mapping]] = ...) -> None: ...

class GetEvaluationRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetEvaluationResponse(_message.Message):
    __slots__ = ("evaluation",)
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    evaluation: Evaluation
    def __init__(self, evaluation: _Optional[_Union[Evaluation, _Mapping]] = ...) -> None: ...

class UpdateEvaluationResponse(_message.Message):
    __slots__ = ("evaluation",)
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    evaluation: Evaluation
    def __init__(self, evaluation: _Optional[_Union[Evaluation, _Mapping]] = ...) -> None: ...

class DeleteEvaluationRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteEvaluationResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CreateEvaluationRequest(_message.Message):
    __slots__ = ("name", "connection_id", "questions")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    name: str
    connection_id: str
    questions: _containers.RepeatedCompositeFieldContainer[EvaluationQuestion]
    def __init__(self, name: _Optional[str] = ..., connection_id: _Optional[str] = ..., questions: _Optional[_Iterable[_Union[EvaluationQuestion, _Mapping]]] = ...) -> None: ...

class UpdateEvaluationRequest(_message.Message):
    __slots__ = ("id", "name", "connection_id", "questions")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    connection_id: str
    questions: _containers.RepeatedCompositeFieldContainer[EvaluationQuestion]
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., connection_id: _Optional[str] = ..., questions: _Optional[_Iterable[_Union[EvaluationQuestion, _Mapping]]] = ...) -> None: ...

class StartEvaluationRunRequest(_message.Message):
    __slots__ = ("evaluation_id", "trigger")
    EVALUATION_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    evaluation_id: str
    trigger: str
    def __init__(self, evaluation_id: _Optional[str] = ..., trigger: _Optional[str] = ...) -> None: ...

class EvaluationSummary(_message.Message):
    __slots__ = ("total", "passed", "failed", "errors", "pending")
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    PASSED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    total: int
    passed: int
    failed: int
    errors: int
    pending: int
    def __init__(self, total: _Optional[int] = ..., passed: _Optional[int] = ..., failed: _Optional[int] = ..., errors: _Optional[int] = ..., pending: _Optional[int] = ...) -> None: ...

class EvaluationResult(_message.Message):
    __slots__ = ("question", "verdict", "reason", "sql")
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SQL_FIELD_NUMBER: _ClassVar[int]
    question: str
    verdict: str
    reason: str
    sql: str
    def __init__(self, question: _Optional[str] = ..., verdict: _Optional[str] = ..., reason: _Optional[str] = ..., sql: _Optional[str] = ...) -> None: ...

class EvaluationRun(_message.Message):
    __slots__ = ("id", "evaluation_id", "status", "finished", "verdict", "summary", "results", "trigger", "started_by", "created_at", "finished_at", "error")
    ID_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    STARTED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    id: str
    evaluation_id: str
    status: str
    finished: bool
    verdict: str
    summary: EvaluationSummary
    results: _containers.RepeatedCompositeFieldContainer[EvaluationResult]
    trigger: str
    started_by: str
    created_at: str
    finished_at: str
    error: str
    def __init__(self, id: _Optional[str] = ..., evaluation_id: _Optional[str] = ..., status: _Optional[str] = ..., finished: _Optional[bool] = ..., verdict: _Optional[str] = ..., summary: _Optional[_Union[EvaluationSummary, _Mapping]] = ..., results: _Optional[_Iterable[_Union[EvaluationResult, _Mapping]]] = ..., trigger: _Optional[str] = ..., started_by: _Optional[str] = ..., created_at: _Optional[str] = ..., finished_at: _Optional[str] = ..., error: _Optional[str] = ...) -> None: ...

class StartEvaluationRunResponse(_message.Message):
    __slots__ = ("run",)
    RUN_FIELD_NUMBER: _ClassVar[int]
    run: EvaluationRun
    def __init__(self, run: _Optional[_Union[EvaluationRun, _Mapping]] = ...) -> None: ...

class GetEvaluationRunRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetEvaluationRunResponse(_message.Message):
    __slots__ = ("run",)
    RUN_FIELD_NUMBER: _ClassVar[int]
    run: EvaluationRun
    def __init__(self, run: _Optional[_Union[EvaluationRun, _Mapping]] = ...) -> None: ...

class ListEvaluationRunsRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListEvaluationRunsResponse(_message.Message):
    __slots__ = ("runs",)
    RUNS_FIELD_NUMBER: _ClassVar[int]
    runs: _containers.RepeatedCompositeFieldContainer[EvaluationRun]
    def __init__(self, runs: _Optional[_Iterable[_Union[EvaluationRun, _Mapping]]] = ...) -> None: ...
