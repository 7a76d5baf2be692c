"""AdminService over gRPC: identity check, then AdminDomain."""

from __future__ import annotations

import json
from typing import Any

import grpc

from dot.v1 import admin_pb2, admin_pb2_grpc, auth_pb2, common_pb2
from services.admin.domain import AdminDomain
from services.common.callctx import current_principal
from services.common.identity import require_role
from services.common.principal import Principal


class AdminServicer(admin_pb2_grpc.AdminServiceServicer):
    def __init__(self, domain: AdminDomain, org_name: str) -> None:
        self.d = domain
        self.org_name = org_name

    async def _admin(self, context: grpc.aio.ServicerContext) -> tuple[Principal, Any]:
        p = current_principal()
        require_role(p, "admin")
        return p, self.d.forward(p)

    async def GetUsers(self, request: common_pb2.Empty, context: grpc.aio.ServicerContext) -> auth_pb2.UserList:
        _, md = await self._admin(context)
        return await self.d._auth("ListUsers", common_pb2.Empty(), md)

    async def CreateUser(self, request: auth_pb2.CreateUserRequest, context: grpc.aio.ServicerContext) -> auth_pb2.User:
        p, md = await self._admin(context)
        return await self.d.create_user(p, md, request)

    async def DeleteUser(self, request: auth_pb2.UserRef, context: grpc.aio.ServicerContext) -> common_pb2.Empty:
        _, md = await self._admin(context)
        return await self.d._auth("DeleteUser", request, md)

    async def ChangeUserRole(self, request: auth_pb2.SetUserRoleRequest,
                             context: grpc.aio.ServicerContext) -> auth_pb2.User:
        _, md = await self._admin(context)
        return await self.d._auth("SetUserRole", request, md)

    async def SendInvitations(self, request: admin_pb2.SendInvitationsRequest,
                              context: grpc.aio.ServicerContext) -> admin_pb2.InvitationResults:
        p, md = await self._admin(context)
        results = await self.d.send_invitations(p, md, list(request.emails), request.role, request.base_url)
        return admin_pb2.InvitationResults(results=[admin_pb2.InvitationResult(**r) for r in results])

    async def AcceptInvitation(self, request: admin_pb2.AcceptInvitationRequest,
                               context: grpc.aio.ServicerContext) -> auth_pb2.TokenResponse:
        return await self.d.accept_invitation(request.token, request.password, request.realname)

    async def ListInvitations(self, request: common_pb2.Empty,
                              context: grpc.aio.ServicerContext) -> admin_pb2.InvitationList:
        p = current_principal()
        rows = await self.d.list_invitations(p)
        return admin_pb2.InvitationList(invitations=[admin_pb2.Invitation(
            email=r["email"], role=r["role"], created_at=r["created_at"], expires_at=r["expires_at"],
            accepted_at=r["accepted_at"] or "", link=_link(r["outbox_body"]), delivery=r["delivery"]) for r in rows])

    async def GetGroups(self, request: common_pb2.Empty, context: grpc.aio.ServicerContext) -> auth_pb2.GroupList:
        p = current_principal()
        require_role(p, "admin", "modeler")
        return await self.d._auth("ListGroups", common_pb2.Empty(), self.d.forward(p))

    async def AddUserToGroup(self, request: auth_pb2.UserGroupRequest,
                             context: grpc.aio.ServicerContext) -> auth_pb2.User:
        _, md = await self._admin(context)
        return await self.d._auth("AddUserToGroup", request, md)

    async def RemoveUserFromGroup(self, request: auth_pb2.UserGroupRequest,
                                  context: grpc.aio.ServicerContext) -> auth_pb2.User:
        _, md = await self._admin(context)
        return await self.d._auth("RemoveUserFromGroup", request, md)

    async def GetOrg(self, request: common_pb2.Empty, context: grpc.aio.ServicerContext) -> admin_pb2.Org:
        p = current_principal()
        settings = await self.d.settings(p.org_id)
        if p.role not in ("admin", "service"):
            settings = {k: v for k, v in settings.items() if k.startswith("modeler_")}
        return admin_pb2.Org(id=p.org_id, name=self.org_name, settings_json=json.dumps(settings))

    async def SetOrgSetting(self, request: admin_pb2.OrgSetting, context: grpc.aio.ServicerContext) -> admin_pb2.Org:
        p = current_principal()
        settings = await self.d.set_setting(p, request.name, request.value_json)
        return admin_pb2.Org(id=p.org_id, name=self.org_name, settings_json=json.dumps(settings))

    async def EmbeddedUserLogin(self, request: auth_pb2.MintEmbeddedTokenRequest,
                                context: grpc.aio.ServicerContext) -> auth_pb2.TokenResponse:
        p = current_principal()
        return await self.d.embedded_login(p, request.user_id, list(request.active_groups))


def _link(body: str | None) -> str:
    if not body:
        return ""
    return next((line for line in body.splitlines() if line.startswith("http")), "")
