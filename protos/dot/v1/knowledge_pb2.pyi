from dot.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ColumnKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COLUMN_KIND_UNSPECIFIED: _ClassVar[ColumnKind]
    COLUMN_KIND_INT: _ClassVar[ColumnKind]
    COLUMN_KIND_DOUBLE: _ClassVar[ColumnKind]
    COLUMN_KIND_STRING: _ClassVar[ColumnKind]
    COLUMN_KIND_BOOL: _ClassVar[ColumnKind]
    COLUMN_KIND_MIXED: _ClassVar[ColumnKind]
COLUMN_KIND_UNSPECIFIED: ColumnKind
COLUMN_KIND_INT: ColumnKind
COLUMN_KIND_DOUBLE: ColumnKind
COLUMN_KIND_STRING: ColumnKind
COLUMN_KIND_BOOL: ColumnKind
COLUMN_KIND_MIXED: ColumnKind

class ConnectRequest(_message.Message):
    __slots__ = ("type", "connection_id", "fields")
    class FieldsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _common_pb2.Value
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_common_pb2.Value, _Mapping]] = ...) -> None: ...
    TYPE_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    type: str
    connection_id: str
    fields: _containers.MessageMap[str, _common_pb2.Value]
    def __init__(self, type: _Optional[str] = ..., connection_id: _Optional[str] = ..., fields: _Optional[_Mapping[str, _common_pb2.Value]] = ...) -> None: ...

class ConnectResponse(_message.Message):
    __slots__ = ("connection",)
    CONNECTION_FIELD_NUMBER: _ClassVar[int]
    connection: Connection
    def __init__(self, connection: _Optional[_Union[Connection, _Mapping]] = ...) -> None: ...

class Connection(_message.Message):
    __slots__ = ("connection_id", "type", "created_at", "last_synced_at", "table_count", "fields", "status")
    class FieldsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _common_pb2.Value
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_common_pb2.Value, _Mapping]] = ...) -> None: ...
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_SYNCED_AT_FIELD_NUMBER: _ClassVar[int]
    TABLE_COUNT_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    type: str
    created_at: str
    last_synced_at: str
    table_count: int
    fields: _containers.MessageMap[str, _common_pb2.Value]
    status: str
    def __init__(self, connection_id: _Optional[str] = ..., type: _Optional[str] = ..., created_at: _Optional[str] = ..., last_synced_at: _Optional[str] = ..., table_count: _Optional[int] = ..., fields: _Optional[_Mapping[str, _common_pb2.Value]] = ..., status: _Optional[str] = ...) -> None: ...

class ListConnectionsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListConnectionsResponse(_message.Message):
    __slots__ = ("connections",)
    CONNECTIONS_FIELD_NUMBER: _ClassVar[int]
    connections: _containers.RepeatedCompositeFieldContainer[Connection]
    def __init__(self, connections: _Optional[_Iterable[_Union[Connection, _Mapping]]] = ...) -> None: ...

class TestConnectionRequest(_message.Message):
    __slots__ = ("connection_id",)
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    def __init__(self, connection_id: _Optional[str] = ...) -> None: ...

class TestConnectionResponse(_message.Message):
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

class RemoveConnectionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

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

class SyncResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: SyncResult
    def __init__(self, result: _Optional[_Union[SyncResult, _Mapping]] = ...) -> None: ...

class UploadDbtArtifactsRequest(_message.Message):
    __slots__ = ("connection_id", "manifest", "catalog")
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    MANIFEST_FIELD_NUMBER: _ClassVar[int]
    CATALOG_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    manifest: bytes
    catalog: bytes
    def __init__(self, connection_id: _Optional[str] = ..., manifest: _Optional[bytes] = ..., catalog: _Optional[bytes] = ...) -> None: ...

class UploadDbtArtifactsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: SyncResult
    def __init__(self, result: _Optional[_Union[SyncResult, _Mapping]] = ...) -> None: ...

