from dot.v1 import auth_pb2 as _auth_pb2
from dot.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SendInvitationsRequest(_message.Message):
    __slots__ = ("emails", "role", "base_url")
    EMAILS_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    BASE_URL_FIELD_NUMBER: _ClassVar[int]
    emails: _containers.RepeatedScalarFieldContainer[str]
    role: str
    base_url: str
    def __init__(self, emails: _Optional[_Iterable[str]] = ..., role: _Optional[str] = ..., base_url: _Optional[str] = ...) -> None: ...

class InvitationResult(_message.Message):
    __slots__ = ("email", "status", "detail")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    email: str
    status: str
    detail: str
    def __init__(self, email: _Optional[str] = ..., status: _Optional[str] = ..., detail: _Optional[str] = ...) -> None: ...

class InvitationResults(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[InvitationResult]
    def __init__(self, results: _Optional[_Iterable[_Union[InvitationResult, _Mapping]]] = ...) -> None: ...

class AcceptInvitationRequest(_message.Message):
    __slots__ = ("token", "password", "realname")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    REALNAME_FIELD_NUMBER: _ClassVar[int]
    token: str
    password: str
    realname: str
    def __init__(self, token: _Optional[str] = ..., password: _Optional[str] = ..., realname: _Optional[str] = ...) -> None: ...

class Invitation(_message.Message):
    __slots__ = ("email", "role", "created_at", "expires_at", "accepted_at", "link", "delivery")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_AT_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_FIELD_NUMBER: _ClassVar[int]
    email: str
    role: str
    created_at: str
    expires_at: str
    accepted_at: str
    link: str
    delivery: str
    def __init__(self, email: _Optional[str] = ..., role: _Optional[str] = ..., created_at: _Optional[str] = ..., expires_at: _Optional[str] = ..., accepted_at: _Optional[str] = ..., link: _Optional[str] = ..., delivery: _Optional[str] = ...) -> None: ...

class InvitationList(_message.Message):
    __slots__ = ("invitations",)
    INVITATIONS_FIELD_NUMBER: _ClassVar[int]
    invitations: _containers.RepeatedCompositeFieldContainer[Invitation]
    def __init__(self, invitations: _Optional[_Iterable[_Union[Invitation, _Mapping]]] = ...) -> None: ...

class Org(_message.Message):
    __slots__ = ("id", "name", "settings_json")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_JSON_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    settings_json: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., settings_json: _Optional[str] = ...) -> None: ...

class OrgSetting(_message.Message):
    __slots__ = ("name", "value_json")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_JSON_FIELD_NUMBER: _ClassVar[int]
    name: str
    value_json: str
    def __init__(self, name: _Optional[str] = ..., value_json: _Optional[str] = ...) -> None: ...
