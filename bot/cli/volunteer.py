"""`dvcbot volunteer`: work as a volunteer at the terminal, without Telegram.

Same desk (bot.volunteers.desk.VolunteerDesk, through bot.cli.desk) and same database as the
bot, so a question can be handed off and answered end to end on one machine, and a volunteer
who is not in the Telegram group can still work:

    dvcbot volunteer queue                       open questions, oldest first
    dvcbot volunteer show 12                     the question, its context and messages (masked)
    dvcbot volunteer claim 12 --name "Lan"       "Nhận"
    dvcbot volunteer answer 12 nội dung --name "Lan"     (no text: read from stdin)
    dvcbot volunteer close 12 --name "Lan"       "Đã xong"
    dvcbot volunteer suggest 12 (--procedure ID | --faq) --name "Lan"     "Thêm vào kho"
    dvcbot volunteer [--name "Lan"]              numbered menus; works with piped stdin

Exit codes as the other tools: 0 done, 1 refused or unknown (no such question, someone else
has it, closed, unknown procedure), 2 usage or configuration (no name, no answer text, a
database that cannot be opened). What the volunteer reads is Vietnamese; a refusal goes to
stderr, everything else to stdout.

This module only builds the parser and runs the terminal; its heavy imports are inside the
functions, so `dvcbot --help` and the other commands do not pay for them.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import sys
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from bot.config import Config
from bot.dialogue import texts

if TYPE_CHECKING:  # pragma: no cover
    from bot.cli.desk import Outcome, TerminalDesk
    from bot.dialogue.live_knowledge import LiveKnowledge
    from bot.volunteers.desk import Volunteer

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
QUIT_COMMANDS = {"/thoat", "/thoát", "/exit", "/quit"}
NEEDS_NAME = ("claim", "answer", "close", "suggest")
QUEUE_LIMIT = 50
_NUMBER = re.compile(r"#?([0-9]+)")  # ASCII digits only ("²".isdigit() is True)
_OPEN = re.compile(r"#([0-9]+)")
MAX_ID_DIGITS = 18  # any longer is no escalation's id (a BIGINT), and never sent to the database
T = TypeVar("T")


def add_parser(sub: Any) -> None:
    """Register `dvcbot volunteer` on the `dvcbot` subparsers (bot.cli.main)."""
    name_help = "tên của bạn (tình nguyện viên); cùng một tên là cùng một người"
    p = sub.add_parser(
        "volunteer", help="làm tình nguyện viên trên máy tính, không cần Telegram",
        description="Bàn làm việc của tình nguyện viên trên máy tính: cùng cơ sở dữ liệu và cùng cách "
        "nhận, trả lời, đóng câu hỏi như nhóm Telegram. Không có lệnh con: menu đánh số (gõ số để chọn; "
        "đọc được cả từ ống dẫn stdin). Mã thoát: 0 xong, 1 không làm được (không có câu hỏi đó, người "
        "khác đã nhận, đã đóng), 2 sai cách dùng hoặc lỗi cấu hình.")
    p.add_argument("--name", default=None, help=name_help)
    actions = p.add_subparsers(dest="action", metavar="LỆNH")

    def action(name: str, help_text: str, number: bool = True, named: bool = True) -> argparse.ArgumentParser:
        a: argparse.ArgumentParser = actions.add_parser(name, help=help_text, description=help_text)
        if number:
            a.add_argument("number", metavar="N", help="số câu hỏi, ví dụ 12 hoặc #12")
        if named:  # SUPPRESS: `dvcbot volunteer --name X claim 12` keeps X
            a.add_argument("--name", default=argparse.SUPPRESS, help=name_help)
        return a

    q = action("queue", "các câu hỏi đang chờ, cũ nhất trước: số, thời gian chờ, thủ tục và bước, "
               "câu hỏi (đã che số cá nhân), ai đang xử lý", number=False, named=False)
    q.add_argument("--limit", type=int, default=QUEUE_LIMIT, metavar="N",
                   help=f"hiện nhiều nhất N câu (mặc định {QUEUE_LIMIT}; 0: tất cả)")
    action("show", "xem một câu hỏi: thủ tục, bước, trao đổi gần đây, tin nhắn (đã che số cá nhân)",
           named=False)
    action("claim", "nhận câu hỏi (như nút Nhận); nếu người khác đã nhận thì báo ai")
    a = action("answer", "trả lời: câu trả lời được lưu và gửi cho công dân như khi trả lời trong nhóm")
    a.add_argument("text", nargs="*", metavar="NỘI-DUNG",
                   help="câu trả lời; bỏ trống thì đọc từ stdin (nhiều dòng, đến Ctrl-D)")
    action("close", "đóng câu hỏi (như nút Đã xong)")
    s = action("suggest", "Thêm vào kho: đề xuất câu hỏi làm câu hỏi mẫu của một thủ tục (--procedure ID) "
               "hoặc mục hỏi đáp mới kèm câu trả lời (--faq); cán bộ duyệt bằng dvcbot suggestions")
    s.add_argument("--procedure", metavar="ID", help="id của thủ tục, ví dụ dang-ky-tam-tru")
    s.add_argument("--faq", action="store_true", help="thành mục hỏi đáp mới, kèm câu trả lời của bạn")
    p.set_defaults(func=run_volunteer)


def run_volunteer(args: argparse.Namespace, config: Config, stdin: TextIO | None = None,
                  stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    action: str | None = getattr(args, "action", None)

    def say(text: str, error: bool = False) -> None:
        stream = stderr if error else stdout
        stream.write(text + "\n")
        stream.flush()

    target = _target(args, action, say)
    if isinstance(target, int):
        return target
    volunteer, number = target
    answer_text = None
    if action == "answer":
        answer_text = " ".join(args.text) if args.text else _read_answer(stdin, stderr, number or 0)
    knowledge = _load_knowledge(config, say)
    if knowledge is None:
        return EXIT_INVALID

    from bot.cli.desk import TerminalDesk
    from bot.storage import Storage
    from bot.volunteers.desk import VolunteerDesk

    runner = asyncio.Runner()
    storage = None
    try:
        try:
            storage = runner.run(Storage.open(config.database_url))
        except Exception as exc:  # noqa: BLE001 - a bad URL or an unreachable server
            say(texts.CHAT_NO_DATABASE.format(url=config.database_url, error=exc), error=True)
            return EXIT_USAGE
        desk = TerminalDesk(VolunteerDesk(storage, knowledge, config), storage, volunteer)
        if action is None:
            return DeskSession(desk, runner, stdin, stdout).loop()
        outcome = runner.run(_act(desk, action, number, args, answer_text))
        say(outcome.text, error=not outcome.ok)
        return outcome.code
    except KeyboardInterrupt:
        return EXIT_OK
    except BrokenPipeError:  # the reader went away (`dvcbot volunteer queue | head`)
        return EXIT_OK
    except DatabaseTrouble as exc:
        say(texts.DESK_DB_ERROR.format(error=exc), error=True)
        return EXIT_USAGE
    finally:
        if storage is not None:
            with contextlib.suppress(BaseException):  # shutting down anyway
                runner.run(storage.close())
        runner.close()


def _target(args: argparse.Namespace, action: str | None,
            say: Callable[..., None]) -> tuple[Volunteer | None, int | None] | int:
    """Who acts (--name) and on which escalation (NUMBER), or the exit code of a bad one."""
    from bot.cli.desk import MAX_NAME_CHARS, terminal_volunteer

    volunteer = None
    name = getattr(args, "name", None)
    if name is not None:
        volunteer = terminal_volunteer(name)
        if volunteer is None:
            say(texts.DESK_BAD_NAME.format(max=MAX_NAME_CHARS), error=True)
            return EXIT_USAGE
    elif action in NEEDS_NAME:
        example = f"dvcbot volunteer {action} {getattr(args, 'number', 'N')}"
        say(texts.DESK_NEED_NAME.format(example=example), error=True)
        return EXIT_USAGE
    number = None
    if action is not None and hasattr(args, "number"):
        found = _NUMBER.fullmatch(args.number.strip())
        if found is None:
            say(texts.DESK_BAD_NUMBER.format(value=args.number), error=True)
            return EXIT_USAGE
        if len(found.group(1).lstrip("0")) > MAX_ID_DIGITS:
            say(texts.DESK_NO_SUCH.format(id=found.group(1)), error=True)
            return EXIT_INVALID
        number = int(found.group(1))
    return volunteer, number


def _load_knowledge(config: Config, say: Callable[..., None]) -> LiveKnowledge | None:
    from bot.dialogue.live_knowledge import LiveKnowledge
    from knowledge.loader import KnowledgeError

    try:
        return LiveKnowledge.load(config.knowledge)
    except KnowledgeError as exc:
        say(texts.DESK_INVALID_KNOWLEDGE, error=True)
        for problem in exc.problems:
            say(str(problem), error=True)
    except OSError as exc:
        say(f"{config.knowledge}: {exc}", error=True)
    return None


class DatabaseTrouble(Exception):
    """The database failed in the middle of an action (the message names the error's kind
    only: an SQL error may quote a citizen's text)."""


async def _act(desk: TerminalDesk, action: str, number: int | None, args: argparse.Namespace,
               answer_text: str | None) -> Outcome:
    try:
        if action == "queue":
            return await desk.queue(max(0, args.limit))
        assert number is not None
        if action == "show":
            return await desk.show(number)
        if action == "claim":
            return await desk.claim(number)
        if action == "answer":
            return await desk.answer(number, answer_text or "")
        if action == "close":
            return await desk.close(number)
        return await desk.suggest(number, args.procedure, args.faq)
    except _database_errors() as exc:  # said plainly, not a traceback
        raise DatabaseTrouble(type(exc).__name__) from exc


def _database_errors() -> tuple[type[BaseException], ...]:
    """What a database that fails in the middle of an action raises (locked too long, the
    server gone): told as DESK_DB_ERROR. Anything else is a bug and keeps its traceback."""
    from sqlalchemy.exc import SQLAlchemyError

    return (SQLAlchemyError, OSError, TimeoutError)


def _bounded(digits: str) -> int:
    """A typed number; past MAX_ID_DIGITS digits -1 (no question, no choice has it)."""
    return int(digits) if len(digits.lstrip("0")) <= MAX_ID_DIGITS else -1


def _read_answer(stdin: TextIO, stderr: TextIO, number: int) -> str:
    if _isatty(stdin):
        stderr.write(texts.DESK_ANSWER_FROM_STDIN.format(id=number) + "\n")
        stderr.flush()
    try:
        return stdin.read()
    except KeyboardInterrupt:
        return ""


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# --- the numbered menus ------------------------------------------------------------------------------
Choice = tuple[str, Callable[[], None]]


class DeskSession:
    """`dvcbot volunteer` without an action: the queue with a number per question, a question
    with numbered buttons (those of the group's card, minus "Xem số đã ẩn", plus Trả lời and
    Quay lại), "Thêm vào kho" with the desk's menu. Like `dvcbot chat`: no prompt when stdin is
    not a terminal; Ctrl-D, Ctrl-C or /thoat quits with exit code 0."""

    def __init__(self, desk: TerminalDesk, runner: asyncio.Runner, stdin: TextIO, stdout: TextIO) -> None:
        self.desk = desk
        self.runner = runner
        self.stdin = stdin
        self.stdout = stdout
        self.interactive = _isatty(stdin)
        self.choices: list[Choice] = []

    # -- input and output -------------------------------------------------------------------------
    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def ask(self, prompt: str = "> ") -> str | None:
        """The next line (stripped), None at the end of input."""
        if self.interactive:
            self.stdout.write(prompt)
            self.stdout.flush()
        line = self.stdin.readline()
        return None if not line else line.strip()

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        try:
            return self.runner.run(work)
        except _database_errors() as exc:
            raise DatabaseTrouble(type(exc).__name__) from exc

    def offer(self, rows: list[list[Choice] | str]) -> None:
        """Print the choices numbered from 1, one row per line (a str: a line as it is)."""
        self.choices = []
        for row in rows:
            if isinstance(row, str):
                self.say(row)
                continue
            cells = []
            for label, handler in row:
                self.choices.append((label, handler))
                cells.append(f"[{len(self.choices)}] {label}")
            self.say("  ".join(cells))
        self.say()

    # -- the loop -------------------------------------------------------------------------------
    def loop(self) -> int:
        try:
            if self.desk.volunteer is None and not self._ask_name():
                return EXIT_USAGE
            assert self.desk.volunteer is not None
            self.say(texts.DESK_TITLE.format(name=self.desk.volunteer.name))
            if self.interactive:
                self.say(texts.DESK_HINT)
            self.say()
            self.queue_screen()
            while True:
                line = self.ask()
                if line is None or line.lower() in QUIT_COMMANDS:
                    break
                if not line:
                    continue
                opened = _OPEN.fullmatch(line)
                if opened and _bounded(opened.group(1)) < 0:
                    self.say(texts.VOL_NO_SUCH.format(id=opened.group(1)))
                    self.say()
                elif opened:
                    self.question_screen(int(opened.group(1)))
                elif line.isascii() and line.isdigit():
                    n = _bounded(line)
                    if 1 <= n <= len(self.choices):
                        self.choices[n - 1][1]()
                    else:
                        self.say(texts.DESK_NO_SUCH_CHOICE.format(n=line))
                        self.say()
                else:
                    self.say(texts.DESK_NOT_UNDERSTOOD)
                    self.say()
            if self.interactive:
                self.say(texts.DESK_BYE)
            return EXIT_OK
        except KeyboardInterrupt:
            try:
                self.say()
                self.say(texts.DESK_BYE)
            except (BrokenPipeError, ValueError):
                pass
            return EXIT_OK

    def _ask_name(self) -> bool:
        from bot.cli.desk import MAX_NAME_CHARS, terminal_volunteer

        while True:
            self.say(texts.DESK_ASK_NAME)
            line = self.ask()
            if line is None:
                self.say(texts.DESK_NEED_NAME.format(example="dvcbot volunteer"))
                return False
            volunteer = terminal_volunteer(line)
            if volunteer is not None:
                self.desk.volunteer = volunteer
                return True
            self.say(texts.DESK_BAD_NAME.format(max=MAX_NAME_CHARS))

    # -- screens --------------------------------------------------------------------------------
    def queue_screen(self) -> None:
        from bot.storage.ports import utcnow

        waiting = self.run(self.desk.waiting())
        answered = self.run(self.desk.answered())
        now = utcnow()
        rows: list[list[Choice] | str] = [
            texts.VOL_QUEUE_HEADER.format(n=len(waiting)) if waiting else texts.VOL_QUEUE_EMPTY]
        rows += [[(self.desk.queue_line(e, now), self._opener(e.id))] for e in waiting]
        if answered:
            rows.append(texts.DESK_MENU_ANSWERED)
            rows += [[(self.desk.queue_line(e, now), self._opener(e.id))] for e in answered]
        rows.append([(texts.DESK_BTN_REFRESH, self.queue_screen)])
        self.offer(rows)

    def _opener(self, escalation_id: int) -> Callable[[], None]:
        return lambda: self.question_screen(escalation_id)

    def question_screen(self, escalation_id: int) -> None:
        from bot.dialogue import group_posts

        e = self.run(self.desk.get(escalation_id))
        if e is None:
            self.say(texts.VOL_NO_SUCH.format(id=escalation_id))
            self.say()
            self.offer([[(texts.DESK_BTN_BACK, self.queue_screen)]])
            return
        self.say(self.run(self.desk.view(e)))
        self.say()
        row: list[Choice] = []
        for label, data in (cell for r in group_posts.card_buttons(e) for cell in r):
            parsed = group_posts.parse_data(data)
            if parsed is None or parsed[0] == "vr":  # "Xem số đã ẩn": Telegram only
                continue
            row.append((label, self._presser(e.id, parsed[0])))
        rows: list[list[Choice] | str] = [row] if row else []
        if e.status in ("open", "claimed", "answered"):
            rows.append([(texts.DESK_BTN_ANSWER, lambda: self.answer_prompt(e.id))])
        rows.append([(texts.DESK_BTN_BACK, self.queue_screen)])
        self.offer(rows)

    def _presser(self, escalation_id: int, action: str) -> Callable[[], None]:
        def press() -> None:
            if action == "vn":
                self._done(self.run(self.desk.claim(escalation_id)))
                self.question_screen(escalation_id)
            elif action == "vd":
                self._done(self.run(self.desk.close(escalation_id)))
                self.queue_screen()
            else:  # "vk": Thêm vào kho
                self.kb_screen(escalation_id)
        return press

    def _done(self, outcome: Outcome) -> None:
        self.say(outcome.text)
        self.say()

    def answer_prompt(self, escalation_id: int) -> None:
        self.say(texts.DESK_ANSWER_PROMPT.format(id=escalation_id))
        line = self.ask()
        if not line:
            self.say(texts.DESK_ANSWER_DROPPED)
            self.say()
        else:
            self._done(self.run(self.desk.answer(escalation_id, line)))
        self.question_screen(escalation_id)

    def kb_screen(self, escalation_id: int) -> None:
        from bot.dialogue.citizen_quote import shorten

        e = self.run(self.desk.get(escalation_id))
        if e is None:
            self.question_screen(escalation_id)
            return
        choices = self.run(self.desk.kb_choices(escalation_id))
        self.say(texts.VOL_KB_MENU.format(id=e.id, question=shorten(
            self.desk_question(e), 500)))
        rows: list[list[Choice] | str] = [[(title, self._proposer(e.id, pid))] for pid, title in choices]
        rows.append([(texts.BTN_KB_AS_FAQ, self._proposer(e.id, None))])
        rows.append([(texts.BTN_KB_CANCEL, lambda: self._cancel_kb(e.id))])
        self.offer(rows)

    def desk_question(self, e: Any) -> str:
        from bot.cli.desk import printable
        from bot.dialogue.handoff import for_volunteers

        return printable(for_volunteers(e.question), one_line=True)

    def _proposer(self, escalation_id: int, procedure: str | None) -> Callable[[], None]:
        def propose() -> None:
            self._done(self.run(self.desk.suggest(escalation_id, procedure, faq=procedure is None)))
            self.question_screen(escalation_id)
        return propose

    def _cancel_kb(self, escalation_id: int) -> None:
        self.say(texts.VOL_KB_CANCELLED)
        self.say()
        self.question_screen(escalation_id)
