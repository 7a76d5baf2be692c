from dot.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ConnectRequest(_message.Message):
    __slots__ = ("type", "connection_id", "params_json")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    PARAMS_JSON_FIELD_NUMBER: _ClassVar[int]
    type: str
    connection_id: str
    params_json: str
    def __init__(self, type: _Optional[str] = ..., connection_id: _Optional[str] = ..., params_json: _Optional[str] = ...) -> None: ...

class Connection(_message.Message):
    __slots__ = ("connection_id", "type", "created_at", "last_synced_at", "table_count", "params_json", "status")
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_SYNCED_AT_FIELD_NUMBER: _ClassVar[int]
    TABLE_COUNT_FIELD_NUMBER: _ClassVar[int]
    PARAMS_JSON_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    type: str
    created_at: str
    last_synced_at: str
    table_count: int
    params_json: str
    status: str
    def __init__(self, connection_id: _Optional[str] = ..., type: _Optional[str] = ..., created_at: _Optional[str] = ..., last_synced_at: _Optional[str] = ..., table_count: _Optional[int] = ..., params_json: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class ConnectionList(_message.Message):
    __slots__ = ("connections",)
    CONNECTIONS_FIELD_NUMBER: _ClassVar[int]
    connections: _containers.RepeatedCompositeFieldContainer[Connection]
    def __init__(self, connections: _Optional[_Iterable[_Union[Connection, _Mapping]]] = ...) -> None: ...

class ConnectionRef(_message.Message):
    __slots__ = ("connection_id",)
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    def __init__(self, connection_id: _Optional[str] = ...) -> None: ...

class TestConnectionResult(_message.Message):
    __slots__ = ("ok", "detail")
    OK_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    ok: bool
    detail: str
    def __init__(self, ok: _Optional[bool] = ..., detail: _Optional[str] = ...) -> None: ...

class RemoveConnectionRequest(_message.Message):
    __slots__ = ("connection_id", "delete_table_setup")
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    DELETE_TABLE_SETUP_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    delete_table_setup: bool
    def __init__(self, connection_id: _Optional[str] = ..., delete_table_setup: _Optional[bool] = ...) -> None: ...

class SyncRequest(_message.Message):
    __slots__ = ("connection_type", "connection_id")
    CONNECTION_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    connection_type: str
    connection_id: str
    def __init__(self, connection_type: _Optional[str] = ..., connection_id: _Optional[str] = ...) -> None: ...

class SyncResult(_message.Message):
    __slots__ = ("sync_id", "connection_id", "tables_added", "tables_changed", "tables_removed", "columns_added", "columns_changed", "columns_removed", "duration_s", "status", "docs_attached")
    SYNC_ID_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    TABLES_ADDED_FIELD_NUMBER: _ClassVar[int]
    TABLES_CHANGED_FIELD_NUMBER: _ClassVar[int]
    TABLES_REMOVED_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_ADDED_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_CHANGED_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_REMOVED_FIELD_NUMBER: _ClassVar[int]
    DURATION_S_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DOCS_ATTACHED_FIELD_NUMBER: _ClassVar[int]
    sync_id: str
    connection_id: str
    tables_added: int
    tables_changed: int
    tables_removed: int
    columns_added: int
    columns_changed: int
    columns_removed: int
    duration_s: float
    status: str
    docs_attached: int
    def __init__(self, sync_id: _Optional[str] = ..., connection_id: _Optional[str] = ..., tables_added: _Optional[int] = ..., tables_changed: _Optional[int] = ..., tables_removed: _Optional[int] = ..., columns_added: _Optional[int] = ..., columns_changed: _Optional[int] = ..., columns_removed: _Optional[int] = ..., duration_s: _Optional[float] = ..., status: _Optional[str] = ..., docs_attached: _Optional[int] = ...) -> None: ...

class DbtArtifacts(_message.Message):
    __slots__ = ("connection_id", "manifest", "catalog")
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    MANIFEST_FIELD_NUMBER: _ClassVar[int]
    CATALOG_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    manifest: bytes
    catalog: bytes
    def __init__(self, connection_id: _Optional[str] = ..., manifest: _Optional[bytes] = ..., catalog: _Optional[bytes] = ...) -> None: ...

class ListTablesRequest(_message.Message):
    __slots__ = ("lite", "include_archived")
    LITE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    lite: bool
    include_archived: bool
    def __init__(self, lite: _Optional[bool] = ..., include_archived: _Optional[bool] = ...) -> None: ...

class TableRef(_message.Message):
    __slots__ = ("table_id",)
    TABLE_ID_FIELD_NUMBER: _ClassVar[int]
    table_id: str
    def __init__(self, table_id: _Optional[str] = ...) -> None: ...

class DocGroupRequest(_message.Message):
    __slots__ = ("doc_id", "group")
    DOC_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    doc_id: str
    group: str
    def __init__(self, doc_id: _Optional[str] = ..., group: _Optional[str] = ...) -> None: ...

class RowFilterRequest(_message.Message):
    __slots__ = ("table_id", "template")
    TABLE_ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    table_id: str
    template: str
    def __init__(self, table_id: _Optional[str] = ..., template: _Optional[str] = ...) -> None: ...

class AssetRef(_message.Message):
    __slots__ = ("asset_id",)
    ASSET_ID_FIELD_NUMBER: _ClassVar[int]
    asset_id: str
    def __init__(self, asset_id: _Optional[str] = ...) -> None: ...

class SearchRequest(_message.Message):
    __slots__ = ("query", "limit")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    query: str
    limit: int
    def __init__(self, query: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class SchemaRequest(_message.Message):
    __slots__ = ("connection_id", "question")
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    question: str
    def __init__(self, connection_id: _Optional[str] = ..., question: _Optional[str] = ...) -> None: ...

class QueryRequest(_message.Message):
    __slots__ = ("connection_id", "sql", "max_rows", "timeout_s")
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    SQL_FIELD_NUMBER: _ClassVar[int]
    MAX_ROWS_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_S_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    sql: str
    max_rows: int
    timeout_s: float
    def __init__(self, connection_id: _Optional[str] = ..., sql: _Optional[str] = ..., max_rows: _Optional[int] = ..., timeout_s: _Optional[float] = ...) -> None: ...

class QueryResponse(_message.Message):
    __slots__ = ("sql", "columns", "rows_json", "truncated", "tables", "dialect")
    SQL_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    ROWS_JSON_FIELD_NUMBER: _ClassVar[int]
    TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    TABLES_FIELD_NUMBER: _ClassVar[int]
    DIALECT_FIELD_NUMBER: _ClassVar[int]
    sql: str
    columns: _containers.RepeatedScalarFieldContainer[str]
    rows_json: str
    truncated: bool
    tables: _containers.RepeatedScalarFieldContainer[str]
    dialect: str
    def __init__(self, sql: _Optional[str] = ..., columns: _Optional[_Iterable[str]] = ..., rows_json: _Optional[str] = ..., truncated: _Optional[bool] = ..., tables: _Optional[_Iterable[str]] = ..., dialect: _Optional[str] = ...) -> None: ...
