"""Alembic environment of the conversation service: see services/common/migrations.py."""

from services.common.migrations import run_env

run_env()
