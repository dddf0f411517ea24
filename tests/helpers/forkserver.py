"""The server side of tests/helpers/commands.py: `python -m bot` without paying its imports.

Started once per pytest process (`python tests/helpers/forkserver.py SOCKET`), it imports what
the `dvcbot` commands import, then listens on a Unix socket. For each request (the command's
arguments, environment and working directory, and its stdin, stdout and stderr as file
descriptors) it forks; the child takes those descriptors as 0, 1 and 2, replaces its
environment, enters the directory and runs the `bot` package as `python -m bot` does
(runpy), then exits with the command's exit code, a traceback and 1 for an uncaught
exception, as a fresh interpreter would. The parent answers with the child's pid at once and
its exit status when it ends; children run side by side.

Each command is its own process with its own database connections, stdio and exit code; what
it shares with the others is only the modules already imported (which read no configuration
at import: bot/config.py reads the environment when called).
"""
from __future__ import annotations

import contextlib
import json
import os
import runpy
import selectors
import signal
import socket
import struct
import sys
import threading
import traceback

# What the commands import: paid once here instead of once per command.
PRELOAD = (
    "bot.cli.main", "bot.cli.chat", "bot.cli.desk", "bot.cli.staff", "bot.cli.volunteer",
    "bot.dialogue.engine", "bot.dialogue.live_knowledge", "bot.reports.stats", "bot.reports.poster",
    "bot.storage", "bot.storage.migrate", "bot.storage.retention", "knowledge.editing",
    "knowledge.evaluation", "knowledge.loader", "knowledge.matching", "knowledge.grouping",
    "knowledge.gibberish", "sqlalchemy.dialects.sqlite.aiosqlite", "sqlalchemy.dialects.postgresql.asyncpg",
    "alembic.runtime.migration", "alembic.script", "rapidfuzz", "bot.telegram.run",
)
HEADER = struct.Struct("!I")


def receive(conn: socket.socket) -> tuple[dict, list[int]]:
    """One request: a length-prefixed JSON object with three file descriptors."""
    data, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
    while len(data) < HEADER.size or len(data) < HEADER.size + HEADER.unpack_from(data)[0]:
        more = conn.recv(1 << 20)
        if not more:
            raise EOFError("request cut short")
        data += more
    (size,) = HEADER.unpack_from(data)
    return json.loads(data[HEADER.size:HEADER.size + size]), fds


def send(conn: socket.socket, message: dict) -> None:
    body = json.dumps(message).encode()
    with contextlib.suppress(OSError):  # the client gave up (a timeout): nobody to tell
        conn.sendall(HEADER.pack(len(body)) + body)


def exit_code(exc: SystemExit) -> int:
    """What the interpreter makes of `raise SystemExit(code)`."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def child(request: dict, fds: list[int]) -> None:
    """Become the command (never returns)."""
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["-m", *request["args"]]
        sys.path[0] = os.getcwd()  # as for `python -m`: the working directory first
        try:
            runpy.run_module("bot", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exc:
            code = exit_code(exc)
        except BaseException:  # noqa: BLE001 - what the interpreter does with an uncaught error
            traceback.print_exc()
            code = 1
        for thread in threading.enumerate():  # the interpreter waits for non-daemon threads
            if thread is not threading.main_thread() and not thread.daemon:
                thread.join()
        import atexit

        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def serve(path: str) -> None:
    for name in PRELOAD:
        __import__(name)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(wake_r, selectors.EVENT_READ)
    selector.register(sys.stdin, selectors.EVENT_READ)  # closed when the tests end, however
    waiting: dict[int, socket.socket] = {}  # child pid -> the client waiting for it
    print("ready", flush=True)
    while True:
        for key, _ in selector.select():
            if key.fileobj is listener:
                conn, _ = listener.accept()
                try:
                    request, fds = receive(conn)
                except (OSError, EOFError, ValueError):
                    conn.close()
                    continue
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    signal.set_wakeup_fd(-1)
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    for fd in (listener.fileno(), wake_r, wake_w, conn.fileno(),
                               *(c.fileno() for c in waiting.values())):
                        os.close(fd)
                    child(request, fds)
                for fd in fds:
                    os.close(fd)
                waiting[pid] = conn
                send(conn, {"pid": pid})
            elif key.fileobj is sys.stdin:
                if not os.read(sys.stdin.fileno(), 4096):
                    listener.close()
                    with contextlib.suppress(OSError):
                        os.unlink(path)
                    return
            else:
                with contextlib.suppress(BlockingIOError):
                    os.read(wake_r, 4096)
        while waiting:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            conn = waiting.pop(pid, None)
            if conn is not None:
                send(conn, {"returncode": os.waitstatus_to_exitcode(status)})
                conn.close()


if __name__ == "__main__":
    serve(sys.argv[1])