class Table(_message.Message):
    __slots__ = ("id", "name", "table_name", "schema", "connection_id", "kind", "description", "column_count", "num_rows", "groups", "archived", "row_filter", "updated_at", "detailed", "columns", "primary_key", "relationships", "dbt_json", "lookml_json", "warehouse_comment")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TABLE_NAME_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    COLUMN_COUNT_FIELD_NUMBER: _ClassVar[int]
    NUM_ROWS_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    ROW_FILTER_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    DETAILED_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_KEY_FIELD_NUMBER: _ClassVar[int]
    RELATIONSHIPS_FIELD_NUMBER: _ClassVar[int]
    DBT_JSON_FIELD_NUMBER: _ClassVar[int]
    LOOKML_JSON_FIELD_NUMBER: _ClassVar[int]
    WAREHOUSE_COMMENT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    table_name: str
    schema: str
    connection_id: str
    kind: str
    description: str
    column_count: int
    num_rows: int
    groups: _containers.RepeatedScalarFieldContainer[str]
    archived: bool
    row_filter: str
    updated_at: str
    detailed: bool
    columns: _containers.RepeatedCompositeFieldContainer[TableColumn]
    primary_key: _containers.RepeatedScalarFieldContainer[str]
    relationships: _containers.RepeatedCompositeFieldContainer[Relationship]
    dbt_json: str
    lookml_json: str
    warehouse_comment: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., table_name: _Optional[str] = ..., schema: _Optional[str] = ..., connection_id: _Optional[str] = ..., kind: _Optional[str] = ..., description: _Optional[str] = ..., column_count: _Optional[int] = ..., num_rows: _Optional[int] = ..., groups: _Optional[_Iterable[str]] = ..., archived: _Optional[bool] = ..., row_filter: _Optional[str] = ..., updated_at: _Optional[str] = ..., detailed: _Optional[bool] = ..., columns: _Optional[_Iterable[_Union[TableColumn, _Mapping]]] = ..., primary_key: _Optional[_Iterable[str]] = ..., relationships: _Optional[_Iterable[_Union[Relationship, _Mapping]]] = ..., dbt_json: _Optional[str] = ..., lookml_json: _Optional[str] = ..., warehouse_comment: _Optional[str] = ...) -> None: ...

class TableColumn(_message.Message):
    __slots__ = ("name", "type", "nullable", "comment", "user_comment", "dbt_description", "lookml_description", "description", "sample_values", "values_complete", "distinct_count", "role", "role_source", "synonyms")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    NULLABLE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    USER_COMMENT_FIELD_NUMBER: _ClassVar[int]
    DBT_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LOOKML_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_VALUES_FIELD_NUMBER: _ClassVar[int]
    VALUES_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    DISTINCT_COUNT_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    ROLE_SOURCE_FIELD_NUMBER: _ClassVar[int]
    SYNONYMS_FIELD_NUMBER: _ClassVar[int]
    name: str
    type: str
    nullable: bool
    comment: str
    user_comment: str
    dbt_description: str
    lookml_description: str
    description: str
    sample_values: _containers.RepeatedCompositeFieldContainer[_common_pb2.Value]
    values_complete: bool
    distinct_count: int
    role: str
    role_source: str
    synonyms: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., type: _Optional[str] = ..., nullable: _Optional[bool] = ..., comment: _Optional[str] = ..., user_comment: _Optional[str] = ..., dbt_description: _Optional[str] = ..., lookml_description: _Optional[str] = ..., description: _Optional[str] = ..., sample_values: _Optional[_Iterable[_Union[_common_pb2.Value, _Mapping]]] = ..., values_complete: _Optional[bool] = ..., distinct_count: _Optional[int] = ..., role: _Optional[str] = ..., role_source: _Optional[str] = ..., synonyms: _Optional[_Iterable[str]] = ...) -> None: ...

class Relationship(_message.Message):
    __slots__ = ("type", "own_columns", "table", "columns")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    OWN_COLUMNS_FIELD_NUMBER: _ClassVar[int]
    TABLE_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    type: str
    own_columns: _containers.RepeatedScalarFieldContainer[str]
    table: str
    columns: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, type: _Optional[str] = ..., own_columns: _Optional[_Iterable[str]] = ..., table: _Optional[str] = ..., columns: _Optional[_Iterable[str]] = ...) -> None: ...

class ListTablesRequest(_message.Message):
    __slots__ = ("lite", "include_archived")
    LITE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    lite: bool
    include_archived: bool
    def __init__(self, lite: _Optional[bool] = ..., include_archived: _Optional[bool] = ...) -> None: ...

