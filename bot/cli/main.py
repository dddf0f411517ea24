"""The `dvcbot` command: chat, run, check, ask, eval, the staff tools and the volunteers' desk.

Exit codes scripts can rely on: 0 success, 1 the input is invalid (a knowledge base with
problems, a labelled file that does not load), 2 usage or configuration errors (e.g. the
Telegram token is missing or rejected).
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import json
import sys

from bot.cli import volunteer as volunteer_cli
from bot.config import Config, ConfigError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
CONFIG_ERROR_HEADER = ("Cấu hình sai, chưa chạy được (sửa biến môi trường hoặc tệp .env):\n"
                       "Invalid configuration (fix the environment or the .env file):")


def _configure_stdio() -> None:
    # Citizens' Vietnamese must survive a C locale or a pipe.
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        if isinstance(stream, io.TextIOWrapper):  # (not when a test replaced it)
            with contextlib.suppress(ValueError):
                stream.reconfigure(encoding="utf-8", errors="replace")


def _load_or_report(path: str, max_bytes: int):
    """Load a knowledge base, printing its problems as FILE:LINE: message; None on failure."""
    from knowledge.loader import KnowledgeError, load_knowledge

    try:
        return load_knowledge(path, max_bytes=max_bytes)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return None


def cmd_check(args: argparse.Namespace, config: Config) -> int:
    from datetime import date

    from knowledge.loader import audit_file

    path = args.path or config.knowledge
    max_age = args.max_age_days if args.max_age_days is not None else config.review_max_days
    problems = audit_file(path, today=date.today(), max_review_age_days=max_age,
                          max_bytes=config.knowledge_max_bytes)
    for problem in problems:
        print(problem)
    errors = sum(not p.warning for p in problems)
    if errors:
        return EXIT_INVALID
    warnings = len(problems) - errors
    print(f"{path}: OK" + (f" ({warnings} cảnh báo)" if warnings else ""))
    return EXIT_OK


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"cần một số ngày (số nguyên không âm), không phải '{value}'")
    return days


def cmd_ask(args: argparse.Namespace, config: Config) -> int:
    from knowledge.matching import Matcher

    kb = _load_or_report(config.knowledge, config.knowledge_max_bytes)
    if kb is None:
        return EXIT_INVALID
    matcher = Matcher(kb)
    questions = [args.question] if args.question is not None else (line.rstrip("\r\n") for line in sys.stdin)
    for q in questions:
        route = matcher.route(q)
        if args.json:
            print(json.dumps(route.as_json(), ensure_ascii=False), flush=True)
        else:
            print(_describe(route, kb), flush=True)
    return EXIT_OK


def _describe(route, kb) -> str:
    def title(pid: str) -> str:
        p = kb.get(pid)
        return f"{pid} ({p.title})" if p else pid

    if route.decision == "answer":
        return f"{route.query!r} -> answer {title(route.procedure)} [score {route.score:.1f}]"
    if route.decision == "clarify":
        cands = ", ".join(title(c) for c in route.candidates)
        return f"{route.query!r} -> clarify: {cands} [score {route.score:.1f}]"
    why = {"small_talk": "small talk", "out_of_scope": f"out of scope ({route.out_of_scope})",
           "noise": "noise", "unknown": "no procedure"}.get(route.kind, route.kind)
    return f"{route.query!r} -> none: {why} [score {route.score:.1f}]"


def cmd_eval(args: argparse.Namespace, config: Config) -> int:
    from knowledge.evaluation import EvalError, evaluate, load_cases
    from knowledge.matching import Matcher

    kb = _load_or_report(config.knowledge, config.knowledge_max_bytes)
    if kb is None:
        return EXIT_INVALID
    try:
        report = evaluate(Matcher(kb), load_cases(args.file), known_ids={p.id for p in kb.procedures})
    except EvalError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(report.as_text())
    return EXIT_OK


def cmd_chat(args: argparse.Namespace, config: Config) -> int:
    from bot.cli.chat import run_chat

    return run_chat(config, user=args.user)


def cmd_run(args: argparse.Namespace, config: Config) -> int:
    from bot.telegram.run import run_bot

    return run_bot(config, webhook_url=args.webhook, listen=args.listen, port=args.port,
                   set_webhook=not args.no_set_webhook)


def cmd_stats(args: argparse.Namespace, config: Config) -> int:
    from bot.cli.staff import run_stats

    return run_stats(args, config)


def cmd_unresolved(args: argparse.Namespace, config: Config) -> int:
    from bot.cli.staff import run_unresolved

    return run_unresolved(args, config)


def cmd_suggestions(args: argparse.Namespace, config: Config) -> int:
    from bot.cli.staff import run_suggestions

    return run_suggestions(args, config)


def cmd_poster(args: argparse.Namespace, config: Config) -> int:
    from bot.cli.staff import run_poster

    return run_poster(args, config)


def _age(value: str):
    from bot.dialogue import texts
    from bot.storage.retention import parse_age

    try:
        return parse_age(value)
    except ValueError:
        raise argparse.ArgumentTypeError(texts.PURGE_BAD_DURATION.format(value=value)) from None


def cmd_purge(args: argparse.Namespace, config: Config) -> int:
    import asyncio
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from bot.dialogue import texts
    from bot.storage import Storage
    from bot.storage.ports import utcnow
    from bot.storage.retention import purge

    age = args.older_than if args.older_than is not None else timedelta(days=config.retention_days)
    cutoff = utcnow() - age
    close_days = config.answered_close_days
    close_before = utcnow() - timedelta(days=close_days) if close_days > 0 else None

    async def go() -> dict[str, int]:
        storage = await Storage.open(config.database_url)
        try:
            return await purge(storage, cutoff, close_answered_before=close_before)
        finally:
            await storage.close()

    try:
        counts = asyncio.run(go())
    except Exception as exc:  # noqa: BLE001 - reported, not a crash
        print(texts.CHAT_NO_DATABASE.format(url=config.database_url, error=exc), file=sys.stderr)
        return EXIT_USAGE
    local = cutoff.astimezone(ZoneInfo(config.timezone)).strftime("%Y-%m-%d %H:%M")
    print(texts.PURGE_HEADER.format(days=age.days, cutoff=local))
    for table, count in counts.items():
        print(texts.PURGE_LINE.format(label=texts.PURGE_LABELS.get(table, table), count=count))
    print(texts.PURGE_KEPT)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dvcbot",
        description="Trợ lý Dịch vụ công: a Telegram assistant for Vietnamese online public services.",
    )
    parser.add_argument("--knowledge", help="knowledge base file (default: $DVCBOT_KNOWLEDGE or procedures.yaml)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("chat", help="talk to the assistant in the terminal (no token needed)",
                       description="The assistant in the terminal: same engine and database as the bot. "
                       "Buttons are numbered; type the number to press one. Ctrl-D or /thoat quits.")
    p.add_argument("--user", default="local", help="who you are in the database (default: local)")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("run", help="run the Telegram bot",
                       description="Run the Telegram bot: long polling by default, or a webhook server "
                       "with --webhook for several instances sharing one database.")
    p.add_argument("--webhook", metavar="URL", help="public HTTPS URL Telegram should post updates to")
    p.add_argument("--listen", default="127.0.0.1", help="webhook server address (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="webhook server port (default 8080)")
    p.add_argument("--no-set-webhook", action="store_true",
                   help="do not call setWebhook at start (another instance does)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("check", help="validate a knowledge base",
                       description="Validate a knowledge base. Prints one line per problem as FILE:LINE: message "
                       "and exits 1 if there is any, including a time/fee/who/notes item whose valid_until has "
                       "passed. Entries not reviewed for more than N days are warnings "
                       "(FILE:LINE: cảnh báo: ...), exit 0.")
    p.add_argument("path", nargs="?", help="file to check (default: the configured knowledge base)")
    p.add_argument("--max-age-days", metavar="N", type=_days, default=None,
                   help="warn about entries whose `reviewed` date is more than N days old "
                   "(default: $DVCBOT_REVIEW_MAX_DAYS, or 180)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("ask", help="show how a message would be routed",
                       description="Show how the assistant would route a message: answer, clarify or none. "
                       "Without QUESTION, reads one message per line from stdin.")
    p.add_argument("question", nargs="?", help="the citizen's message")
    p.add_argument("--json", action="store_true", help="one JSON object per message (JSON Lines)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help="measure routing on labelled messages",
                       description="Route labelled messages (format of dev-questions.yaml) and print right / "
                       "wrong / clarified / missed rates, the out-of-scope rejection rate and the wrong cases.")
    p.add_argument("file", help="YAML file with `cases: [{q: ..., expect: [ids]}]`")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_eval)

    # Staff tools (bot/cli/staff.py).
    since_help = ("from this date: 2026-11-01 (local midnight, DVCBOT_TIMEZONE), 2026-11-01T08:00, "
                  "or 7d for the last 7 days; default: everything")
    p = sub.add_parser("stats", help="statistics for staff",
                       description="Statistics from the database: messages, citizens, answered / clarified / "
                       "unknown rates, top procedures, escalations opened / answered / median time to the "
                       "first answer / still open, feedback, and the walkthrough funnel (per guide step: "
                       "citizens who reached it, pressed \"Tôi bị vướng\" on it, left the guide there). "
                       "Printed in Vietnamese; --csv also writes them as CSV rows (metric,key,value; "
                       "guide_reached, guide_stuck, guide_left with key <procedure-id>:<step-id>).")
    p.add_argument("--since", metavar="DATE", help=since_help)
    p.add_argument("--csv", metavar="FILE", help="also write the figures to FILE as CSV ('-': the CSV alone "
                   "on stdout, the summary on stderr)")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("unresolved", help="questions the assistant could not answer",
                       description="The questions the assistant could not answer (no procedure found, or "
                       "handed to a volunteer; small talk, keyboard noise and the assistant's own notes such as "
                       "\"Vướng ở Bước 6\" left out), similar wordings grouped, "
                       "most frequent first: how many times, the most asked wording, other wordings.")
    p.add_argument("--since", metavar="DATE", help=since_help)
    p.add_argument("--limit", metavar="N", type=int, default=30, help="show the N largest groups (default 30; 0: all)")
    p.add_argument("--examples", metavar="N", type=int, default=2,
                   help="other wordings shown per group (default 2)")
    p.set_defaults(func=cmd_unresolved)

    p = sub.add_parser("suggestions", help="volunteers' proposals for the knowledge base",
                       description="Volunteers' proposals (\"Thêm vào kho\"): a sample question for a "
                       "procedure, or a new FAQ entry. `list` shows those waiting; `apply ID` writes one into "
                       "the knowledge base file (comments and order kept), checks the file and marks the "
                       "proposal applied; if the result would be invalid the file is left untouched and the "
                       "problems are printed (exit 1); `reject ID` drops one.")
    p.add_argument("action", nargs="?", choices=("list", "apply", "reject"), default="list",
                   help="list (default), apply or reject")
    p.add_argument("id", nargs="?", type=int, help="the proposal's number (apply, reject)")
    p.add_argument("--all", action="store_true", help="list: also applied and rejected proposals")
    p.add_argument("--procedure", metavar="ID", help="apply: add to this procedure instead of the proposed one")
    p.set_defaults(func=cmd_suggestions)

    p = sub.add_parser("poster", help="a printable poster with a QR code for a procedure",
                       description="Write an A4 poster (PNG, or PDF when FILE ends in .pdf) with the "
                       "procedure's title and a QR code of its deep link t.me/<DVCBOT_BOT_USERNAME>?start=<ID>, "
                       "for the counter and the notice board. An unknown ID exits 1 and lists similar ids. The bot's "
                       "username: --username, DVCBOT_BOT_USERNAME, or getMe with DVCBOT_TELEGRAM_TOKEN; "
                       "without any of them the poster is refused (exit 2).")
    p.add_argument("procedure", metavar="PROCEDURE-ID", help="the procedure's id, e.g. dang-ky-tam-tru")
    p.add_argument("--out", metavar="FILE", help="output file, .png or .pdf (default: PROCEDURE-ID.png)")
    p.add_argument("--username", metavar="NAME",
                   help="the bot's Telegram username for the QR code (default: $DVCBOT_BOT_USERNAME, "
                   "else asked from the Bot API with $DVCBOT_TELEGRAM_TOKEN; without either: exit 2)")
    p.set_defaults(func=cmd_poster)

    p = sub.add_parser("purge", help="forget citizens' old message texts (retention)",
                       description="Close answered escalations nobody wrote in for "
                       "$DVCBOT_ANSWERED_CLOSE_DAYS days (7), then empty every citizen text older than the "
                       "retention period, whatever the state of its escalation: question log texts, "
                       "feedback comments, texts kept in idle sessions, questions, contexts, messages and "
                       "files of escalations, the bot's sent messages. Rows, decisions, procedures and times "
                       "are kept, so statistics stay right. Old de-duplication records are deleted. Prints "
                       "how many rows were changed (in Vietnamese). Run it daily, e.g. from cron or a "
                       "systemd timer.")
    p.add_argument("--older-than", metavar="AGE", type=_age, default=None,
                   help="90d, 12w, 6m (30-day months), 1y or plain days; 0d purges everything up to now "
                   "(default: $DVCBOT_RETENTION_DAYS days, 90)")
    p.set_defaults(func=cmd_purge)
    volunteer_cli.add_parser(sub)  # dvcbot volunteer (bot/cli/volunteer.py)
    return parser


def main(argv: list[str] | None = None) -> int:
    _configure_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        config = Config.from_env()
    except ConfigError as exc:  # every malformed variable, before anything runs
        print(CONFIG_ERROR_HEADER, file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_USAGE
    if args.knowledge:
        config = dataclasses.replace(config, knowledge=args.knowledge)
    return int(args.func(args, config) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
