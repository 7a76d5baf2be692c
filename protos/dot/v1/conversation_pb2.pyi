from dot.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class AskRequest(_message.Message):
    __slots__ = ("chat_id", "messages_json", "mode", "skip_check", "base_url", "deep", "extra", "connection_id")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_JSON_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    SKIP_CHECK_FIELD_NUMBER: _ClassVar[int]
    BASE_URL_FIELD_NUMBER: _ClassVar[int]
    DEEP_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    messages_json: str
    mode: str
    skip_check: bool
    base_url: str
    deep: bool
    extra: str
    connection_id: str
    def __init__(self, chat_id: _Optional[str] = ..., messages_json: _Optional[str] = ..., mode: _Optional[str] = ..., skip_check: _Optional[bool] = ..., base_url: _Optional[str] = ..., deep: _Optional[bool] = ..., extra: _Optional[str] = ..., connection_id: _Optional[str] = ...) -> None: ...

class Conversation(_message.Message):
    __slots__ = ("chat_id", "messages_json", "status")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_JSON_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    messages_json: str
    status: str
    def __init__(self, chat_id: _Optional[str] = ..., messages_json: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class AskAccepted(_message.Message):
    __slots__ = ("chat_id", "status")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    status: str
    def __init__(self, chat_id: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class ChatRef(_message.Message):
    __slots__ = ("chat_id", "owner")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    owner: str
    def __init__(self, chat_id: _Optional[str] = ..., owner: _Optional[str] = ...) -> None: ...

class LabelsRequest(_message.Message):
    __slots__ = ("chat_id", "labels", "owner")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    labels: _containers.RepeatedScalarFieldContainer[str]
    owner: str
    def __init__(self, chat_id: _Optional[str] = ..., labels: _Optional[_Iterable[str]] = ..., owner: _Optional[str] = ...) -> None: ...

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

class ExportRequest(_message.Message):
    __slots__ = ("start_date", "end_date", "format")
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    start_date: str
    end_date: str
    format: str
    def __init__(self, start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., format: _Optional[str] = ...) -> None: ...

class AssetRequest(_message.Message):
    __slots__ = ("chat_id", "key", "owner")
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    chat_id: str
    key: str
    owner: str
    def __init__(self, chat_id: _Optional[str] = ..., key: _Optional[str] = ..., owner: _Optional[str] = ...) -> None: ...

class SecretAssetRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...
