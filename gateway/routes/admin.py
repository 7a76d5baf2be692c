"""User administration, groups, org settings, invitations, embedded login (contract §3.9, §4.6)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, field_validator

from dot.v1 import admin_pb2, auth_pb2
from gateway.deps import Caller, State, base_url

router = APIRouter(tags=["Admin"])
RPC_TIMEOUT = 30.0


class CreateUserIn(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1024)
    realname: str = Field("", max_length=200)
    role: str | None = Field(None, max_length=32)  # None: the org's default (see set_new_user_admin)


class EmailIn(BaseModel):
    email: str = Field(max_length=320)


class RoleIn(BaseModel):
    email: str = Field(max_length=320)
    role: str = Field(max_length=32)


class InviteIn(BaseModel):
    emails: list[str] = Field(max_length=500)
    role: str | None = Field(None, max_length=32)  # None: the org's default (see set_new_user_admin)


class AcceptIn(BaseModel):
    token: str = Field(max_length=512)
    password: str = Field(max_length=1024)
    realname: str = Field("", max_length=200)


class GroupIn(BaseModel):
    email: str = Field(max_length=320)
    group: str = Field(max_length=120)


class BoolValue(BaseModel):
    value: bool


class OptionalStrValue(BaseModel):
    value: str | None = Field(None, max_length=120)


class EmbeddedLoginIn(BaseModel):
    user_id: str = Field(max_length=320)
    active_groups: list[str] | str | None = None

    @field_validator("active_groups")
    @classmethod
    def split(cls, v: list[str] | str | None) -> list[str]:
        if v is None:
            return []
        items = v.split(",") if isinstance(v, str) else v
        return [g.strip() for g in items if g.strip()]


def user_dict(u: auth_pb2.User) -> dict[str, Any]:
    return {"id": u.id, "email": u.email, "realname": u.realname, "role": u.role, "groups": list(u.groups),
            "status": u.status, "created_at": u.created_at or None, "last_active_at": u.last_active_at or None}


def org_dict(o: admin_pb2.Org) -> dict[str, Any]:
    settings = {f.name: (None if v == "" else v) for f, v in o.settings.ListFields()}
    return {"id": o.id, "org_id": o.id, "name": o.name, "settings": settings, **settings}


@router.get("/api/get_users")
async def get_users(gw: State, who: Caller) -> list[dict[str, Any]]:
    r = await gw.clients.admin.GetUsers(admin_pb2.GetUsersRequest(), metadata=who.metadata, timeout=RPC_TIMEOUT)
    return [user_dict(u) for u in r.users]


@router.post("/api/create_user")
async def create_user(gw: State, who: Caller, body: CreateUserIn) -> dict[str, Any]:
    r = await gw.clients.admin.CreateUser(admin_pb2.AdminServiceCreateUserRequest(user=auth_pb2.CreateUserRequest(
        email=body.email, password=body.password, realname=body.realname, role=body.role or "")),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return user_dict(r.user)


@router.post("/api/delete_user")
async def delete_user(gw: State, who: Caller, body: EmailIn) -> dict[str, Any]:
    await gw.clients.admin.DeleteUser(admin_pb2.AdminServiceDeleteUserRequest(email_or_id=body.email), metadata=who.metadata,
                                      timeout=RPC_TIMEOUT)
    return {"email": body.email, "deleted": True}


@router.post("/api/change_user_role")
async def change_user_role(gw: State, who: Caller, body: RoleIn) -> dict[str, Any]:
    r = await gw.clients.admin.ChangeUserRole(admin_pb2.ChangeUserRoleRequest(email=body.email, role=body.role),
                                              metadata=who.metadata, timeout=RPC_TIMEOUT)
    return user_dict(r.user)


@router.post("/api/send_invitations")
async def send_invitations(gw: State, who: Caller, body: InviteIn, request: Request) -> dict[str, Any]:
    r = await gw.clients.admin.SendInvitations(
        admin_pb2.SendInvitationsRequest(emails=body.emails, role=body.role or "", base_url=base_url(request)),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return {"results": [{"email": x.email, "status": x.status, "detail": x.detail or None} for x in r.results]}


@router.post("/api/auth/accept_invitation")
async def accept_invitation(gw: State, body: AcceptIn) -> dict[str, Any]:
    """Activate an invited user (no auth: the single-use invitation token authorises)."""
    r = await gw.clients.admin.AcceptInvitation(
        admin_pb2.AcceptInvitationRequest(token=body.token, password=body.password, realname=body.realname),
        timeout=RPC_TIMEOUT)
    return {"access_token": r.access_token, "token_type": "bearer"}


@router.get("/api/invitations")
async def list_invitations(gw: State, who: Caller) -> list[dict[str, Any]]:
    r = await gw.clients.admin.ListInvitations(admin_pb2.ListInvitationsRequest(), metadata=who.metadata,
                                               timeout=RPC_TIMEOUT)
    return [{"email": i.email, "role": i.role, "created_at": i.created_at, "expires_at": i.expires_at,
             "accepted_at": i.accepted_at or None, "delivery": i.delivery, "link": i.link or None}
            for i in r.invitations]


@router.get("/api/get_groups")
async def get_groups(gw: State, who: Caller) -> list[dict[str, Any]]:
    r = await gw.clients.admin.GetGroups(admin_pb2.GetGroupsRequest(), metadata=who.metadata, timeout=RPC_TIMEOUT)
    return [{"name": g.name, "members": list(g.members)} for g in r.groups]


@router.post("/api/add_user_to_group")
async def add_user_to_group(gw: State, who: Caller, body: GroupIn) -> dict[str, Any]:
    r = await gw.clients.admin.AddUserToGroup(
        admin_pb2.AdminServiceAddUserToGroupRequest(email=body.email, group=body.group), metadata=who.metadata,
        timeout=RPC_TIMEOUT)
    return user_dict(r.user)


@router.post("/api/remove_user_from_group")
async def remove_user_from_group(gw: State, who: Caller, body: GroupIn) -> dict[str, Any]:
    r = await gw.clients.admin.RemoveUserFromGroup(
        admin_pb2.AdminServiceRemoveUserFromGroupRequest(email=body.email, group=body.group), metadata=who.metadata,
        timeout=RPC_TIMEOUT)
    return user_dict(r.user)


@router.get("/api/org")
async def get_org(gw: State, who: Caller) -> dict[str, Any]:
    r = await gw.clients.admin.GetOrg(admin_pb2.GetOrgRequest(), metadata=who.metadata, timeout=RPC_TIMEOUT)
    return org_dict(r.org)


async def _set(gw: State, who: Caller, name: str, value: Any) -> dict[str, Any]:
    settings = admin_pb2.OrgSettings()
    setattr(settings, name, "" if value is None else value)
    r = await gw.clients.admin.SetOrgSetting(admin_pb2.SetOrgSettingRequest(settings=settings),
                                             metadata=who.metadata, timeout=RPC_TIMEOUT)
    return org_dict(r.org)


@router.post("/api/set_new_user_group")
async def set_new_user_group(gw: State, who: Caller, body: OptionalStrValue) -> dict[str, Any]:
    """Default group for new users (``null``: none, for "need to know" orgs)."""
    return await _set(gw, who, "new_user_group", body.value)


@router.post("/api/set_disable_embedded_login")
async def set_disable_embedded_login(gw: State, who: Caller, body: BoolValue) -> dict[str, Any]:
    return await _set(gw, who, "disable_embedded_login", body.value)


@router.post("/api/set_new_user_admin")
async def set_new_user_admin(gw: State, who: Caller, body: BoolValue) -> dict[str, Any]:
    return await _set(gw, who, "new_user_admin", body.value)


@router.post("/api/set_disable_password_login")
async def set_disable_password_login(gw: State, who: Caller, body: BoolValue) -> dict[str, Any]:
    return await _set(gw, who, "disable_password_login", body.value)


@router.post("/api/set_modeler_can_sync")
async def set_modeler_can_sync(gw: State, who: Caller, body: BoolValue) -> dict[str, Any]:
    """Modeler permission "trigger and schedule connection syncs" (off by default)."""
    return await _set(gw, who, "modeler_can_sync", body.value)


@router.post("/api/set_modeler_sees_history")
async def set_modeler_sees_history(gw: State, who: Caller, body: BoolValue) -> dict[str, Any]:
    """Extension: whether modelers may read other users' chats (export, chats, CSVs, labels, feedback; on by default)."""
    return await _set(gw, who, "modeler_sees_history", body.value)


@router.post("/api/auth/embedded_user_login")
async def embedded_user_login(gw: State, who: Caller, body: EmbeddedLoginIn) -> dict[str, Any]:
    """A 24 h token for an end user (admin; needs embedded login enabled in the org)."""
    r = await gw.clients.admin.EmbeddedUserLogin(
        admin_pb2.EmbeddedUserLoginRequest(user_id=body.user_id, active_groups=body.active_groups or []),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    from datetime import UTC, datetime

    return {"access_token": r.access_token, "token_type": "bearer",
            "expires_at": datetime.fromtimestamp(r.expires_at, UTC).isoformat(timespec="seconds")}
