"""When a scheduled report runs: Dot's ``cron_args`` parsed, validated, and the next run computed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.common.errors import InvalidArgument

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CRON_KEYS = {"minute", "hour", "day_of_week", "day", "timezone"}


@dataclass(frozen=True)
class Schedule:
    """Daily at ``hours``:``minute``, or weekly on ``day_of_week`` (0 = Monday), or monthly on ``day_of_month``."""

    minute: int
    hours: tuple[int, ...]
    day_of_week: int = -1
    day_of_month: int = 0
    timezone: str = ""

    @classmethod
    def from_cron_args(cls, args: dict[str, Any]) -> Schedule:
        """Dot's ``cron_args`` (cron-style fields): ``{"hour": 8 | "8,17", "minute": 0,
        "day_of_week": "mon" | 0, "day": 1, "timezone": "Europe/Berlin"}``."""
        unknown = set(args) - CRON_KEYS
        if unknown:
            raise InvalidArgument(f"cron_args accepts {', '.join(sorted(CRON_KEYS))}; unknown: "
                                  f"{', '.join(sorted(unknown))[:100]}")
        hours = _ints(args.get("hour", 9), "hour")
        minute = _ints(args.get("minute", 0), "minute")
        if len(minute) != 1:
            raise InvalidArgument("cron_args.minute must be one number")
        dow = args.get("day_of_week")
        day_of_week = -1
        if dow is not None:
            if isinstance(dow, str) and dow.strip().lower()[:3] in DAYS:
                day_of_week = DAYS.index(dow.strip().lower()[:3])
            else:
                days = _ints(dow, "day_of_week")
                if len(days) != 1:
                    raise InvalidArgument("cron_args.day_of_week must be one day (weekly reports)")
                day_of_week = days[0]
        day = args.get("day")
        day_of_month = _ints(day, "day")[0] if day is not None else 0
        return cls(minute[0], tuple(hours), day_of_week, day_of_month, str(args.get("timezone") or "")).validated()

    def validated(self) -> Schedule:
        if not 1 <= len(self.hours) <= 2 or len(set(self.hours)) != len(self.hours):
            raise InvalidArgument("a report runs at most twice a day: give one or two different hours")
        if any(not 0 <= h <= 23 for h in self.hours) or not 0 <= self.minute <= 59:
            raise InvalidArgument("hour must be 0-23 and minute 0-59")
        if not -1 <= self.day_of_week <= 6 or not 0 <= self.day_of_month <= 31:
            raise InvalidArgument("day_of_week must be mon-sun (0-6) and day 1-31")
        if self.day_of_week >= 0 and self.day_of_month:
            raise InvalidArgument("give day_of_week (weekly) or day (monthly), not both")
        self.zone()
        return self

    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidArgument(f"unknown timezone '{self.timezone[:60]}'") from None

    def next_after(self, after: datetime) -> datetime:
        """The first run strictly after ``after`` (UTC). Months without ``day_of_month`` are skipped."""
        zone = self.zone()
        local = after.astimezone(zone)
        day = local.date()
        for _ in range(400):
            if (self.day_of_week < 0 or day.weekday() == self.day_of_week) and \
                    (not self.day_of_month or day.day == self.day_of_month):
                for h in sorted(self.hours):
                    candidate = datetime(day.year, day.month, day.day, h, self.minute, tzinfo=zone)
                    if candidate > local:
                        return candidate.astimezone(UTC)
            day += timedelta(days=1)
        raise InvalidArgument("this schedule never runs")

    def describe(self) -> str:
        at = " and ".join(f"{h:02d}:{self.minute:02d}" for h in sorted(self.hours))
        tz = self.timezone or "UTC"
        if self.day_of_week >= 0:
            return f"every {DAYS[self.day_of_week].title()} at {at} {tz}"
        if self.day_of_month:
            return f"monthly on day {self.day_of_month} at {at} {tz}"
        return f"daily at {at} {tz}"

    def to_json(self) -> dict[str, Any]:
        return {"minute": self.minute, "hours": list(self.hours), "day_of_week": self.day_of_week,
                "day_of_month": self.day_of_month, "timezone": self.timezone}

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Schedule:
        return cls(int(doc["minute"]), tuple(int(h) for h in doc["hours"]), int(doc["day_of_week"]),
                   int(doc["day_of_month"]), str(doc.get("timezone", "")))


def _ints(value: Any, name: str) -> list[int]:
    if isinstance(value, bool):
        raise InvalidArgument(f"cron_args.{name} must be a number")
    if isinstance(value, int):
        return [value]
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,2}\s*(,\s*\d{1,2}\s*)*", value):
        return [int(v) for v in value.split(",")]
    raise InvalidArgument(f"cron_args.{name} must be a number (or two, comma-separated, for hour)")


