"""AdminService over gRPC: identity check, then AdminDomain."""

from __future__ import annotations

import json
from typing import Any

import grpc

from dot.v1 import admin_pb2, admin_pb2_grpc, auth_pb2
from services.admin.domain import AdminDomain
from services.common.errors import InvalidArgument
from services.common.callctx import current_principal
from services.common.identity import require_role
from services.common.principal import Principal

SETTING_FIELDS = tuple(f.name for f in admin_pb2.OrgSettings.DESCRIPTOR.fields)


class AdminServicer(admin_pb2_grpc.AdminServiceServicer):
    def __init__(self, domain: AdminDomain, org_name: str) -> None:
        self.d = domain
        self.org_name = org_name

    async def _admin(self, context: grpc.aio.ServicerContext) -> tuple[Principal, Any]:
        p = current_principal()
        require_role(p, "admin")
        return p, self.d.forward(p)

    async def GetUsers(self, request: admin_pb2.GetUsersRequest,
                       context: grpc.aio.ServicerContext) -> admin_pb2.GetUsersResponse:
        _, md = await self._admin(context)
        r = await self.d._auth("ListUsers", auth_pb2.ListUsersRequest(), md)
        return admin_pb2.GetUsersResponse(users=r.users)

    async def CreateUser(self, request: admin_pb2.AdminServiceCreateUserRequest,
                         context: grpc.aio.ServicerContext) -> admin_pb2.AdminServiceCreateUserResponse:
        p, md = await self._admin(context)
        return admin_pb2.AdminServiceCreateUserResponse(user=await self.d.create_user(p, md, request.user))

    async def DeleteUser(self, request: admin_pb2.AdminServiceDeleteUserRequest,
                         context: grpc.aio.ServicerContext) -> admin_pb2.AdminServiceDeleteUserResponse:
        _, md = await self._admin(context)
        await self.d._auth("DeleteUser", auth_pb2.DeleteUserRequest(email_or_id=request.email_or_id), md)
        return admin_pb2.AdminServiceDeleteUserResponse()

    async def ChangeUserRole(self, request: admin_pb2.ChangeUserRoleRequest,
                             context: grpc.aio.ServicerContext) -> admin_pb2.ChangeUserRoleResponse:
        _, md = await self._admin(context)
        r = await self.d._auth("SetUserRole", auth_pb2.SetUserRoleRequest(email=request.email, role=request.role), md)
        return admin_pb2.ChangeUserRoleResponse(user=r.user)

    async def SendInvitations(self, request: admin_pb2.SendInvitationsRequest,
                              context: grpc.aio.ServicerContext) -> admin_pb2.SendInvitationsResponse:
        p, md = await self._admin(context)
        results = await self.d.send_invitations(p, md, list(request.emails), request.role, request.base_url)
        return admin_pb2.SendInvitationsResponse(results=[admin_pb2.InvitationResult(**r) for r in results])

    async def AcceptInvitation(self, request: admin_pb2.AcceptInvitationRequest,
                               context: grpc.aio.ServicerContext) -> admin_pb2.AcceptInvitationResponse:
        t = await self.d.accept_invitation(request.token, request.password, request.realname)
        return admin_pb2.AcceptInvitationResponse(access_token=t.access_token, token_type=t.token_type,
                                                  expires_at=t.expires_at)

    async def ListInvitations(self, request: admin_pb2.ListInvitationsRequest,
                              context: grpc.aio.ServicerContext) -> admin_pb2.ListInvitationsResponse:
        p = current_principal()
        rows = await self.d.list_invitations(p)
        return admin_pb2.ListInvitationsResponse(invitations=[admin_pb2.Invitation(
            email=r["email"], role=r["role"], created_at=r["created_at"], expires_at=r["expires_at"],
            accepted_at=r["accepted_at"] or "", link=_link(r["outbox_body"]), delivery=r["delivery"]) for r in rows])

    async def GetGroups(self, request: admin_pb2.GetGroupsRequest,
                        context: grpc.aio.ServicerContext) -> admin_pb2.GetGroupsResponse:
        p = current_principal()
        require_role(p, "admin", "modeler")
        r = await self.d._auth("ListGroups", auth_pb2.ListGroupsRequest(), self.d.forward(p))
        return admin_pb2.GetGroupsResponse(groups=r.groups)

    async def AddUserToGroup(self, request: admin_pb2.AdminServiceAddUserToGroupRequest,
                             context: grpc.aio.ServicerContext) -> admin_pb2.AdminServiceAddUserToGroupResponse:
        _, md = await self._admin(context)
        r = await self.d._auth("AddUserToGroup",
                               auth_pb2.AddUserToGroupRequest(email=request.email, group=request.group), md)
        return admin_pb2.AdminServiceAddUserToGroupResponse(user=r.user)

    async def RemoveUserFromGroup(self, request: admin_pb2.AdminServiceRemoveUserFromGroupRequest,
                                  context: grpc.aio.ServicerContext) -> admin_pb2.AdminServiceRemoveUserFromGroupResponse:
        _, md = await self._admin(context)
        r = await self.d._auth("RemoveUserFromGroup",
                               auth_pb2.RemoveUserFromGroupRequest(email=request.email, group=request.group), md)
        return admin_pb2.AdminServiceRemoveUserFromGroupResponse(user=r.user)

    def _org(self, org_id: str, settings: dict[str, Any]) -> admin_pb2.Org:
        out = admin_pb2.OrgSettings()
        for name, value in settings.items():
            if name in SETTING_FIELDS:
                setattr(out, name, "" if value is None else value)
        return admin_pb2.Org(id=org_id, name=self.org_name, settings=out)

    async def GetOrg(self, request: admin_pb2.GetOrgRequest,
                     context: grpc.aio.ServicerContext) -> admin_pb2.GetOrgResponse:
        p = current_principal()
        settings = await self.d.settings(p.org_id)
        if p.role not in ("admin", "service"):
            settings = {k: v for k, v in settings.items() if k.startswith("modeler_")}
        return admin_pb2.GetOrgResponse(org=self._org(p.org_id, settings))

    async def SetOrgSetting(self, request: admin_pb2.SetOrgSettingRequest,
                            context: grpc.aio.ServicerContext) -> admin_pb2.SetOrgSettingResponse:
        p = current_principal()
        changes = [(f.name, v) for f, v in request.settings.ListFields()]
        if not changes:
            raise InvalidArgument(f"set one setting: {', '.join(SETTING_FIELDS)}")
        for name, value in changes:  # the domain checks each value; "" is a null new_user_group
            settings = await self.d.set_setting(p, name, json.dumps(None if value == "" else value))
        return admin_pb2.SetOrgSettingResponse(org=self._org(p.org_id, settings))

    async def EmbeddedUserLogin(self, request: admin_pb2.EmbeddedUserLoginRequest,
                                context: grpc.aio.ServicerContext) -> admin_pb2.EmbeddedUserLoginResponse:
        p = current_principal()
        t = await self.d.embedded_login(p, request.user_id, list(request.active_groups))
        return admin_pb2.EmbeddedUserLoginResponse(access_token=t.access_token, token_type=t.token_type,
                                                   expires_at=t.expires_at)


def _link(body: str | None) -> str:
    if not body:
        return ""
    return next((line for line in body.splitlines() if line.startswith("http")), "")
