"""An Analyst that reports how long each answer took (``dot_answer_engine_seconds``)."""

from __future__ import annotations

import time
from typing import Any

from services.common.metrics import ServiceMetrics
from services.conversation.engine.types import Analyst, AnalystAnswer, Mode, Toolbox, Turn


class TimedAnalyst:
    """Wraps ``inner``; the outcome label says answered, not understood, or failed."""

    def __init__(self, inner: Analyst, metrics: ServiceMetrics, engine: str) -> None:
        self.inner = inner
        self.metrics = metrics
        self.engine = engine

    async def answer(self, question: str, *, toolbox: Toolbox, history: list[Turn], state: dict[str, Any],
                     mode: Mode, deep: bool) -> AnalystAnswer:
        start = time.perf_counter()
        outcome = "failed"
        try:
            answer = await self.inner.answer(question, toolbox=toolbox, history=history, state=state, mode=mode,
                                             deep=deep)
            outcome = "answered" if answer.understood else "not_understood"
            return answer
        finally:
            self.metrics.answer_seconds.labels(self.engine, outcome).observe(time.perf_counter() - start)
