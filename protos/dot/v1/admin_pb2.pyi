from dot.v1 import auth_pb2 as _auth_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetUsersRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetUsersResponse(_message.Message):
    __slots__ = ("users",)
    USERS_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[_auth_pb2.User]
    def __init__(self, users: _Optional[_Iterable[_Union[_auth_pb2.User, _Mapping]]] = ...) -> None: ...

class AdminServiceCreateUserRequest(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: _auth_pb2.CreateUserRequest
    def __init__(self, user: _Optional[_Union[_auth_pb2.CreateUserRequest, _Mapping]] = ...) -> None: ...

class AdminServiceCreateUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: _auth_pb2.User
    def __init__(self, user: _Optional[_Union[_auth_pb2.User, _Mapping]] = ...) -> None: ...

class AdminServiceDeleteUserRequest(_message.Message):
    __slots__ = ("email_or_id",)
    EMAIL_OR_ID_FIELD_NUMBER: _ClassVar[int]
    email_or_id: str
    def __init__(self, email_or_id: _Optional[str] = ...) -> None: ...

class AdminServiceDeleteUserResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ChangeUserRoleRequest(_message.Message):
    __slots__ = ("email", "role")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    email: str
    role: str
    def __init__(self, email: _Optional[str] = ..., role: _Optional[str] = ...) -> None: ...

class ChangeUserRoleResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: _auth_pb2.User
    def __init__(self, user: _Optional[_Union[_auth_pb2.User, _Mapping]] = ...) -> None: ...

class GetGroupsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetGroupsResponse(_message.Message):
    __slots__ = ("groups",)
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[_auth_pb2.Group]
    def __init__(self, groups: _Optional[_Iterable[_Union[_auth_pb2.Group, _Mapping]]] = ...) -> None: ...

class AdminServiceAddUserToGroupRequest(_message.Message):
    __slots__ = ("email", "group")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    email: str
    group: str
    def __init__(self, email: _Optional[str] = ..., group: _Optional[str] = ...) -> None: ...

class AdminServiceAddUserToGroupResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: _auth_pb2.User
    def __init__(self, user: _Optional[_Union[_auth_pb2.User, _Mapping]] = ...) -> None: ...

class AdminServiceRemoveUserFromGroupRequest(_message.Message):
    __slots__ = ("email", "group")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    email: str
    group: str
    def __init__(self, email: _Optional[str] = ..., group: _Optional[str] = ...) -> None: ...

class AdminServiceRemoveUserFromGroupResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: _auth_pb2.User
    def __init__(self, user: _Optional[_Union[_auth_pb2.User, _Mapping]] = ...) -> None: ...

class EmbeddedUserLoginRequest(_message.Message):
    __slots__ = ("user_id", "active_groups", "ttl_seconds")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    TTL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    active_groups: _containers.RepeatedScalarFieldContainer[str]
    ttl_seconds: int
    def __init__(self, user_id: _Optional[str] = ..., active_groups: _Optional[_Iterable[str]] = ..., ttl_seconds: _Optional[int] = ...) -> None: ...

class EmbeddedUserLoginResponse(_message.Message):
    __slots__ = ("access_token", "token_type", "expires_at")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    token_type: str
    expires_at: int
    def __init__(self, access_token: _Optional[str] = ..., token_type: _Optional[str] = ..., expires_at: _Optional[int] = ...) -> None: ...

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

class SendInvitationsResponse(_message.Message):
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

class AcceptInvitationResponse(_message.Message):
    __slots__ = ("access_token", "token_type", "expires_at")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    token_type: str
    expires_at: int
    def __init__(self, access_token: _Optional[str] = ..., token_type: _Optional[str] = ..., expires_at: _Optional[int] = ...) -> None: ...

class ListInvitationsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

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

class ListInvitationsResponse(_message.Message):
    __slots__ = ("invitations",)
    INVITATIONS_FIELD_NUMBER: _ClassVar[int]
    invitations: _containers.RepeatedCompositeFieldContainer[Invitation]
    def __init__(self, invitations: _Optional[_Iterable[_Union[Invitation, _Mapping]]] = ...) -> None: ...

class OrgSettings(_message.Message):
    __slots__ = ("disable_embedded_login", "new_user_group", "new_user_admin", "disable_password_login", "modeler_can_sync", "modeler_sees_history")
    DISABLE_EMBEDDED_LOGIN_FIELD_NUMBER: _ClassVar[int]
    NEW_USER_GROUP_FIELD_NUMBER: _ClassVar[int]
    NEW_USER_ADMIN_FIELD_NUMBER: _ClassVar[int]
    DISABLE_PASSWORD_LOGIN_FIELD_NUMBER: _ClassVar[int]
    MODELER_CAN_SYNC_FIELD_NUMBER: _ClassVar[int]
    MODELER_SEES_HISTORY_FIELD_NUMBER: _ClassVar[int]
    disable_embedded_login: bool
    new_user_group: str
    new_user_admin: bool
    disable_password_login: bool
    modeler_can_sync: bool
    modeler_sees_history: bool
    def __init__(self, disable_embedded_login: _Optional[bool] = ..., new_user_group: _Optional[str] = ..., new_user_admin: _Optional[bool] = ..., disable_password_login: _Optional[bool] = ..., modeler_can_sync: _Optional[bool] = ..., modeler_sees_history: _Optional[bool] = ...) -> None: ...

class Org(_message.Message):
    __slots__ = ("id", "name", "settings")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    settings: OrgSettings
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., settings: _Optional[_Union[OrgSettings, _Mapping]] = ...) -> None: ...

class GetOrgRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetOrgResponse(_message.Message):
    __slots__ = ("org",)
    ORG_FIELD_NUMBER: _ClassVar[int]
    org: Org
    def __init__(self, org: _Optional[_Union[Org, _Mapping]] = ...) -> None: ...

class SetOrgSettingRequest(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: OrgSettings
    def __init__(self, settings: _Optional[_Union[OrgSettings, _Mapping]] = ...) -> None: ...

class SetOrgSettingResponse(_message.Message):
    __slots__ = ("org",)
    ORG_FIELD_NUMBER: _ClassVar[int]
    org: Org
    def __init__(self, org: _Optional[_Union[Org, _Mapping]] = ...) -> None: ...
