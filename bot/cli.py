"""The `dvcbot` command: chat, run, check, ask, eval and the staff tools.

Exit codes scripts can rely on: 0 success, 1 the input is invalid (a knowledge base with
problems, a labelled file that does not load), 2 usage or configuration errors (e.g. the
Telegram token is missing or rejected).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from bot.config import Config

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _configure_stdio() -> None:
    # Citizens' Vietnamese must survive a C locale or a pipe.
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def _load_or_report(path: str):
    """Load a knowledge base, printing its problems as FILE:LINE: message; None on failure."""
    from knowledge.loader import KnowledgeError, load_knowledge

    try:
        return load_knowledge(path)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return None


def cmd_check(args: argparse.Namespace, config: Config) -> int:
    from knowledge.loader import check_file

    path = args.path or config.knowledge
    problems = check_file(path)
    for problem in problems:
        print(problem)
    if problems:
        return EXIT_INVALID
    print(f"{path}: OK")
    return EXIT_OK


def cmd_ask(args: argparse.Namespace, config: Config) -> int:
    from knowledge.matching import Matcher

    kb = _load_or_report(config.knowledge)
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

    kb = _load_or_report(config.knowledge)
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
    from bot.chat import run_chat

    return run_chat(config, user=args.user)


def cmd_run(args: argparse.Namespace, config: Config) -> int:
    from bot.telegram_app import run_bot

    return run_bot(config, webhook_url=args.webhook, listen=args.listen, port=args.port)


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
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("check", help="validate a knowledge base",
                       description="Validate a knowledge base. Exit 0 if valid; else exit 1 and print one "
                       "line per problem as FILE:LINE: message.")
    p.add_argument("path", nargs="?", help="file to check (default: the configured knowledge base)")
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
    return parser


def main(argv: list[str] | None = None) -> int:
    _configure_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    config = Config.from_env()
    if args.knowledge:
        config = dataclasses.replace(config, knowledge=args.knowledge)
    return int(args.func(args, config) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
