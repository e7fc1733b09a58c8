"""Retry with exponential backoff for transient failures (tenacity), and what counts as one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError
from pymongo.errors import ConnectionFailure, DuplicateKeyError, PyMongoError
from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from linkwork_runtime.settings import ServiceSettings

T = TypeVar("T")


def is_transient(exc: BaseException) -> bool:
    """Infrastructure trouble that a later attempt may not meet; never a problem of the input."""
    if isinstance(exc, ConnectionFailure | KafkaConnectionError | KafkaTimeoutError | TimeoutError):
        return True
    if isinstance(exc, PyMongoError):
        return exc.has_error_label("TransientTransactionError") or exc.has_error_label(
            "RetryableWriteError"
        )
    return False


def _worth_retrying(exc: BaseException) -> bool:
    # A duplicate key is usually a concurrent redelivery: the next attempt sees it as processed.
    return is_transient(exc) or isinstance(exc, DuplicateKeyError)


async def retrying(settings: ServiceSettings, attempt: Callable[[], Awaitable[T]]) -> T:
    async for try_ in AsyncRetrying(
        stop=stop_after_attempt(settings.retry_attempts),
        wait=wait_exponential_jitter(
            multiplier=0.1, max=settings.retry_max_backoff_seconds, jitter=0.1
        ),
        retry=retry_if_exception(_worth_retrying),
        reraise=True,
    ):
        with try_:
            return await attempt()
    raise AssertionError("unreachable: tenacity reraises the last error")
