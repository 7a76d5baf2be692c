"""AuthService over gRPC: thin translation between protobuf and AuthDomain."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import grpc
import sqlalchemy as sa

from dot.v1 import auth_pb2, auth_pb2_grpc
from services.auth.domain import AuthDomain, UserRow
from services.common.callctx import current_principal
from services.common.errors import InvalidArgument, PermissionDenied
from services.common.identity import InternalTokens, require_role


def user_pb(u: UserRow) -> auth_pb2.User:
    return auth_pb2.User(id=u.id, email=u.email, realname=u.realname, role=u.role, groups=list(u.groups),
                         status=u.status, created_at=u.created_at, last_active_at=u.last_active_at or "",
                         org_id=u.org_id)


def token_pb(r: sa.RowMapping) -> auth_pb2.ApiToken:
    return auth_pb2.ApiToken(id=r["id"], name=r["name"], description=r["description"], created_at=r["created_at"],
                             expires_at=r["expires_at"] or "", last_used_at=r["last_used_at"] or "")


class AuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(self, domain: AuthDomain, tokens: InternalTokens) -> None:
        self.d = domain
        self.tokens = tokens

    async def Login(self, request: auth_pb2.LoginRequest, context: grpc.aio.ServicerContext) -> auth_pb2.LoginResponse:
        if request.client_address:  # only the gateway, which saw the HTTP client, may say who it was
            p = current_principal()
            if p.role != "service":
                raise PermissionDenied("only a service may assert the client address")
        token, exp = await self.d.login(request.email, request.password, request.client_address[:64])
        return auth_pb2.LoginResponse(access_token=token, token_type="bearer", expires_at=exp)

    async def VerifyCredential(self, request: auth_pb2.VerifyCredentialRequest,
                               context: grpc.aio.ServicerContext) -> auth_pb2.VerifyCredentialResponse:
        p = await self.d.verify(request.credential)
        internal, exp = self.tokens.mint(p)
        return auth_pb2.VerifyCredentialResponse(principal=p.to_proto(), internal_token=internal, internal_expires_at=exp)

    async def RefreshPrincipal(self, request: auth_pb2.RefreshPrincipalRequest,
                               context: grpc.aio.ServicerContext) -> auth_pb2.RefreshPrincipalResponse:
        """A fresh principal for the caller's, if its credential, user, role and groups are unchanged."""
        p = current_principal()
        if p.role == "service":
            raise PermissionDenied("service principals are not refreshed")
        fresh = await self.d.recheck(p)
        internal, exp = self.tokens.mint(fresh)
        return auth_pb2.RefreshPrincipalResponse(principal=fresh.to_proto(), internal_token=internal, internal_expires_at=exp)

    async def WatchInvalidations(self, request_iterator: AsyncIterator[auth_pb2.WatchInvalidationsRequest],
                                 context: grpc.aio.ServicerContext) -> AsyncIterator[auth_pb2.WatchInvalidationsResponse]:
        p = current_principal()
        require_role(p, "service")
        sub = self.d.hub.subscribe()

        async def read_acks() -> None:
            async for ack in request_iterator:
                self.d.hub.ack(sub, ack.seq)
            self.d.hub.unsubscribe(sub)

        reader = asyncio.create_task(read_acks())
        try:
            yield auth_pb2.WatchInvalidationsResponse(seq=0, reset=True, at=sub.since)
            while True:
                seq, token_ids, user_ids, at = await sub.queue.get()
                if seq < 0:
                    return
                yield auth_pb2.WatchInvalidationsResponse(seq=seq, token_ids=token_ids, user_ids=user_ids, at=at)
        finally:
            self.d.hub.unsubscribe(sub)
            reader.cancel()
            with contextlib.suppress(BaseException):
                await reader

    async def GetMe(self, request: auth_pb2.GetMeRequest, context: grpc.aio.ServicerContext) -> auth_pb2.GetMeResponse:
        p = current_principal()
        if p.role == "service":
            raise PermissionDenied("service principals have no user record")
        return auth_pb2.GetMeResponse(email=p.email, realname=p.realname, role=p.role, groups=list(p.groups), org_id=p.org_id,
                           user_id=p.user_id, token_kind=p.token_kind, token_name=p.token_name,
                           expires_at=p.expires_at, active_groups=list(p.active_groups))

    async def Ping(self, request: auth_pb2.PingRequest, context: grpc.aio.ServicerContext) -> auth_pb2.PingResponse:
        """Liveness through the full RPC path; like gRPC health it needs no identity and tells nothing."""
        return auth_pb2.PingResponse(status="ok")

    async def CreateApiToken(self, request: auth_pb2.CreateApiTokenRequest,
                             context: grpc.aio.ServicerContext) -> auth_pb2.CreateApiTokenResponse:
        p = current_principal()
        if request.kind == "mcp":
            token, row = await self.d.create_mcp_token(p)
        elif request.kind in ("", "api"):
            token, row = await self.d.create_api_token(p, request.name, request.description, request.expires_in_days)
        else:
            raise InvalidArgument("token kind must be 'api' or 'mcp'")
        return auth_pb2.CreateApiTokenResponse(token=token, info=token_pb(row))

    async def ListApiTokens(self, request: auth_pb2.ListApiTokensRequest,
                            context: grpc.aio.ServicerContext) -> auth_pb2.ListApiTokensResponse:
        p = current_principal()
        return auth_pb2.ListApiTokensResponse(tokens=[token_pb(r) for r in await self.d.list_api_tokens(p)])

    async def RevokeApiToken(self, request: auth_pb2.RevokeApiTokenRequest,
                             context: grpc.aio.ServicerContext) -> auth_pb2.RevokeApiTokenResponse:
        p = current_principal()
        await self.d.revoke_api_token(p, request.id)
        return auth_pb2.RevokeApiTokenResponse()

    async def IssueLegacyToken(self, request: auth_pb2.IssueLegacyTokenRequest,
                               context: grpc.aio.ServicerContext) -> auth_pb2.IssueLegacyTokenResponse:
        p = current_principal()
        if p.token_kind == "embedded":
            raise PermissionDenied("embedded sessions cannot create API tokens")
        token, row = await self.d.issue_legacy_token(p, request.user_id)
        return auth_pb2.IssueLegacyTokenResponse(token=token, info=token_pb(row))

    async def MintEmbeddedToken(self, request: auth_pb2.MintEmbeddedTokenRequest,
                                context: grpc.aio.ServicerContext) -> auth_pb2.MintEmbeddedTokenResponse:
        p = current_principal()
        require_role(p, "admin")
        if p.role != "service":  # the org setting is checked by the admin service
            raise PermissionDenied("embedded login tokens are minted through the admin service")
        org = p.org_id or await self.d.default_org()
        token, exp = await self.d.mint_embedded(org, request.user_id, list(request.active_groups), request.ttl_seconds)
        return auth_pb2.MintEmbeddedTokenResponse(access_token=token, token_type="bearer", expires_at=exp)

    async def RevokeEmbeddedTokens(self, request: auth_pb2.RevokeEmbeddedTokensRequest,
                                   context: grpc.aio.ServicerContext) -> auth_pb2.RevokeEmbeddedTokensResponse:
        org = await self._admin_org(context)
        await self.d.revoke_embedded_tokens(org)
        return auth_pb2.RevokeEmbeddedTokensResponse()

    async def ListLockedAccounts(self, request: auth_pb2.ListLockedAccountsRequest,
                                 context: grpc.aio.ServicerContext) -> auth_pb2.ListLockedAccountsResponse:
        org = await self._admin_org(context)
        return auth_pb2.ListLockedAccountsResponse(locked=[
            auth_pb2.LockedAccount(kind=x.kind, key=x.key, failures=x.failures, locked_until=int(x.locked_until) + 1)
            for x in await self.d.locked_accounts(org)])

    async def UnlockAccount(self, request: auth_pb2.UnlockAccountRequest,
                            context: grpc.aio.ServicerContext) -> auth_pb2.UnlockAccountResponse:
        org = await self._admin_org(context)
        await self.d.unlock(org, request.email, request.address)
        return auth_pb2.UnlockAccountResponse()

    async def _admin_org(self, context: grpc.aio.ServicerContext) -> str:
        p = current_principal()
        require_role(p, "admin")
        return p.org_id or await self.d.default_org()

    async def ListUsers(self, request: auth_pb2.ListUsersRequest,
                        context: grpc.aio.ServicerContext) -> auth_pb2.ListUsersResponse:
        org = await self._admin_org(context)
        return auth_pb2.ListUsersResponse(users=[user_pb(u) for u in await self.d.list_users(org)])

    async def GetUser(self, request: auth_pb2.GetUserRequest, context: grpc.aio.ServicerContext) -> auth_pb2.GetUserResponse:
        p = current_principal()
        u = await self.d.user(request.email_or_id, p.org_id or None)
        if u.id != p.user_id:
            require_role(p, "admin")
        return auth_pb2.GetUserResponse(user=user_pb(u))

    async def CreateUser(self, request: auth_pb2.CreateUserRequest,
                         context: grpc.aio.ServicerContext) -> auth_pb2.CreateUserResponse:
        org = await self._admin_org(context)
        u = await self.d.create_user(org, request.email, request.password, request.realname, request.role or "user",
                                     list(request.groups), request.invited)
        return auth_pb2.CreateUserResponse(user=user_pb(u))

    async def DeleteUser(self, request: auth_pb2.DeleteUserRequest,
                         context: grpc.aio.ServicerContext) -> auth_pb2.DeleteUserResponse:
        org = await self._admin_org(context)
        await self.d.delete_user(org, request.email_or_id)
        return auth_pb2.DeleteUserResponse()

    async def SetUserRole(self, request: auth_pb2.SetUserRoleRequest,
                          context: grpc.aio.ServicerContext) -> auth_pb2.SetUserRoleResponse:
        org = await self._admin_org(context)
        return auth_pb2.SetUserRoleResponse(user=user_pb(await self.d.set_role(org, request.email, request.role)))

    async def ActivateUser(self, request: auth_pb2.ActivateUserRequest,
                           context: grpc.aio.ServicerContext) -> auth_pb2.ActivateUserResponse:
        p = current_principal()
        if p.role != "service":
            raise PermissionDenied("users are activated through their invitation")
        org = p.org_id or await self.d.default_org()
        return auth_pb2.ActivateUserResponse(user=user_pb(await self.d.activate(org, request.email, request.password,
                                                                                 request.realname)))

    async def ListGroups(self, request: auth_pb2.ListGroupsRequest,
                         context: grpc.aio.ServicerContext) -> auth_pb2.ListGroupsResponse:
        p = current_principal()
        require_role(p, "admin", "modeler")
        org = p.org_id or await self.d.default_org()
        groups = await self.d.list_groups(org)
        return auth_pb2.ListGroupsResponse(groups=[auth_pb2.Group(name=n, members=m) for n, m in groups.items()])

    async def AddUserToGroup(self, request: auth_pb2.AddUserToGroupRequest,
                             context: grpc.aio.ServicerContext) -> auth_pb2.AddUserToGroupResponse:
        org = await self._admin_org(context)
        return auth_pb2.AddUserToGroupResponse(user=user_pb(await self.d.add_to_group(org, request.email, request.group)))

    async def RemoveUserFromGroup(self, request: auth_pb2.RemoveUserFromGroupRequest,
                                  context: grpc.aio.ServicerContext) -> auth_pb2.RemoveUserFromGroupResponse:
        org = await self._admin_org(context)
        if not request.group:
            raise InvalidArgument("group is required")
        u = await self.d.remove_from_group(org, request.email, request.group)
        return auth_pb2.RemoveUserFromGroupResponse(user=user_pb(u))


__all__ = ["AuthServicer"]
