"""`dvcbot chat`: the assistant in the terminal, same engine and database as the Telegram bot.

Buttons are printed numbered, `[1] Tiếp  [2] Quay lại ...`; typing the number presses the
button. A line starting with "/" is a command; anything else is a question. Ctrl-D, Ctrl-C
or /thoat quits with exit code 0. No prompt is printed when stdin is not a terminal, so the
chat can be driven by a pipe: `printf 'dang ky tam tru\\n1\\n' | dvcbot chat`.
"""
from __future__ import annotations

import asyncio
import contextlib
import sys
from typing import TextIO

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.engine import Button, Engine, Event, Reply
from bot.dialogue.live_knowledge import LiveKnowledge
from bot.storage import Storage
from knowledge.loader import KnowledgeError

QUIT_COMMANDS = {"/thoat", "/thoát", "/exit", "/quit"}
HELP_COMMANDS = {"help", "giup", "huongdan"}


def format_replies(replies: list[Reply]) -> tuple[str, list[Button]]:
    """The replies as terminal text, and the buttons in the order of their numbers."""
    lines: list[str] = []
    numbered: list[Button] = []
    for reply in replies:
        if lines:
            lines.append("")
        lines.append(reply.text)
        for row in reply.buttons:
            cells = []
            for button in row:
                numbered.append(button)
                cells.append(f"[{len(numbered)}] {button.label}")
            lines.append("  ".join(cells))
    return "\n".join(lines), numbered


def run_chat(config: Config, user: str = "local", stdin: TextIO | None = None,
             stdout: TextIO | None = None) -> int:
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    say = _Say(stdout)
    knowledge = _load_knowledge(config, say)
    if knowledge is None:
        return 1
    runner = asyncio.Runner()
    storage = None
    try:
        try:
            storage = runner.run(Storage.open(config.database_url))
        except Exception as exc:  # noqa: BLE001 - a bad URL or an unreachable server
            say(texts.CHAT_NO_DATABASE.format(url=config.database_url, error=exc))
            return 2
        session = _ChatSession(Engine(knowledge, storage, config), runner, f"cli:{user}", say)
        session.loop(stdin, interactive=_isatty(stdin))
        return 0
    except KeyboardInterrupt:
        with contextlib.suppress(BrokenPipeError, ValueError):
            say("")
            say(texts.CHAT_BYE)
        return 0
    except BrokenPipeError:  # the reader went away (e.g. `dvcbot chat | head`)
        return 0
    finally:
        if storage is not None:
            with contextlib.suppress(BaseException):  # shutting down anyway
                runner.run(storage.close())
        runner.close()


class _Say:
    """Print a line on the terminal at once (and "> " without a newline: `prompt`)."""

    def __init__(self, stdout: TextIO) -> None:
        self.stdout = stdout

    def __call__(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def prompt(self) -> None:
        self.stdout.write("> ")
        self.stdout.flush()


def _load_knowledge(config: Config, say: _Say) -> LiveKnowledge | None:
    try:
        return LiveKnowledge.load(config.knowledge, max_bytes=config.knowledge_max_bytes)
    except KnowledgeError as exc:
        say(texts.CHAT_INVALID_KNOWLEDGE)
        for problem in exc.problems:
            say(str(problem))
    except OSError as exc:
        say(f"{config.knowledge}: {exc}")
    return None


class _ChatSession:
    """One citizen's conversation: each line becomes an Event, each answer is printed."""

    def __init__(self, engine: Engine, runner: asyncio.Runner, citizen: str, say: _Say) -> None:
        self.engine, self.runner, self.citizen, self.say = engine, runner, citizen, say
        self.buttons: list[Button] = []

    def show(self, event: Event) -> None:
        text, self.buttons = format_replies(self.runner.run(self.engine.handle(event)))
        if event.kind == "command" and event.command.lower() in HELP_COMMANDS:
            text = _with_quit_command(text)
        self.say(text)
        self.say("")

    def loop(self, stdin: TextIO, interactive: bool) -> None:
        self.show(Event(self.citizen, "command", command="start"))
        if interactive:
            self.say(texts.CHAT_HINT)
        while True:
            if interactive:
                self.say.prompt()
            line = stdin.readline()
            if not line:  # EOF (Ctrl-D, end of the pipe)
                break
            line = line.strip()
            if line.lower() in QUIT_COMMANDS:
                break
            if line.isdigit():
                self.press(int(line))
            else:
                self.show(Event.message(self.citizen, line))
        if interactive:
            self.say(texts.CHAT_BYE)

    def press(self, n: int) -> None:
        """The citizen typed a number: the button shown with it."""
        if not self.buttons:
            self.say(texts.CHAT_NO_BUTTONS)
            self.say("")
        elif 1 <= n <= len(self.buttons):
            self.show(Event.button(self.citizen, self.buttons[n - 1].data))
        else:
            self.say(texts.CHAT_NO_SUCH_BUTTON.format(n=n))
            self.say("")


def _with_quit_command(help_text: str) -> str:
    """/help lists the bot's commands; the terminal adds its own /thoat after them."""
    last = texts.COMMAND_LINE.format(command=texts.COMMANDS[-1][0], description=texts.COMMANDS[-1][1])
    if last in help_text:
        return help_text.replace(last, f"{last}\n{texts.CHAT_HELP_QUIT}", 1)
    return f"{help_text}\n{texts.CHAT_HELP_QUIT}"


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
