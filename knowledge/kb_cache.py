"""A cache of validated knowledge bases on disk, so that a large file seen before starts fast.

Composing the YAML node tree (kept for the line numbers of every problem) and validating
5,000 procedures costs about a second; reading the same knowledge base back as JSON costs a
tenth of that. Only a file that passed validation is stored, under a hash of its exact bytes
and of the code that reads it (every module and data file of the `knowledge` package, the
PyYAML version): a changed file, or changed code, gives another key, so it is parsed and
validated again with its line numbers, and a broken file is never served from the cache.
`check_file` and `audit_file` (`dvcbot check`) never use it.

Where: $DVCBOT_KNOWLEDGE_CACHE if set ("off" turns the cache off), else the user's cache
directory ($XDG_CACHE_HOME or ~/.cache, then dvcbot/knowledge). An entry is plain JSON (no
pickle: a file someone else wrote cannot run code) after a line holding the SHA-256 of that
JSON; an entry whose digest or shape does not match, like an unwritable directory, only
means the file is validated as if there were no cache. An entry is written only when every
value has exactly the type the models declare, so that reading it back gives an equal
knowledge base.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import tempfile
import threading
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from knowledge.cache_files import cache_directory, content_key, package_code, prune
from knowledge.models import KnowledgeBase

ENV = "DVCBOT_KNOWLEDGE_CACHE"
# Smaller files are parsed and validated in a few tens of milliseconds: not worth an entry.
MIN_BYTES = 1024 * 1024
KEEP = 4  # newest entries kept in the directory
FORMAT = 1  # of an entry's JSON; part of the key
_SUFFIX = ".kb.json"
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class KnowledgeCache:
    directory: Path | None
    min_bytes: int = MIN_BYTES
    keep: int = KEEP

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> KnowledgeCache:
        return cls(cache_directory(ENV, "knowledge", environ))

    def wanted(self, n_bytes: int) -> bool:
        return self.directory is not None and n_bytes >= self.min_bytes

    def key(self, data: bytes) -> str | None:
        """The key of a file with these exact bytes, read by this code; None when the code
        cannot be read (then there is no cache)."""
        try:
            return content_key([code_version(), data])
        except OSError:
            return None

    def load(self, key: str, path: str) -> KnowledgeBase | None:
        """The knowledge base stored under key (its `path` set to `path`), or None (absent,
        unreadable, damaged or of another shape)."""
        if self.directory is None:
            return None
        entry = self.directory / f"{key}{_SUFFIX}"
        try:
            raw = entry.read_bytes()
            digest, _, payload = raw.partition(b"\n")
            if hashlib.sha256(payload).hexdigest().encode("ascii") != digest:
                return None
            kb = decode(json.loads(payload))
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: kept longer
        return replace(kb, path=path)

    def save(self, key: str, kb: KnowledgeBase) -> bool:
        """Writes the entry atomically; False when it could not be written, or when the
        knowledge base holds something JSON would not give back exactly (encode)."""
        if self.directory is None:
            return False
        try:
            payload = json.dumps(encode(replace(kb, path="")), ensure_ascii=False,
                                 separators=(",", ":"), allow_nan=False).encode("utf-8")
        except (ValueError, TypeError, RecursionError):
            return False
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)
            os.replace(tmp, self.directory / f"{key}{_SUFFIX}")
            tmp = None
            prune(self.directory, _SUFFIX, self.keep)
            return True
        except OSError:
            return False
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


@functools.cache
def code_version() -> str:
    """A hash of everything that decides what a file loads as: the knowledge package's
    modules and data files, the PyYAML version and parser, the entry format."""
    return content_key([f"{FORMAT} {yaml.__version__} {getattr(yaml, '__with_libyaml__', False)}",
                        f"{sys.version_info[0]}.{sys.version_info[1]}", *package_code(_PACKAGE)])


# -- plain data <-> models -------------------------------------------------------------------
# A dataclass is the list of its fields' values in declaration order, a tuple a list, a date
# its ISO text; text, numbers and the vocabulary's plain data are themselves. Encoding checks
# every value's exact type against the model's annotations (and that the vocabulary is JSON
# data: text keys, lists, finite numbers), so what is written is read back equal; anything
# else raises TypeError and the knowledge base is simply not stored.

def encode(kb: KnowledgeBase) -> Any:
    return _encoder(KnowledgeBase)(kb)


def decode(data: Any) -> KnowledgeBase:
    _SHARED.records = {}
    try:
        kb = _decoder(KnowledgeBase)(data)
    finally:
        _SHARED.records = {}
    if not isinstance(kb, KnowledgeBase):
        raise TypeError("not a knowledge base")
    return kb


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@functools.cache
def _encoder(hint: Any) -> Callable[[Any], Any]:
    if isinstance(hint, type) and is_dataclass(hint):
        parts = [(name, _encoder(hint_)) for name, hint_ in _field_hints(hint)]

        def record(value: Any) -> list[Any]:
            if type(value) is not hint:
                raise TypeError(f"{type(value).__name__} where {hint.__name__} expected")
            return [part(getattr(value, name)) for name, part in parts]
        return record
    if hint is date:
        return _date_text
    if hint in (str, int, bool):
        return functools.partial(_exact, hint)
    if hint is float:
        return _json_data
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _encoder(args[0])
        return lambda value: [item(v) for v in value] if type(value) is tuple else _exact(tuple, value)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = _encoder(args[0] if args[1] is type(None) else args[1])
        return lambda value: None if value is None else inner(value)
    if origin is typing.Literal:
        return functools.partial(_one_of, args)
    if origin is Mapping or origin is dict:
        return _json_data
    raise TypeError(f"no encoding for {hint!r}")


def _exact(kind: type, value: Any) -> Any:
    if type(value) is not kind:
        raise TypeError(f"{type(value).__name__} where {kind.__name__} expected")
    return value


def _date_text(value: Any) -> str:
    if type(value) is not date:
        raise TypeError(f"{type(value).__name__} where date expected")
    return value.isoformat()


def _one_of(allowed: tuple[Any, ...], value: Any) -> Any:
    if type(value) is not str or value not in allowed:
        raise TypeError(f"{value!r} is not one of {allowed!r}")
    return value


def _json_data(value: Any) -> Any:
    """Plain data that JSON gives back exactly, or TypeError."""
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:
        return value
    if kind is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise TypeError("not a finite number")
        return value
    if kind is list:
        return [_json_data(v) for v in value]
    if isinstance(value, Mapping):
        if not all(type(k) is str for k in value):
            raise TypeError("a key that is not text")
        return {k: _json_data(v) for k, v in value.items()}
    raise TypeError(f"{kind.__name__} is not JSON data")


@functools.cache
def _field_hints(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((name, hints[name]) for name in _field_names(cls))


def _plain(value: Any) -> Any:
    return value


# Small records made of text and numbers only (a place, a choice...) decoded once per load and
# shared, as the loader shares them (every `where` of a place refers to the same Place); per
# thread, as two threads may each be decoding a knowledge base.
_SHARED = threading.local()


@functools.cache
def _decoder(hint: Any) -> Callable[[Any], Any]:
    if isinstance(hint, type) and is_dataclass(hint):
        return _dataclass_decoder(hint)
    if hint is date:
        return date.fromisoformat
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        if item is _plain:
            return tuple
        return lambda data: tuple([item(v) for v in data])
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = _decoder(args[0] if args[1] is type(None) else args[1])
        if inner is _plain:
            return _plain
        return lambda data: None if data is None else inner(data)
    return _plain  # str, int, float, bool, Literal, a mapping of plain data


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    hints = dict(_field_hints(cls))
    names = _field_names(cls)
    parts = [_decoder(hints[name]) for name in names]
    if all(hints[name] in (str, int) for name in names):
        def shared(data: list[Any]) -> Any:
            key = (cls, *data)
            records: dict[tuple[Any, ...], Any] = _SHARED.records
            found = records.get(key)
            if found is None:
                if len(data) != len(names):
                    raise ValueError(f"{cls.__name__}: {len(data)} values for {len(names)} fields")
                found = records[key] = cls(*data)
            return found
        return shared

    def record(data: list[Any]) -> Any:
        if len(data) != len(parts):
            raise ValueError(f"{cls.__name__}: {len(data)} values for {len(parts)} fields")
        return cls(*[part(v) for part, v in zip(parts, data, strict=True)])
    return record


__all__ = ["ENV", "KnowledgeCache", "code_version", "decode", "encode"]
