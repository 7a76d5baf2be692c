"""Offline analyst: deterministic natural-language-to-SQL engine (no model, no network)."""

from .analyst import OfflineAnalyst

__all__ = ["OfflineAnalyst"]
