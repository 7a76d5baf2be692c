"""The caller of an RPC as domain code sees it: a plain value, no protobuf below the servicer."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling, as auth verified it. Field names match ``dot.v1.Principal`` (the wire form)."""

    user_id: str = ""
    email: str = ""
    org_id: str = ""
    role: str = ""  # admin | modeler | user | service
    groups: tuple[str, ...] = ()  # ordered: groups[0] is ${groupname}
    active_groups: tuple[str, ...] = ()  # embedded tokens: narrows data access; empty = all groups
    token_kind: str = ""  # session | api | mcp | embedded | service | job
    token_id: str = ""
    token_name: str = ""
    expires_at: int = 0  # unix seconds; 0 = never
    realname: str = ""
    verified_at: float = 0.0  # when auth last checked the live credential (auth's clock)

    @classmethod
    def of(cls, p: Any) -> Principal:
        """From the wire message (or anything with the same attributes); a Principal is returned as is."""
        if isinstance(p, Principal):
            return p
        return cls(user_id=p.user_id, email=p.email, org_id=p.org_id, role=p.role, groups=tuple(p.groups),
                   active_groups=tuple(p.active_groups), token_kind=p.token_kind, token_id=p.token_id,
                   token_name=p.token_name, expires_at=int(p.expires_at), realname=p.realname,
                   verified_at=float(p.verified_at))

    def to_proto(self) -> Any:
        """The wire message (for responses that carry a principal, e.g. auth's VerifyCredential)."""
        from dot.v1 import common_pb2

        return common_pb2.Principal(**{f.name: getattr(self, f.name) for f in fields(self)})

    def encode(self) -> bytes:
        """The wire form as bytes (a background job's payload keeps its asker this way)."""
        return bytes(self.to_proto().SerializeToString())

    @classmethod
    def decode(cls, data: bytes) -> Principal:
        from dot.v1 import common_pb2

        return cls.of(common_pb2.Principal.FromString(data))

    def with_(self, **changes: Any) -> Principal:
        return replace(self, **changes)
