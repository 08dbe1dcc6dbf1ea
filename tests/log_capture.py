"""Capture what the forum logs, formatted exactly as production writes it to stdout."""

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from forum.logs import JsonFormatter


class CapturedLog:
    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def entries(self, **match) -> list[dict]:
        """Every line parsed as JSON (each must parse), keeping those whose fields equal `match`."""
        parsed = [json.loads(line) for line in self.lines]
        return [entry for entry in parsed if all(entry.get(key) == value for key, value in match.items())]


@contextmanager
def captured_log(level: int = logging.DEBUG) -> Iterator[CapturedLog]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(level)
    try:
        yield CapturedLog(stream)
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
