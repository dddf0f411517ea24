"""`python -m bot ...` as a process, for the tests: run_dvcbot(*args, input=, cwd=, env=, timeout=).

It returns what `subprocess.run(..., capture_output=True)` returns. By default the process is
forked from a server that has already imported the commands' modules (tests/helpers/forkserver.py,
one per pytest process): each command is still a process of its own, with its environment,
working directory, stdin, stdout, stderr and exit code, and runs `bot/__main__.py` as `python -m
bot` does, but does not spend half a second importing SQLAlchemy, Alembic and NumPy again.
DVCBOT_TEST_FORKSERVER=0 starts a fresh interpreter for every command instead (to check that
nothing depends on the server). Tests of starting and stopping (`dvcbot run`, signals, several
instances) start their processes themselves with subprocess.
"""
from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from helpers import REPO

SWITCH = "DVCBOT_TEST_FORKSERVER"
HEADER = struct.Struct("!I")
SERVER_SCRIPT = Path(__file__).resolve().parent / "forkserver.py"
START_TIMEOUT = 60.0


def forkserver_enabled() -> bool:
    return (sys.platform != "win32" and hasattr(os, "fork")
            and os.environ.get(SWITCH, "1").strip().lower() not in ("0", "false", "no", "off"))


def run_dvcbot(*args: str, input: str | bytes | None = None, cwd: str | Path | None = None,
               env: dict[str, str] | None = None, timeout: float = 120.0,
               text: bool = True) -> subprocess.CompletedProcess:
    """`python -m bot ARGS`, its output captured (text: decoded as UTF-8, newlines as
    subprocess.run(text=True) gives them); stdin is a pipe that gives `input`, or nothing."""
    argv = [sys.executable, "-m", "bot", *args]
    data = input.encode("utf-8") if isinstance(input, str) else (input or b"")
    if forkserver_enabled():
        returncode, out, err = _server().run(list(args), data, str(cwd or os.getcwd()),
                                             dict(os.environ if env is None else env), timeout)
    else:
        done = subprocess.run(argv, input=data, capture_output=True, cwd=cwd, env=env, timeout=timeout)
        returncode, out, err = done.returncode, done.stdout, done.stderr
    if text:
        return subprocess.CompletedProcess(argv, returncode, _text(out), _text(err))
    return subprocess.CompletedProcess(argv, returncode, out, err)


def _text(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


class ForkServer:
    """The server process and the client side of its protocol (see forkserver.py)."""

    def __init__(self) -> None:
        self.directory = tempfile.mkdtemp(prefix="dvcbot-forkserver-")
        self.path = os.path.join(self.directory, "socket")
        env = {k: v for k, v in os.environ.items() if not k.startswith("DVCBOT_")}
        env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
        env["PYTHONIOENCODING"] = "utf-8"
        self.process = subprocess.Popen([sys.executable, str(SERVER_SCRIPT), self.path], cwd=REPO, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        ready = _readline_within(self.process, START_TIMEOUT)
        if ready != b"ready\n":
            self.close()
            raise RuntimeError(f"the test fork server did not start (said {ready!r}); "
                               f"{SWITCH}=0 runs each command in a fresh interpreter")

    def run(self, args: list[str], stdin: bytes, cwd: str, env: dict[str, str],
            timeout: float) -> tuple[int, bytes, bytes]:
        deadline = time.monotonic() + timeout
        read_end, write_end = os.pipe()  # stdin is a pipe, as with subprocess.run(input=...)
        feeder = threading.Thread(target=_feed, args=(write_end, stdin), daemon=True)
        feeder.start()
        with tempfile.TemporaryFile() as o, tempfile.TemporaryFile() as e, \
                socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            try:
                conn.settimeout(timeout)
                conn.connect(self.path)
                body = json.dumps({"args": args, "cwd": cwd, "env": env}).encode()
                socket.send_fds(conn, [HEADER.pack(len(body)) + body], [read_end, o.fileno(), e.fileno()])
            finally:
                os.close(read_end)
            pid = _receive(conn, deadline)["pid"]
            try:
                returncode = _receive(conn, deadline)["returncode"]
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
                raise subprocess.TimeoutExpired([sys.executable, "-m", "bot", *args], timeout) from None
            feeder.join(max(0.0, deadline - time.monotonic()))
            o.seek(0)
            e.seek(0)
            return returncode, o.read(), e.read()

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()  # the server's signal to stop
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        with contextlib.suppress(OSError):
            os.rmdir(self.directory)


def _feed(fd: int, data: bytes) -> None:
    """Write `data` to the command's stdin and close it (what it leaves unread is dropped)."""
    try:
        with open(fd, "wb", buffering=0, closefd=True) as pipe:
            view = memoryview(data)
            while view:
                view = view[pipe.write(view):]
    except BrokenPipeError:
        pass


def _receive(conn: socket.socket, deadline: float) -> dict[str, Any]:
    data = b""
    while len(data) < HEADER.size or len(data) < HEADER.size + HEADER.unpack_from(data)[0]:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        conn.settimeout(left)
        try:
            chunk = conn.recv(65536)
        except TimeoutError:
            raise
        except OSError as exc:  # (TimeoutError is one: raised as it is, above)
            raise RuntimeError(f"the test fork server failed: {exc}") from exc
        if not chunk:
            raise RuntimeError("the test fork server closed the connection")
        data += chunk
    (size,) = HEADER.unpack_from(data)
    return json.loads(data[HEADER.size:HEADER.size + size])


def _readline_within(process: subprocess.Popen, timeout: float) -> bytes:
    line: list[bytes] = []
    reader = threading.Thread(target=lambda: line.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return line[0] if line else b""


_lock = threading.Lock()
_instance: ForkServer | None = None


def _server() -> ForkServer:
    global _instance
    with _lock:
        if _instance is None or _instance.process.poll() is not None:
            _instance = ForkServer()
            atexit.register(_instance.close)
        return _instance
