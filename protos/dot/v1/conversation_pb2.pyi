from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InputMessage(_message.Message):
    __slots__ = ("role", "content")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    role: str
    content: str
    def __init__(self, role: _Optional[str] = ..., content: _Optional[str] = ...) -> None: ...

class AnswerPart(_message.Message):
    __slots__ = ("type", "data")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    type: str
    data: str
    def __init__(self, type: _Optional[str] = ..., data: _Optional[str] = ...) -> None: ...

class DataframeAsset(_message.Message):
    __slots__ = ("sql_query", "text_preview", "text_summary", "rows", "columns", "csv_download_url")
    SQL_QUERY_FIELD_NUMBER: _ClassVar[int]
    TEXT_PREVIEW_FIELD_NUMBER: _ClassVar[int]
    TEXT_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    CSV_DOWNLOAD_URL_FIELD_NUMBER: _ClassVar[int]
    sql_query: str
    text_preview: str
    text_summary: str
    rows: int
    columns: int
    csv_download_url: str
    def __init__(self, sql_query: _Optional[str] = ..., text_preview: _Optional[str] = ..., text_summary: _Optional[str] = ..., rows: _Optional[int] = ..., columns: _Optional[int] = ..., csv_download_url: _Optional[str] = ...) -> None: ...

class ChartAsset(_message.Message):
    __slots__ = ("interpretation", "chart_download_url", "vega_lite_json")
    INTERPRETATION_FIELD_NUMBER: _ClassVar[int]
    CHART_DOWNLOAD_URL_FIELD_NUMBER: _ClassVar[int]
    VEGA_LITE_JSON_FIELD_NUMBER: _ClassVar[int]
    interpretation: str
    chart_download_url: str
    vega_lite_json: str
    def __init__(self, interpretation: _Optional[str] = ..., chart_download_url: _Optional[str] = ..., vega_lite_json: _Optional[str] = ...) -> None: ...

class AnswerAsset(_message.Message):
    __slots__ = ("dataframe", "chart")
    DATAFRAME_FIELD_NUMBER: _ClassVar[int]
    CHART_FIELD_NUMBER: _ClassVar[int]
    dataframe: DataframeAsset
    chart: ChartAsset
    def __init__(self, dataframe: _Optional[_Union[DataframeAsset, _Mapping]] = ..., chart: _Optional[_Union[ChartAsset, _Mapping]] = ...) -> None: ...

class AnswerData(_message.Message):
    __slots__ = ("formatted_result", "assets", "dot_url", "chat_id", "connection_id")
    class AssetsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: AnswerAsset
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[AnswerAsset, _Mapping]] = ...) -> None: ...
    FORMATTED_RESULT_FIELD_NUMBER: _ClassVar[int]
    ASSETS_FIELD_NUMBER: _ClassVar[int]
    DOT_URL_FIELD_NUMBER: _ClassVar[int]
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    formatted_result: _containers.RepeatedCompositeFieldContainer[AnswerPart]
    assets: _containers.MessageMap[str, AnswerAsset]
    dot_url: str
    chat_id: str
    connection_id: str
    def __init__(self, formatted_result: _Optional[_Iterable[_Union[AnswerPart, _Mapping]]] = ..., assets: _Optional[_Mapping[str, AnswerAsset]] = ..., dot_url: _Optional[str] = ..., chat_id: _Optional[str] = ..., connection_id: _Optional[str] = ...) -> None: ...

class ChatMessage(_message.Message):
    __slots__ = ("role", "content", "additional_data", "suggested_follow_ups")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    ADDITIONAL_DATA_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_FOLLOW_UPS_FIELD_NUMBER: _ClassVar[int]
    role: str
    content: str
    additional_data: AnswerData
    suggested_follow_ups: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, role: _Optional[str] = ..., content: _Optional[str] = ..., additional_data: _Optional[_Union[AnswerData, _Mapping]] = ..., suggested_follow_ups: _Optional[_Iterable[str]] = ...) -> None: ...

class AgenticRequest(_message.Message):
    __slots__ = ("chat_id", "messages", "mode", "skip_check", "base_url", "deep", "extra", "connection_id")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    SKIP_CHECK_FIELD_NUMBER: _ClassVar[int]
    BASE_URL_FIELD_NUMBER: _ClassVar[int]
    DEEP_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    messages: _containers.RepeatedCompositeFieldContainer[InputMessage]
    mode: str
    skip_check: bool
    base_url: str
    deep: bool
    extra: str
    connection_id: str
    def __init__(self, chat_id: _Optional[str] = ..., messages: _Optional[_Iterable[_Union[InputMessage, _Mapping]]] = ..., mode: _Optional[str] = ..., skip_check: _Optional[bool] = ..., base_url: _Optional[str] = ..., deep: _Optional[bool] = ..., extra: _Optional[str] = ..., connection_id: _Optional[str] = ...) -> None: ...

class AgenticResponse(_message.Message):
    __slots__ = ("chat_id", "messages", "status")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    messages: _containers.RepeatedCompositeFieldContainer[ChatMessage]
    status: str
    def __init__(self, chat_id: _Optional[str] = ..., messages: _Optional[_Iterable[_Union[ChatMessage, _Mapping]]] = ..., status: _Optional[str] = ...) -> None: ...