class ListTablesResponse(_message.Message):
    __slots__ = ("tables",)
    TABLES_FIELD_NUMBER: _ClassVar[int]
    tables: _containers.RepeatedCompositeFieldContainer[Table]
    def __init__(self, tables: _Optional[_Iterable[_Union[Table, _Mapping]]] = ...) -> None: ...

class GetTableRequest(_message.Message):
    __slots__ = ("table_id",)
    TABLE_ID_FIELD_NUMBER: _ClassVar[int]
    table_id: str
    def __init__(self, table_id: _Optional[str] = ...) -> None: ...

class GetTableResponse(_message.Message):
    __slots__ = ("table",)
    TABLE_FIELD_NUMBER: _ClassVar[int]
    table: Table
    def __init__(self, table: _Optional[_Union[Table, _Mapping]] = ...) -> None: ...

class ColumnDoc(_message.Message):
    __slots__ = ("name", "description")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class ColumnSemantics(_message.Message):
    __slots__ = ("column", "role", "add_synonyms")
    COLUMN_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    ADD_SYNONYMS_FIELD_NUMBER: _ClassVar[int]
    column: str
    role: str
    add_synonyms: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, column: _Optional[str] = ..., role: _Optional[str] = ..., add_synonyms: _Optional[_Iterable[str]] = ...) -> None: ...

class SaveTableDocRequest(_message.Message):
    __slots__ = ("table_id", "description", "columns", "semantics")
    TABLE_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    SEMANTICS_FIELD_NUMBER: _ClassVar[int]
    table_id: str
    description: str
    columns: _containers.RepeatedCompositeFieldContainer[ColumnDoc]
    semantics: _containers.RepeatedCompositeFieldContainer[ColumnSemantics]
    def __init__(self, table_id: _Optional[str] = ..., description: _Optional[str] = ..., columns: _Optional[_Iterable[_Union[ColumnDoc, _Mapping]]] = ..., semantics: _Optional[_Iterable[_Union[ColumnSemantics, _Mapping]]] = ...) -> None: ...

class SaveTableDocResponse(_message.Message):
    __slots__ = ("table",)
    TABLE_FIELD_NUMBER: _ClassVar[int]
    table: Table
    def __init__(self, table: _Optional[_Union[Table, _Mapping]] = ...) -> None: ...

class AddDocToGroupRequest(_message.Message):
    __slots__ = ("doc_id", "group")
    DOC_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    doc_id: str
    group: str
    def __init__(self, doc_id: _Optional[str] = ..., group: _Optional[str] = ...) -> None: ...

class AddDocToGroupResponse(_message.Message):
    __slots__ = ("table",)
    TABLE_FIELD_NUMBER: _ClassVar[int]
    table: Table
    def __init__(self, table: _Optional[_Union[Table, _Mapping]] = ...) -> None: ...

class RemoveDocFromGroupRequest(_message.Message):
    __slots__ = ("doc_id", "group")
    DOC_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    doc_id: str
    group: str
    def __init__(self, doc_id: _Optional[str] = ..., group: _Optional[str] = ...) -> None: ...

class RemoveDocFromGroupResponse(_message.Message):
    __slots__ = ("table",)
    TABLE_FIELD_NUMBER: _ClassVar[int]
    table: Table
    def __init__(self, table: _Optional[_Union[Table, _Mapping]] = ...) -> None: ...

class SetRowFilterRequest(_message.Message):
    __slots__ = ("table_id", "template")
    TABLE_ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    table_id: str
    template: str
    def __init__(self, table_id: _Optional[str] = ..., template: _Optional[str] = ...) -> None: ...

class SetRowFilterResponse(_message.Message):
    __slots__ = ("table",)
    TABLE_FIELD_NUMBER: _ClassVar[int]
    table: Table
    def __init__(self, table: _Optional[_Union[Table, _Mapping]] = ...) -> None: ...

