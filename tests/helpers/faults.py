"""A method that fails once, then works: a database or network hiccup in the middle of an action."""
from __future__ import annotations

from typing import Any


def fail_once(owner: Any, method: str, error: BaseException) -> list[BaseException]:
    """Replace `owner.method` (an async method) by one that raises `error` at the first call
    and calls the real method after that; the returned list holds the error once it was raised."""
    real = getattr(owner, method)
    raised: list[BaseException] = []

    async def failing_once(*args: Any, **kwargs: Any) -> Any:
        if not raised:
            raised.append(error)
            raise error
        return await real(*args, **kwargs)

    setattr(owner, method, failing_once)
    return raised
