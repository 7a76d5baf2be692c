from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class VerifiedQuery(_message.Message):
    __slots__ = ("id", "connection_id", "question", "sql", "status", "proposed_by", "reviewed_by", "reviewed_at", "source_chat_id", "uses", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    SQL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_BY_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_BY_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    USES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    connection_id: str
    question: str
    sql: str
    status: str
    proposed_by: str
    reviewed_by: str
    reviewed_at: str
    source_chat_id: str
    uses: int
    created_at: str
    updated_at: str
    def __init__(self, id: _Optional[str] = ..., connection_id: _Optional[str] = ..., question: _Optional[str] = ..., sql: _Optional[str] = ..., status: _Optional[str] = ..., proposed_by: _Optional[str] = ..., reviewed_by: _Optional[str] = ..., reviewed_at: _Optional[str] = ..., source_chat_id: _Optional[str] = ..., uses: _Optional[int] = ..., created_at: _Optional[str] = ..., updated_at: _Optional[str] = ...) -> None: ...

class ListVerifiedQueriesResponse(_message.Message):
    __slots__ = ("queries",)
    QUERIES_FIELD_NUMBER: _ClassVar[int]
    queries: _containers.RepeatedCompositeFieldContainer[VerifiedQuery]
    def __init__(self, queries: _Optional[_Iterable[_Union[VerifiedQuery, _Mapping]]] = ...) -> None: ...

class ListVerifiedQueriesRequest(_message.Message):
    __slots__ = ("status", "connection_id")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    status: str
    connection_id: str
    def __init__(self, status: _Optional[str] = ..., connection_id: _Optional[str] = ...) -> None: ...

class AddVerifiedQueryRequest(_message.Message):
    __slots__ = ("connection_id", "question", "sql")
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    SQL_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    question: str
    sql: str
    def __init__(self, connection_id: _Optional[str] = ..., question: _Optional[str] = ..., sql: _Optional[str] = ...) -> None: ...

class AddVerifiedQueryResponse(_message.Message):
    __slots__ = ("query",)
    QUERY_FIELD_NUMBER: _ClassVar[int]
    query: VerifiedQuery
    def __init__(self, query: _Optional[_Union[VerifiedQuery, _Mapping]] = ...) -> None: ...

class GetVerifiedQueryRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetVerifiedQueryResponse(_message.Message):
    __slots__ = ("query",)
    QUERY_FIELD_NUMBER: _ClassVar[int]
    query: VerifiedQuery
    def __init__(self, query: _Optional[_Union[VerifiedQuery, _Mapping]] = ...) -> None: ...

class DeleteVerifiedQueryRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteVerifiedQueryResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ReviewVerifiedQueryRequest(_message.Message):
    __slots__ = ("id", "status", "question", "sql")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    SQL_FIELD_NUMBER: _ClassVar[int]
    id: str
    status: str
    question: str
    sql: str
    def __init__(self, id: _Optional[str] = ..., status: _Optional[str] = ..., question: _Optional[str] = ..., sql: _Optional[str] = ...) -> None: ...

class ReviewVerifiedQueryResponse(_message.Message):
    __slots__ = ("query",)
    QUERY_FIELD_NUMBER: _ClassVar[int]
    query: VerifiedQuery
    def __init__(self, query: _Optional[_Union[VerifiedQuery, _Mapping]] = ...) -> None: ...