class ExternalAsset(_message.Message):
    __slots__ = ("id", "subtype", "folder", "name", "description", "url", "active", "view_count", "last_accessed_at", "dot_description")
    ID_FIELD_NUMBER: _ClassVar[int]
    SUBTYPE_FIELD_NUMBER: _ClassVar[int]
    FOLDER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    VIEW_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_ACCESSED_AT_FIELD_NUMBER: _ClassVar[int]
    DOT_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    id: str
    subtype: str
    folder: str
    name: str
    description: str
    url: str
    active: bool
    view_count: int
    last_accessed_at: str
    dot_description: str
    def __init__(self, id: _Optional[str] = ..., subtype: _Optional[str] = ..., folder: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., url: _Optional[str] = ..., active: _Optional[bool] = ..., view_count: _Optional[int] = ..., last_accessed_at: _Optional[str] = ..., dot_description: _Optional[str] = ...) -> None: ...

class ImportExternalAssetRequest(_message.Message):
    __slots__ = ("asset",)
    ASSET_FIELD_NUMBER: _ClassVar[int]
    asset: ExternalAsset
    def __init__(self, asset: _Optional[_Union[ExternalAsset, _Mapping]] = ...) -> None: ...

class ImportExternalAssetResponse(_message.Message):
    __slots__ = ("asset",)
    ASSET_FIELD_NUMBER: _ClassVar[int]
    asset: ExternalAsset
    def __init__(self, asset: _Optional[_Union[ExternalAsset, _Mapping]] = ...) -> None: ...

class ListExternalAssetsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListExternalAssetsResponse(_message.Message):
    __slots__ = ("assets",)
    ASSETS_FIELD_NUMBER: _ClassVar[int]
    assets: _containers.RepeatedCompositeFieldContainer[ExternalAsset]
    def __init__(self, assets: _Optional[_Iterable[_Union[ExternalAsset, _Mapping]]] = ...) -> None: ...

class DeleteExternalAssetRequest(_message.Message):
    __slots__ = ("asset_id",)
    ASSET_ID_FIELD_NUMBER: _ClassVar[int]
    asset_id: str
    def __init__(self, asset_id: _Optional[str] = ...) -> None: ...

class DeleteExternalAssetResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SearchRequest(_message.Message):
    __slots__ = ("query", "limit", "with_visible_connections")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    WITH_VISIBLE_CONNECTIONS_FIELD_NUMBER: _ClassVar[int]
    query: str
    limit: int
    with_visible_connections: bool
    def __init__(self, query: _Optional[str] = ..., limit: _Optional[int] = ..., with_visible_connections: _Optional[bool] = ...) -> None: ...

class SearchHit(_message.Message):
    __slots__ = ("table", "asset", "score", "matched_names", "matched_columns", "demo")
    TABLE_FIELD_NUMBER: _ClassVar[int]
    ASSET_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    MATCHED_NAMES_FIELD_NUMBER: _ClassVar[int]
    MATCHED_COLUMNS_FIELD_NUMBER: _ClassVar[int]
    DEMO_FIELD_NUMBER: _ClassVar[int]
    table: Table
    asset: ExternalAsset
    score: float
    matched_names: _containers.RepeatedScalarFieldContainer[str]
    matched_columns: _containers.RepeatedScalarFieldContainer[str]
    demo: bool
    def __init__(self, table: _Optional[_Union[Table, _Mapping]] = ..., asset: _Optional[_Union[ExternalAsset, _Mapping]] = ..., score: _Optional[float] = ..., matched_names: _Optional[_Iterable[str]] = ..., matched_columns: _Optional[_Iterable[str]] = ..., demo: _Optional[bool] = ...) -> None: ...

class SearchResponse(_message.Message):
    __slots__ = ("hits", "visible_connections", "visible_connections_listed")
    HITS_FIELD_NUMBER: _ClassVar[int]
    VISIBLE_CONNECTIONS_FIELD_NUMBER: _ClassVar[int]
    VISIBLE_CONNECTIONS_LISTED_FIELD_NUMBER: _ClassVar[int]
    hits: _containers.RepeatedCompositeFieldContainer[SearchHit]
    visible_connections: _containers.RepeatedCompositeFieldContainer[VisibleConnection]
    visible_connections_listed: bool
    def __init__(self, hits: _Optional[_Iterable[_Union[SearchHit, _Mapping]]] = ..., visible_connections: _Optional[_Iterable[_Union[VisibleConnection, _Mapping]]] = ..., visible_connections_listed: _Optional[bool] = ...) -> None: ...

class GetCliCatalogRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CatalogConnection(_message.Message):
    __slots__ = ("id", "type", "table_count")
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TABLE_COUNT_FIELD_NUMBER: _ClassVar[int]
    id: str
    type: str
    table_count: int
    def __init__(self, id: _Optional[str] = ..., type: _Optional[str] = ..., table_count: _Optional[int] = ...) -> None: ...

class GetCliCatalogResponse(_message.Message):
    __slots__ = ("org_id", "capabilities", "custom_skills", "connections", "tables", "total_tables", "external_assets")
    class ExternalAssetsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_SKILLS_FIELD_NUMBER: _ClassVar[int]
    CONNECTIONS_FIELD_NUMBER: _ClassVar[int]
    TABLES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_TABLES_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ASSETS_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    capabilities: _containers.RepeatedScalarFieldContainer[str]
    custom_skills: _containers.RepeatedScalarFieldContainer[str]
    connections: _containers.RepeatedCompositeFieldContainer[CatalogConnection]
    tables: _containers.RepeatedCompositeFieldContainer[Table]
    total_tables: int
    external_assets: _containers.ScalarMap[str, int]
    def __init__(self, org_id: _Optional[str] = ..., capabilities: _Optional[_Iterable[str]] = ..., custom_skills: _Optional[_Iterable[str]] = ..., connections: _Optional[_Iterable[_Union[CatalogConnection, _Mapping]]] = ..., tables: _Optional[_Iterable[_Union[Table, _Mapping]]] = ..., total_tables: _Optional[int] = ..., external_assets: _Optional[_Mapping[str, int]] = ...) -> None: ...

class GetSchemaRequest(_message.Message):
    __slots__ = ("connection_id", "question")
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    question: str
    def __init__(self, connection_id: _Optional[str] = ..., question: _Optional[str] = ...) -> None: ...

class SchemaColumn(_message.Message):
    __slots__ = ("name", "type", "description", "is_primary_key", "sample_values", "values_complete", "distinct_count", "role", "synonyms")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    IS_PRIMARY_KEY_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_VALUES_FIELD_NUMBER: _ClassVar[int]
    VALUES_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    DISTINCT_COUNT_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    SYNONYMS_FIELD_NUMBER: _ClassVar[int]
    name: str
    type: str
    description: str
    is_primary_key: bool
    sample_values: _containers.RepeatedCompositeFieldContainer[_common_pb2.Value]
    values_complete: bool
    distinct_count: int
    role: str
    synonyms: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., type: _Optional[str] = ..., description: _Optional[str] = ..., is_primary_key: _Optional[bool] = ..., sample_values: _Optional[_Iterable[_Union[_common_pb2.Value, _Mapping]]] = ..., values_complete: _Optional[bool] = ..., distinct_count: _Optional[int] = ..., role: _Optional[str] = ..., synonyms: _Optional[_Iterable[str]] = ...) -> None: ...

class ForeignKey(_message.Message):
    __slots__ = ("column", "ref_table", "ref_column")
    COLUMN_FIELD_NUMBER: _ClassVar[int]
    REF_TABLE_FIELD_NUMBER: _ClassVar[int]
    REF_COLUMN_FIELD_NUMBER: _ClassVar[int]
    column: str
    ref_table: str
    ref_column: str
    def __init__(self, column: _Optional[str] = ..., ref_table: _Optional[str] = ..., ref_column: _Optional[str] = ...) -> None: ...

class SchemaTable(_message.Message):
    __slots__ = ("name", "description", "row_count", "tags", "columns", "foreign_keys")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ROW_COUNT_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    FOREIGN_KEYS_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    row_count: int
    tags: _containers.RepeatedScalarFieldContainer[str]
    columns: _containers.RepeatedCompositeFieldContainer[SchemaColumn]
    foreign_keys: _containers.RepeatedCompositeFieldContainer[ForeignKey]
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., row_count: _Optional[int] = ..., tags: _Optional[_Iterable[str]] = ..., columns: _Optional[_Iterable[_Union[SchemaColumn, _Mapping]]] = ..., foreign_keys: _Optional[_Iterable[_Union[ForeignKey, _Mapping]]] = ...) -> None: ...

