"""The staff commands of `dvcbot`: stats, unresolved, suggestions, poster (parsers in bot.cli.main).

Each reads the same database (DVCBOT_DATABASE_URL) and knowledge base (DVCBOT_KNOWLEDGE or
--knowledge) as the bot. Output is Vietnamese (bot.dialogue.texts); exit codes as in bot.cli.main: 0 done,
1 invalid input (unknown procedure or suggestion, an edit the knowledge base refuses),
2 usage or configuration errors (a date that does not parse, a database that cannot be opened).
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import re
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from bot.config import Config
from bot.dialogue import texts
from bot.reports.stats import days_ago, local_midnight

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
T = TypeVar("T")
_RELATIVE = re.compile(r"^\s*(\d{1,4})\s*d\s*$", re.I)


class UsageError(Exception):
    pass


def parse_since(value: str | None, tz: str) -> datetime | None:
    """--since: "2026-11-01" (local midnight), "2026-11-01T08:00" (local time unless it has
    an offset), or "7d" (the last 7 days, today included). None: all time."""
    if value is None:
        return None
    m = _RELATIVE.match(value)
    if m:
        return days_ago(int(m.group(1)), tz)
    text = value.strip()
    try:
        if len(text) == 10:
            return local_midnight(datetime.strptime(text, "%Y-%m-%d").date(), tz)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(texts.BAD_SINCE.format(value=value)) from None
    if moment.tzinfo is None:
        from zoneinfo import ZoneInfo

        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return moment.astimezone(UTC)


def _with_storage(config: Config, work: Callable[[Any], Awaitable[T]]) -> T:
    """Open the database, run `work(storage)`, close. SystemExit(2) when it cannot be opened."""
    from bot.storage import Storage

    async def go() -> T:
        try:
            storage = await Storage.open(config.database_url)
        except Exception as exc:  # noqa: BLE001 - reported, not a crash
            print(texts.CHAT_NO_DATABASE.format(url=config.database_url, error=exc), file=sys.stderr)
            raise SystemExit(EXIT_USAGE) from None
        try:
            return await work(storage)
        finally:
            await storage.close()

    return asyncio.run(go())


def _knowledge_path(args: argparse.Namespace, config: Config) -> str:
    return getattr(args, "knowledge", None) or config.knowledge


def _try_load(path: str, max_bytes: int):
    """The knowledge base, or None when it does not load (titles are then left out)."""
    from knowledge.loader import KnowledgeError, load_knowledge

    try:
        return load_knowledge(path, max_bytes=max_bytes)
    except (KnowledgeError, OSError):
        return None


# -- dvcbot stats --------------------------------------------------------------------------

def run_stats(args: argparse.Namespace, config: Config) -> int:
    """The summary on stdout; with `--csv -` the CSV alone is on stdout and the summary goes
    to stderr (so that `dvcbot stats --csv - > figures.csv` gives a clean file)."""
    from bot.reports.stats import compute_stats, guide_step_labels, guide_steps

    try:
        since = parse_since(args.since, config.timezone)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    kb = _try_load(_knowledge_path(args, config), config.knowledge_max_bytes)
    guides = guide_steps(kb) if kb else None
    stats = _with_storage(config, lambda storage: compute_stats(storage, since, tz=config.timezone,
                                                                guides=guides))
    titles = {p.id: p.title for p in kb.procedures} if kb else {}
    summary = stats.as_text(titles, guide_step_labels(kb) if kb else None)
    if args.csv == "-":
        print(summary, file=sys.stderr)
        csv.writer(sys.stdout).writerows(stats.rows())
        return EXIT_OK
    print(summary)
    if args.csv:
        with open(args.csv, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(stats.rows())
    return EXIT_OK


# -- dvcbot unresolved -----------------------------------------------------------------------

def run_unresolved(args: argparse.Namespace, config: Config) -> int:
    from bot.reports.stats import Stats, unresolved_questions
    from knowledge.gibberish import known_words, looks_like_gibberish
    from knowledge.grouping import group_similar
    from knowledge.normalise import Vocabulary

    try:
        since = parse_since(args.since, config.timezone)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    now = datetime.now(UTC)
    kb = _try_load(_knowledge_path(args, config), config.knowledge_max_bytes)
    vocabulary = Vocabulary.builtin().extended(kb.vocabulary) if kb else Vocabulary.builtin()
    # Keyboard mashing the matcher logged as "none" is not a question to answer.
    known = vocabulary.known_words() | (
        known_words(ph for p in kb.procedures for ph in p.phrasings) if kb else frozenset())

    def noise(text: str) -> bool:
        return looks_like_gibberish(text, known)

    rows = _with_storage(config, lambda storage: unresolved_questions(storage, since, now, noise=noise))
    period = Stats(since=since, until=now, timezone=config.timezone).period_text()
    if not rows:
        print(texts.UNRESOLVED_NONE.format(period=period))
        return EXIT_OK
    groups = group_similar(rows, vocabulary=vocabulary)
    print(texts.UNRESOLVED_HEADER.format(period=period, n=sum(n for _, n in rows), groups=len(groups)))
    for group in groups[: args.limit] if args.limit else groups:
        print(texts.UNRESOLVED_ITEM.format(count=group.count, text=group.representative))
        for example in [e for e in group.examples if e != group.representative][: args.examples]:
            print(texts.UNRESOLVED_EXAMPLE.format(text=example))
    return EXIT_OK


# -- dvcbot suggestions ----------------------------------------------------------------------

def run_suggestions(args: argparse.Namespace, config: Config) -> int:
    action = args.action or "list"
    if action == "list":
        return _list_suggestions(config, show_all=args.all)
    if args.id is None:
        print(f"dvcbot suggestions {action}: ID?", file=sys.stderr)
        return EXIT_USAGE
    if action == "reject":
        return _reject(config, args.id)
    return _apply(args, config, args.id)


def _list_suggestions(config: Config, show_all: bool) -> int:
    suggestions = _with_storage(config, lambda s: s.list_suggestions(None if show_all else "proposed"))
    if not suggestions:
        print(texts.SUGGESTIONS_NONE)
        return EXIT_OK
    for s in suggestions:
        print(_describe(s, show_status=show_all))
    return EXIT_OK


def _describe(s, show_status: bool = False) -> str:
    by = texts.SUGGESTION_BY.format(by=s.proposed_by) if s.proposed_by else ""
    kind = texts.SUGGESTION_KIND.get(s.kind, s.kind)
    if show_status:
        kind = f"{kind}, {texts.SUGGESTION_STATUS.get(s.status, s.status)}"
    created = s.created_at.astimezone(UTC).strftime("%d/%m/%Y") if s.created_at else ""
    lines = [texts.SUGGESTION_LINE.format(id=s.id, kind=kind, procedure=s.procedure or texts.SUGGESTION_NO_PROCEDURE,
                                          date=created, by=by),
             texts.SUGGESTION_QUESTION.format(text=_one_line(s.question))]
    if s.answer:
        lines.append(texts.SUGGESTION_ANSWER.format(text=_one_line(s.answer)))
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _find(config: Config, suggestion_id: int):
    async def work(storage):
        for s in await storage.list_suggestions(None):
            if s.id == suggestion_id:
                return s
        return None

    return _with_storage(config, work)


def _reject(config: Config, suggestion_id: int) -> int:
    s = _find(config, suggestion_id)
    if s is None:
        print(texts.SUGGESTION_NOT_FOUND.format(id=suggestion_id), file=sys.stderr)
        return EXIT_INVALID
    if s.status != "proposed" or not _with_storage(config, lambda st: st.decide_suggestion(s.id, "rejected")):
        print(texts.SUGGESTION_DECIDED.format(id=s.id, status=texts.SUGGESTION_STATUS.get(s.status, s.status)),
              file=sys.stderr)
        return EXIT_INVALID
    print(texts.SUGGESTION_REJECTED.format(id=s.id))
    return EXIT_OK


def _apply(args: argparse.Namespace, config: Config, suggestion_id: int) -> int:
    from knowledge import editing
    from knowledge.loader import check_file

    s = _find(config, suggestion_id)
    if s is None:
        print(texts.SUGGESTION_NOT_FOUND.format(id=suggestion_id), file=sys.stderr)
        return EXIT_INVALID
    if s.status != "proposed":
        print(texts.SUGGESTION_DECIDED.format(id=s.id, status=texts.SUGGESTION_STATUS.get(s.status, s.status)),
              file=sys.stderr)
        return EXIT_INVALID
    procedure = args.procedure or s.procedure
    if not procedure:
        print(texts.SUGGESTION_NEEDS_PROCEDURE.format(id=s.id), file=sys.stderr)
        return EXIT_INVALID
    path = _knowledge_path(args, config)
    if s.kind == "faq":
        if not (s.answer or "").strip():
            print(texts.SUGGESTION_NEEDS_ANSWER.format(id=s.id), file=sys.stderr)
            return EXIT_INVALID
        result = editing.add_faq(path, procedure, s.question, s.answer)
    else:
        result = editing.add_question(path, procedure, s.question)
    problems = (list(result.problems) if not result.ok
                else [str(p) for p in check_file(path, max_bytes=config.knowledge_max_bytes)])
    if problems:
        print(texts.SUGGESTION_APPLY_FAILED.format(id=s.id, path=path), file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    _with_storage(config, lambda st: st.decide_suggestion(s.id, "applied"))
    print(texts.SUGGESTION_APPLIED.format(id=s.id, path=path, procedure=procedure))
    return EXIT_OK


# -- dvcbot poster ---------------------------------------------------------------------------

def run_poster(args: argparse.Namespace, config: Config) -> int:
    from bot.reports.poster import deep_link, make_poster
    from knowledge.loader import KnowledgeError, load_knowledge

    try:
        kb = load_knowledge(_knowledge_path(args, config), max_bytes=config.knowledge_max_bytes)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"{_knowledge_path(args, config)}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    procedure = kb.get(args.procedure)
    if procedure is None:
        print(texts.POSTER_UNKNOWN.format(id=args.procedure), file=sys.stderr)
        similar = similar_ids(args.procedure, kb)
        if similar:
            print(texts.POSTER_SIMILAR.format(ids=", ".join(similar)), file=sys.stderr)
        return EXIT_INVALID
    out = Path(args.out or f"{procedure.id}.png")
    if out.suffix.lower() not in (".png", ".pdf"):
        print(texts.POSTER_BAD_FORMAT.format(path=out), file=sys.stderr)
        return EXIT_USAGE
    username = _bot_username(args, config)
    if username is None:
        return EXIT_USAGE
    try:
        link = deep_link(username, procedure.id)
    except ValueError:  # --username is not a username (the variable was checked at start)
        print(texts.POSTER_BAD_USERNAME.format(name=username), file=sys.stderr)
        return EXIT_USAGE
    make_poster(procedure, link, out)
    print(texts.POSTER_WRITTEN.format(path=out, title=procedure.title, link=link))
    return EXIT_OK


def _bot_username(args: argparse.Namespace, config: Config) -> str | None:
    """--username, else DVCBOT_BOT_USERNAME, else getMe with the token; None (said why) when
    none of them gives one: a poster pointing at someone else's bot is worse than none."""
    if getattr(args, "username", None):
        return str(args.username)
    if config.bot_username:
        return config.bot_username
    if not config.telegram_token:
        print(texts.POSTER_NO_USERNAME, file=sys.stderr)
        return None

    async def get_me() -> str | None:
        from telegram import Bot

        bot = (Bot(config.telegram_token, base_url=config.telegram_api_url) if config.telegram_api_url
               else Bot(config.telegram_token))
        async with bot:  # (initialize = getMe)
            return bot.username

    from telegram.error import TelegramError

    try:
        name = asyncio.run(get_me())
    except TelegramError as exc:  # rejected token, Bot API unreachable
        error = str(exc).replace(config.telegram_token, "<token>")
        print(texts.POSTER_GETME_FAILED.format(error=error), file=sys.stderr)
        return None
    if not name:
        print(texts.POSTER_NO_USERNAME, file=sys.stderr)
        return None
    print(texts.POSTER_USERNAME_FROM_TELEGRAM.format(name=name), file=sys.stderr)
    return name


def similar_ids(wanted: str, kb, limit: int = 5) -> list[str]:
    """Procedure ids resembling `wanted` (as an id or as words of a title), best first."""
    from rapidfuzz import fuzz, process

    from knowledge.normalise import fold

    choices = {p.id: f"{p.id} {fold(p.title)}" for p in kb.procedures}
    query = fold(wanted.replace("-", " "))
    found = process.extract(query, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
    return [pid for _, _, pid in found]


__all__ = ["parse_since", "run_poster", "run_stats", "run_suggestions", "run_unresolved", "similar_ids"]
