"""What the on-disk caches (knowledge.index_cache, knowledge.kb_cache) share: where they
live, their keys, and removing old entries. No numpy here: the loader imports it."""
from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path


def cache_directory(variable: str, name: str, environ: Mapping[str, str] | None = None) -> Path | None:
    """The folder a cache is kept in: $variable if set ("off", "0", "no" or "false": None, no
    cache), else $XDG_CACHE_HOME/dvcbot/name, else ~/.cache/dvcbot/name."""
    env = os.environ if environ is None else environ
    setting = env.get(variable, "").strip()
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting).expanduser()
    base = env.get("XDG_CACHE_HOME", "").strip() or str(Path("~/.cache").expanduser())
    return Path(base) / "dvcbot" / name


def prune(directory: Path, suffix: str, keep: int) -> None:
    """Removes all but the `keep` most recently used entries ending in `suffix`."""
    entries = []
    for path in directory.glob(f"*{suffix}"):
        try:
            entries.append((path.stat().st_mtime, path))
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, path in entries[keep:]:
        with contextlib.suppress(OSError):
            path.unlink()


def content_key(parts: Iterable[str | bytes]) -> str:
    """A hex digest of the parts, each length-prefixed so that no two lists collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def package_code(package: Path) -> list[str | bytes]:
    """Each module and data file of a package, by name and content: an entry built by its code
    is keyed by all of it, so an edit anywhere in the package (a helper a builder calls, moved
    to a module of its own) gives a new key."""
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".yaml") and "__pycache__" not in p.parts)
    parts: list[str | bytes] = []
    for path in files:
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return parts


__all__ = ["cache_directory", "content_key", "package_code", "prune"]