class GetSchemaResponse(_message.Message):
    __slots__ = ("connection_id", "dialect", "tables")
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    DIALECT_FIELD_NUMBER: _ClassVar[int]
    TABLES_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    dialect: str
    tables: _containers.RepeatedCompositeFieldContainer[SchemaTable]
    def __init__(self, connection_id: _Optional[str] = ..., dialect: _Optional[str] = ..., tables: _Optional[_Iterable[_Union[SchemaTable, _Mapping]]] = ...) -> None: ...

class ListVisibleConnectionsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class VisibleConnection(_message.Message):
    __slots__ = ("connection_id", "catalog_version", "table_count", "schema_key")
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    CATALOG_VERSION_FIELD_NUMBER: _ClassVar[int]
    TABLE_COUNT_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_KEY_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    catalog_version: int
    table_count: int
    schema_key: str
    def __init__(self, connection_id: _Optional[str] = ..., catalog_version: _Optional[int] = ..., table_count: _Optional[int] = ..., schema_key: _Optional[str] = ...) -> None: ...

class ListVisibleConnectionsResponse(_message.Message):
    __slots__ = ("connections",)
    CONNECTIONS_FIELD_NUMBER: _ClassVar[int]
    connections: _containers.RepeatedCompositeFieldContainer[VisibleConnection]
    def __init__(self, connections: _Optional[_Iterable[_Union[VisibleConnection, _Mapping]]] = ...) -> None: ...

class ExecuteQueryRequest(_message.Message):
    __slots__ = ("connection_id", "sql", "max_rows", "timeout_s", "catalog_version")
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    SQL_FIELD_NUMBER: _ClassVar[int]
    MAX_ROWS_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_S_FIELD_NUMBER: _ClassVar[int]
    CATALOG_VERSION_FIELD_NUMBER: _ClassVar[int]
    connection_id: str
    sql: str
    max_rows: int
    timeout_s: float
    catalog_version: int
    def __init__(self, connection_id: _Optional[str] = ..., sql: _Optional[str] = ..., max_rows: _Optional[int] = ..., timeout_s: _Optional[float] = ..., catalog_version: _Optional[int] = ...) -> None: ...

class ResultColumn(_message.Message):
    __slots__ = ("name", "kind", "null_rows", "ints", "doubles", "strings", "bools", "values")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NULL_ROWS_FIELD_NUMBER: _ClassVar[int]
    INTS_FIELD_NUMBER: _ClassVar[int]
    DOUBLES_FIELD_NUMBER: _ClassVar[int]
    STRINGS_FIELD_NUMBER: _ClassVar[int]
    BOOLS_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: ColumnKind
    null_rows: _containers.RepeatedScalarFieldContainer[int]
    ints: _containers.RepeatedScalarFieldContainer[int]
    doubles: _containers.RepeatedScalarFieldContainer[float]
    strings: _containers.RepeatedScalarFieldContainer[str]
    bools: _containers.RepeatedScalarFieldContainer[bool]
    values: _containers.RepeatedCompositeFieldContainer[_common_pb2.Value]
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[_Union[ColumnKind, str]] = ..., null_rows: _Optional[_Iterable[int]] = ..., ints: _Optional[_Iterable[int]] = ..., doubles: _Optional[_Iterable[float]] = ..., strings: _Optional[_Iterable[str]] = ..., bools: _Optional[_Iterable[bool]] = ..., values: _Optional[_Iterable[_Union[_common_pb2.Value, _Mapping]]] = ...) -> None: ...

class ExecuteQueryResponse(_message.Message):
    __slots__ = ("sql", "columns", "row_count", "truncated", "tables", "dialect")
    SQL_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    ROW_COUNT_FIELD_NUMBER: _ClassVar[int]
    TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    TABLES_FIELD_NUMBER: _ClassVar[int]
    DIALECT_FIELD_NUMBER: _ClassVar[int]
    sql: str
    columns: _containers.RepeatedCompositeFieldContainer[ResultColumn]
    row_count: int
    truncated: bool
    tables: _containers.RepeatedScalarFieldContainer[str]
    dialect: str
    def __init__(self, sql: _Optional[str] = ..., columns: _Optional[_Iterable[_Union[ResultColumn, _Mapping]]] = ..., row_count: _Optional[int] = ..., truncated: _Optional[bool] = ..., tables: _Optional[_Iterable[str]] = ..., dialect: _Optional[str] = ...) -> None: ...