class AskRequest(_message.Message):
    __slots__ = ("chat_id", "messages", "mode", "skip_check", "base_url", "deep", "extra", "connection_id")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    SKIP_CHECK_FIELD_NUMBER: _ClassVar[int]
    BASE_URL_FIELD_NUMBER: _ClassVar[int]
    DEEP_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    messages: _containers.RepeatedCompositeFieldContainer[InputMessage]
    mode: str
    skip_check: bool
    base_url: str
    deep: bool
    extra: str
    connection_id: str
    def __init__(self, chat_id: _Optional[str] = ..., messages: _Optional[_Iterable[_Union[InputMessage, _Mapping]]] = ..., mode: _Optional[str] = ..., skip_check: _Optional[bool] = ..., base_url: _Optional[str] = ..., deep: _Optional[bool] = ..., extra: _Optional[str] = ..., connection_id: _Optional[str] = ...) -> None: ...

class AskResponse(_message.Message):
    __slots__ = ("chat_id", "status")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    status: str
    def __init__(self, chat_id: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class GetChatRequest(_message.Message):
    __slots__ = ("chat_id", "owner")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    owner: str
    def __init__(self, chat_id: _Optional[str] = ..., owner: _Optional[str] = ...) -> None: ...

class GetChatResponse(_message.Message):
    __slots__ = ("chat_id", "messages", "status")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    messages: _containers.RepeatedCompositeFieldContainer[ChatMessage]
    status: str
    def __init__(self, chat_id: _Optional[str] = ..., messages: _Optional[_Iterable[_Union[ChatMessage, _Mapping]]] = ..., status: _Optional[str] = ...) -> None: ...

class ChatHistoryRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ChatSummary(_message.Message):
    __slots__ = ("chat_id", "title", "created_at", "updated_at", "num_messages", "status", "labels", "mode")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    NUM_MESSAGES_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    title: str
    created_at: str
    updated_at: str
    num_messages: int
    status: str
    labels: _containers.RepeatedScalarFieldContainer[str]
    mode: str
    def __init__(self, chat_id: _Optional[str] = ..., title: _Optional[str] = ..., created_at: _Optional[str] = ..., updated_at: _Optional[str] = ..., num_messages: _Optional[int] = ..., status: _Optional[str] = ..., labels: _Optional[_Iterable[str]] = ..., mode: _Optional[str] = ...) -> None: ...

class ChatHistoryResponse(_message.Message):
    __slots__ = ("chats",)
    CHATS_FIELD_NUMBER: _ClassVar[int]
    chats: _containers.RepeatedCompositeFieldContainer[ChatSummary]
    def __init__(self, chats: _Optional[_Iterable[_Union[ChatSummary, _Mapping]]] = ...) -> None: ...

class AddLabelsRequest(_message.Message):
    __slots__ = ("chat_id", "labels", "owner")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    labels: _containers.RepeatedScalarFieldContainer[str]
    owner: str
    def __init__(self, chat_id: _Optional[str] = ..., labels: _Optional[_Iterable[str]] = ..., owner: _Optional[str] = ...) -> None: ...

class AddLabelsResponse(_message.Message):
    __slots__ = ("chat_id", "labels")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    labels: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, chat_id: _Optional[str] = ..., labels: _Optional[_Iterable[str]] = ...) -> None: ...

class FeedbackRequest(_message.Message):
    __slots__ = ("chat_id", "message_position", "positive", "description", "owner")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_POSITION_FIELD_NUMBER: _ClassVar[int]
    POSITIVE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    message_position: int
    positive: bool
    description: str
    owner: str
    def __init__(self, chat_id: _Optional[str] = ..., message_position: _Optional[int] = ..., positive: _Optional[bool] = ..., description: _Optional[str] = ..., owner: _Optional[str] = ...) -> None: ...

class FeedbackResponse(_message.Message):
    __slots__ = ("chat_id", "message_position", "feedback")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_POSITION_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    message_position: int
    feedback: str
    def __init__(self, chat_id: _Optional[str] = ..., message_position: _Optional[int] = ..., feedback: _Optional[str] = ...) -> None: ...

class ExportHistoryRequest(_message.Message):
    __slots__ = ("start_date", "end_date", "format")
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    start_date: str
    end_date: str
    format: str
    def __init__(self, start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., format: _Optional[str] = ...) -> None: ...

class ExportHistoryResponse(_message.Message):
    __slots__ = ("data", "content_type")
    DATA_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    content_type: str
    def __init__(self, data: _Optional[bytes] = ..., content_type: _Optional[str] = ...) -> None: ...

class GetAssetRequest(_message.Message):
    __slots__ = ("chat_id", "key", "owner")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    key: str
    owner: str
    def __init__(self, chat_id: _Optional[str] = ..., key: _Optional[str] = ..., owner: _Optional[str] = ...) -> None: ...

class GetAssetResponse(_message.Message):
    __slots__ = ("data", "content_type")
    DATA_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    content_type: str
    def __init__(self, data: _Optional[bytes] = ..., content_type: _Optional[str] = ...) -> None: ...

class GetSecretAssetRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class GetSecretAssetResponse(_message.Message):
    __slots__ = ("data", "content_type")
    DATA_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    content_type: str
    def __init__(self, data: _Optional[bytes] = ..., content_type: _Optional[str] = ...) -> None: ...
