"""Logging for `dvcbot run`: the bot token never reaches a log line.

python-telegram-bot and httpx put the token in request URLs and in some exception texts;
`configure_logging(token)` installs a filter on every root handler that replaces it, and
quietens the libraries that log every request.
"""
from __future__ import annotations

import logging

QUIET = ("httpx", "httpcore", "alembic", "apscheduler")  # INFO on every request or step


class RedactToken(logging.Filter):
    """Replace the bot token wherever it would appear in a log line (URLs, exception texts)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<token>")
        return True


def configure_logging(token: str) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in root.handlers:
        handler.addFilter(RedactToken(token))
    for name in QUIET:  # (httpx logs every request URL, which contains the token, at INFO)
        logging.getLogger(name).setLevel(logging.WARNING)


__all__ = ["RedactToken", "configure_logging"]
