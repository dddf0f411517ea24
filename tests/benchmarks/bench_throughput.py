"""Throughput benchmark of the whole Telegram Application: prints JSON figures, it is not a test.

    .venv/bin/python tests/benchmarks/bench_throughput.py [--updates N] [--postgres URL]
        [--citizens 200] [--concurrency 16] [--no-postgres] [--no-instances] [--profile]

Measures, in one run, the main process pinned to one core:
- updates/s through `Application.process_update` (Update.de_json included; the recording
  FakeBotApi of tests/helpers/fake_telegram.py as the transport; real Engine, Matcher, Storage) for
    questions  citizens' messages, texts of tests/data/dev-questions.yaml and
               tests/data/labelled-questions.yaml, N citizens cycling;
    buttons    walkthrough presses (Tiếp, Quay lại, a step's choices), the callback data taken
               from the reply_markup the bot last sent or edited, as a Telegram client would;
  on SQLite (a file in a temporary directory) and on PostgreSQL (a database created for the
  run on the server at --postgres and dropped after; skipped with a note if unreachable);
  each fed sequentially (one process_update awaited at a time) and concurrently (batches of
  --concurrency updates of distinct citizens under asyncio.gather, as concurrent_updates or a
  webhook server would run them);
- the same for a bare python-telegram-bot echo Application (MessageHandler replying the same
  text; for buttons, a CallbackQueryHandler answering the query and editing the message), and
  the cost factor  echo updates/s / ours updates/s  (the issue's target: <= 3);
- the same for a bare Application that sends *our* replies (the texts and keyboards ours sent
  in its sequential SQLite phases, replayed in turn: `same_replies`), with no matching, engine or
  database: what python-telegram-bot itself costs for replies of that size, so that
  `own_ms_per_update` (ours minus that, per update) is the time of dvcbot's own work;
- p50/p99 latency per update (from de_json to the end of process_update), peak memory
  (max RSS of the process; tracemalloc peak of a traced pass of 500 updates, which includes
  the fake transport's record of the last 3 bot messages per chat, mostly card texts);
- two instances on PostgreSQL: two processes (spawned, each pinned to its own core when two
  are available) with their own Application on one database, distinct citizens, started
  together on a barrier; aggregate updates/s against the same child run alone. Also the CPU
  the PostgreSQL server used, since on a small machine it shares the cores with the instances.
Throughput is updates / time spent inside the measured calls; the fake client's work (building
updates, finding the button to press, checking replies) is outside the clock, and so is a full
garbage collection before each phase (see run_phase). Our figures are
with the per-citizen and outbound rate limits off (NO_LIMITS: the cost of handling, not
Telegram's pace); `sqlite_default_limits` shows sequential questions with the default Config,
where the outbound limiter paces sends at 30 a second.
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import itertools
import json
import multiprocessing as mp
import os
import platform
import pstats
import random
import resource
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import telegram  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters  # noqa: E402

from bot.config import Config  # noqa: E402
from bot.dialogue import texts  # noqa: E402
from bot.dialogue.live_knowledge import LiveKnowledge  # noqa: E402
from bot.storage import Storage  # noqa: E402
from bot.telegram.app import build_application  # noqa: E402
from bot.telegram.messages import NO_PREVIEW, keyboard  # noqa: E402
from helpers import KB_PATH  # noqa: E402
from helpers.fake_telegram import FAKE_TOKEN, FakeBotApi, buttons_of, message_json, private_chat_json, user_json  # noqa: E402
from knowledge.evaluation import load_cases  # noqa: E402

# The cost of handling updates, not Telegram's limits: the per-citizen rate limit would silence
# the benchmark's citizens and the outbound rate limiter would pace every send at 30 a second.
NO_LIMITS = dict(rate_burst=0, outbound_rate_limit=0, max_escalations_per_day=0)

QUESTION_FILES = [REPO / "tests" / "data" / "dev-questions.yaml",
                  REPO / "tests" / "data" / "labelled-questions.yaml"]
DEFAULT_POSTGRES = os.environ.get("DVCBOT_TEST_POSTGRES_URL",
                                  "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
GUIDES = ("chu-ky-so-ca-nhan", "nop-ho-so-truc-tuyen")
BAD_REPLIES = {texts.ERROR: "error", texts.BUSY: "busy", texts.STALE_BUTTON: "stale"}
STALE_IN_GUIDE = texts.STALE_BUTTON_IN_GUIDE.split("{", 1)[0]
TRACED_UPDATES = 500
SCRIPT_UPDATES = 500  # replies of ours recorded per kind for the same-replies application


# --- figures ----------------------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _status_mb(field: str) -> float | None:
    """A kB field of /proc/self/status in MiB (None where there is no /proc)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def rss_mb() -> float:
    """Current resident set size of this process (MiB)."""
    current = _status_mb("VmRSS")
    return -1.0 if current is None else current


def load() -> dict[str, Any]:
    """Load average and CPU pressure (PSI): how much else was running."""
    out: dict[str, Any] = {"load_average": [round(x, 2) for x in os.getloadavg()]}
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0].split()
        out["cpu_pressure_some_avg60"] = float(some[2].split("=")[1])
    except (OSError, IndexError, ValueError):
        pass
    return out


def max_rss_mb() -> float:
    """Peak resident set size of this process (MiB): VmHWM, since ru_maxrss survives exec and
    a spawned child would report its parent's peak."""
    peak = _status_mb("VmHWM")
    return peak if peak is not None else round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def machine_cpu() -> dict[str, Any]:
    """Jiffies: busy/total of the whole machine, and per process of the PostgreSQL server."""
    out: dict[str, Any] = {"busy": 0.0, "total": 0.0, "postgres": {}}
    try:
        fields = [float(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        out["total"], out["busy"] = sum(fields[:8]), sum(fields[:8]) - idle
    except (OSError, IndexError, ValueError):
        pass
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        name, rest = stat[stat.find("(") + 1: stat.rfind(")")], stat[stat.rfind(")") + 2:].split()
        if name.startswith("postgres"):
            out["postgres"][pid] = float(rest[11]) + float(rest[12])  # utime, stime
    return out


def cpu_delta(before: dict[str, Any], after: dict[str, Any], seconds: float) -> dict[str, float]:
    """Machine busy fraction, and CPU used by PostgreSQL processes alive at the end (backends
    that exited meanwhile are not counted: a lower bound)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = after["total"] - before["total"]
    pg = sum(j - before["postgres"].get(pid, 0.0) for pid, j in after["postgres"].items()) / tick
    return {"machine_busy_fraction": round((after["busy"] - before["busy"]) / total, 3) if total else -1,
            "postgres_cpu_s": round(pg, 2),
            "postgres_cores_used": round(pg / seconds, 2) if seconds else -1}


# --- the fake citizens ------------------------------------------------------------------------------
class Citizens:
    """A population of citizens in private chats with one Application, making Bot API updates.

    `question(uid)` types a question; `press(uid)` presses a walkthrough button of the bot's
    newest message with buttons in that chat (as it looks now, after edits).
    """

    def __init__(self, api: FakeBotApi, base: int, count: int, update_ids: itertools.count,
                 questions: list[str], seed: int):
        self.api = api
        self.ids = [base + i for i in range(count)]
        self.update_ids = update_ids
        self.questions = questions
        self.rng = random.Random(seed)
        self._cursor = 0
        self.pressed: Counter[str] = Counter()

    def next_batch(self, k: int) -> list[int]:
        """k distinct citizens, cycling through the population."""
        out = [self.ids[(self._cursor + i) % len(self.ids)] for i in range(k)]
        self._cursor = (self._cursor + k) % len(self.ids)
        return out

    def message(self, uid: int, text: str) -> dict:
        chat = private_chat_json(uid, "Lan")
        msg = message_json(chat, user_json(uid, "Lan"), self.api.next_message_id(uid), text)
        return {"update_id": next(self.update_ids), "message": msg}

    def question(self, uid: int) -> dict:
        return self.message(uid, self.rng.choice(self.questions))

    def start_guide(self, uid: int) -> dict:
        return self.message(uid, f"/start guide-{GUIDES[uid % len(GUIDES)]}")

    def keyboard_message(self, uid: int) -> dict | None:
        for _, m in sorted(self.api.messages.get(uid, {}).items(), reverse=True):
            if any(b.get("callback_data", "").startswith("g:") for b in buttons_of(m)):
                return m
        return None

    def press(self, uid: int) -> dict | None:
        """A callback query for the walkthrough button a citizen would press now (None: no
        walkthrough on screen). Mostly "Tiếp", sometimes "Quay lại", a step's choices; never
        "Xong" (the walkthrough goes on; "Quay lại" instead)."""
        message = self.keyboard_message(uid)
        if message is None:
            return None
        by_cmd: dict[str, list[dict]] = {}
        for b in buttons_of(message):
            parts = b.get("callback_data", "").split(":")
            if parts[0] == "g" and len(parts) >= 3:
                cmd = "finish" if parts[2] == "next" and b["text"] == texts.BTN_FINISH else parts[2]
                by_cmd.setdefault(cmd, []).append(b)
        if by_cmd.get("back") and (self.rng.random() < 0.3 or not (by_cmd.get("next") or by_cmd.get("c"))):
            button, kind = by_cmd["back"][0], "back"
        elif by_cmd.get("next"):
            button, kind = by_cmd["next"][0], "next"
        elif by_cmd.get("c"):
            button, kind = self.rng.choice(by_cmd["c"]), "choice"
        elif by_cmd.get("go"):
            button, kind = by_cmd["go"][0], "go"
        else:
            return None
        self.pressed[kind] += 1
        query = {"id": f"cq{uid}-{self.rng.getrandbits(40)}", "from": user_json(uid, "Lan"),
                 "chat_instance": f"ci{uid}", "data": button["callback_data"], "message": message}
        return {"update_id": next(self.update_ids), "callback_query": query}


def trim(api: FakeBotApi, keep: int = 3) -> None:
    """Forget old calls and messages so the recorder does not grow with the run."""
    api.calls.clear()
    for _chat, messages in api.messages.items():
        if len(messages) > keep:
            for mid in sorted(messages)[:-keep]:
                del messages[mid]


def check_replies(calls: list, chat_ids: list[int], problems: Counter) -> None:
    """Every update got a reply in its chat, and no reply is an error/busy/stale text."""
    answered = set()
    for call in calls:
        if call.method in ("sendMessage", "editMessageText") and call.result is not None:
            chat = int(call.params["chat_id"])
            answered.add(chat)
            text = call.params.get("text", "")
            if text in BAD_REPLIES:
                problems[BAD_REPLIES[text]] += 1
            elif text.startswith(STALE_IN_GUIDE):
                problems["stale_in_guide"] += 1
        elif call.result is None:
            problems[f"failed_{call.method}"] += 1
    problems["no_reply"] += sum(1 for c in chat_ids if c not in answered)


def reply_calls(calls: list) -> tuple:
    """The messages sent or edited for one update: (method, text, [[(label, data), ...], ...])."""
    out = []
    for call in calls:
        if call.method in ("sendMessage", "editMessageText") and call.result is not None:
            rows = [[(b["text"], b["callback_data"]) for b in row]
                    for row in (call.params.get("reply_markup") or {}).get("inline_keyboard", [])]
            out.append((call.method, call.params["text"], rows))
    return tuple(out)


async def process(app, data: dict) -> float:
    t0 = time.perf_counter()
    await app.process_update(Update.de_json(data, app.bot))
    return time.perf_counter() - t0


async def feed(app, data: dict) -> None:
    """Untimed (warm-up, set-up)."""
    await app.process_update(Update.de_json(data, app.bot))


async def run_phase(app, api: FakeBotApi, make: Callable[[int], dict | None], citizens: Citizens,
                    n: int, concurrency: int, postgres: bool = False, script: list | None = None) -> dict:
    """Feed n updates, `concurrency` at a time (distinct citizens); figures.

    `script` (sequential phases only): the replies to each update are appended to it, as
    (method, text, keyboard rows) tuples, up to SCRIPT_UPDATES updates.

    cpu_fraction: this process's CPU time / wall time (below 1: waiting for the database or
    for the CPU); machine_busy_fraction: all cores, all processes (others' load shows here).
    """
    latencies: list[float] = []
    inside = 0.0
    problems: Counter[str] = Counter()
    restarts = 0
    # A full collection of the whole heap (some 70 ms with the knowledge base loaded) falls in
    # whichever phase crosses the collector's threshold, deterministically for a given code,
    # and moved one phase's figure by 0.07 ms per update (as much as the changes measured):
    # collected here, off the clock, so that phases compare the handling itself.
    gc.collect()
    machine0, cpu0, wall0 = machine_cpu(), cpu_seconds(), time.perf_counter()
    while len(latencies) < n:
        k = min(concurrency, n - len(latencies))
        batch: list[tuple[int, dict]] = []
        for uid in citizens.next_batch(k):
            update = make(uid)
            if update is None:  # (buttons) no walkthrough on screen: start one, untimed
                restarts += 1
                await feed(app, citizens.start_guide(uid))
                update = make(uid)
                assert update is not None, "no walkthrough button after starting one"
            batch.append((uid, update))
        trim(api)
        t0 = time.perf_counter()
        if k == 1:
            latencies.append(await process(app, batch[0][1]))
        else:
            latencies.extend(await asyncio.gather(*(process(app, u) for _, u in batch)))
        inside += time.perf_counter() - t0
        check_replies(api.calls, [uid for uid, _ in batch], problems)
        if script is not None and k == 1 and len(script) < SCRIPT_UPDATES:
            script.append(reply_calls(api.calls))
    wall = time.perf_counter() - wall0
    cpu = cpu_seconds() - cpu0
    machine = cpu_delta(machine0, machine_cpu(), wall)
    if not postgres:
        machine = {"machine_busy_fraction": machine["machine_busy_fraction"]}
    out = {
        "updates": n,
        "updates_per_s": round(n / inside, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 3),
        "p99_ms": round(percentile(latencies, 99) * 1000, 3),
        "mean_ms": round(sum(latencies) / n * 1000, 3),
        "seconds": round(inside, 3),
        "cpu_fraction": round(cpu / wall, 3) if wall else -1,
        **machine,
        "problems": {k: v for k, v in problems.items() if v},
    }
    if restarts:
        out["untimed_walkthrough_restarts"] = restarts
    return out


# --- the applications -------------------------------------------------------------------------------
def echo_application(api: FakeBotApi):
    app = ApplicationBuilder().token(FAKE_TOKEN).request(api).get_updates_request(api).build()

    async def echo(update, context) -> None:
        await update.message.reply_text(update.message.text)

    async def echo_button(update, context) -> None:
        query = update.callback_query
        await query.answer()
        await query.edit_message_text(query.data)

    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(echo_button))
    return app


def same_replies_application(api: FakeBotApi, scripts: dict[str, list[tuple]]):
    """A bare Application answering with ours' recorded replies, in turn (see the docstring);
    keyboards are built per reply, as ours does."""
    app = ApplicationBuilder().token(FAKE_TOKEN).request(api).get_updates_request(api).build()
    turns = {kind: itertools.cycle(script) for kind, script in scripts.items()}

    async def send(bot, chat_id: int, edit_id: int | None, replies: tuple) -> None:
        for method, text, rows in replies:
            if method == "editMessageText" and edit_id is not None:
                await bot.edit_message_text(text=text, chat_id=chat_id, message_id=edit_id,
                                            reply_markup=keyboard(rows), link_preview_options=NO_PREVIEW)
                edit_id = None
            else:
                await bot.send_message(chat_id=chat_id, text=text, reply_markup=keyboard(rows),
                                       link_preview_options=NO_PREVIEW)

    async def question(update, context) -> None:
        await send(context.bot, update.message.chat_id, None, next(turns["questions"]))

    async def button(update, context) -> None:
        query = update.callback_query
        await query.answer()
        await send(context.bot, query.message.chat.id, query.message.message_id, next(turns["buttons"]))

    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, question))
    app.add_handler(CallbackQueryHandler(button))
    return app


class EchoCitizens(Citizens):
    """For the echo bot: questions as for ours; presses on a fixed bot message with a keyboard."""

    def press(self, uid: int) -> dict | None:
        message = {"message_id": 1, "date": int(time.time()), "chat": private_chat_json(uid, "Lan"),
                   "from": {"id": 424242, "is_bot": True, "first_name": "echo"}, "text": "Bước 1",
                   "reply_markup": {"inline_keyboard": [[{"text": "Tiếp", "callback_data": "g:abcd:next"}]]}}
        query = {"id": f"cq{uid}-{self.rng.getrandbits(40)}", "from": user_json(uid, "Lan"),
                 "chat_instance": f"ci{uid}", "data": "g:abcd:next", "message": message}
        return {"update_id": next(self.update_ids), "callback_query": query}


MODES = (("sequential", 1), ("concurrent", None))


async def suite(app, api: FakeBotApi, questions: list[str], args, citizen_base: int,
                update_ids: itertools.count, echo: bool = False, kinds=("questions", "buttons"),
                profile: dict | None = None, postgres: bool = False,
                scripts: dict[str, list] | None = None) -> dict:
    """Warm up, then every kind x mode. `app` is initialised by the caller. `scripts`: the
    sequential phases' replies are recorded there per kind (see run_phase)."""
    cls = EchoCitizens if echo else Citizens
    asking = cls(api, citizen_base, args.citizens, update_ids, questions, seed=citizen_base)
    pressing = cls(api, citizen_base + 100_000, args.citizens, update_ids, questions, seed=citizen_base + 1)
    # Warm-up: every citizen asks once and starts a walkthrough (session rows exist), a few more.
    for uid in asking.ids:
        await feed(app, asking.question(uid))
    if not echo:
        for uid in pressing.ids:
            await feed(app, pressing.start_guide(uid))
    for _ in range(args.warmup):
        await feed(app, asking.question(asking.next_batch(1)[0]))
        uid = pressing.next_batch(1)[0]
        update = pressing.press(uid)
        if update is not None:
            await feed(app, update)
    trim(api)
    pressing.pressed.clear()
    out: dict[str, Any] = {}
    for kind in kinds:
        citizens, make = (asking, asking.question) if kind == "questions" else (pressing, pressing.press)
        out[kind] = {}
        for mode, conc in MODES:
            conc = conc or args.concurrency
            label = mode if conc == 1 else f"{mode}_{conc}"
            prof = cProfile.Profile() if profile is not None and conc == 1 else None
            if prof:
                prof.enable()
            script = scripts.setdefault(kind, []) if scripts is not None and conc == 1 else None
            out[kind][label] = await run_phase(app, api, make, citizens, args.updates, conc, postgres, script)
            if prof:
                prof.disable()
                profile[kind] = prof
        if kind == "buttons" and not echo:
            out[kind]["pressed"] = dict(pressing.pressed)
    return out


async def ours_suite(url: str, knowledge: LiveKnowledge, questions: list[str], args,
                     citizen_base: int, update_ids: itertools.count, profile: dict | None = None,
                     scripts: dict[str, list] | None = None) -> dict:
    storage = await Storage.open(url)
    try:
        api = FakeBotApi()
        app = build_application(Config(telegram_token=FAKE_TOKEN, database_url=url, **NO_LIMITS), storage, knowledge,
                                request=api, get_updates_request=api)
        await app.initialize()
        try:
            result = await suite(app, api, questions, args, citizen_base, update_ids, profile=profile,
                                 postgres=storage.dialect == "postgresql", scripts=scripts)
        finally:
            await app.shutdown()
        result["rows"] = await row_counts(storage)
        return result
    finally:
        await storage.close()


async def as_configured(url: str, knowledge: LiveKnowledge, questions: list[str], args,
                        update_ids: itertools.count) -> dict:
    """Sequential questions with the default Config limits (outbound limiter on)."""
    config = Config(telegram_token=FAKE_TOKEN, database_url=url)
    storage = await Storage.open(url)
    try:
        api = FakeBotApi()
        app = build_application(config, storage, knowledge, request=api, get_updates_request=api)
        await app.initialize()
        try:
            # Citizens well within the per-citizen limit: 200 citizens at 30 a second is 9 a minute each.
            citizens = Citizens(api, 4_000_000, max(args.citizens, 200), update_ids, questions, seed=4)
            for _ in range(60):
                await feed(app, citizens.question(citizens.next_batch(1)[0]))
            trim(api)
            out = await run_phase(app, api, citizens.question, citizens, min(300, args.updates), 1)
        finally:
            await app.shutdown()
        return {"outbound_rate_limit_per_s": config.outbound_rate_limit,
                "rate_per_minute_per_citizen": config.rate_per_minute, "questions_sequential": out}
    finally:
        await storage.close()


async def row_counts(storage: Storage) -> dict[str, int]:
    import sqlalchemy as sa

    from bot.storage import tables

    out = {}
    async with storage.engine.connect() as conn:
        for t in (tables.sessions, tables.questions, tables.processed_updates):
            out[t.name] = int((await conn.execute(sa.select(sa.func.count()).select_from(t))).scalar_one())
    return out


async def traced_pass(make_app, questions: list[str], base: int, update_ids: itertools.count,
                      n: int, args) -> dict:
    """tracemalloc peak of n sequential questions (after a warm-up), on a fresh application."""
    app, api, close = await make_app()
    try:
        citizens = Citizens(api, base, args.citizens, update_ids, questions, seed=base)
        for uid in citizens.ids:
            await feed(app, citizens.question(uid))
        trim(api)
        tracemalloc.start()
        start, _ = tracemalloc.get_traced_memory()
        for _ in range(n):
            await feed(app, citizens.question(citizens.next_batch(1)[0]))
            if len(api.calls) > 200:
                trim(api)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {"updates": n, "tracemalloc_peak_mb": round(peak / 2**20, 2),
                "tracemalloc_retained_mb": round((current - start) / 2**20, 2)}
    finally:
        await close()


# --- PostgreSQL ---------------------------------------------------------------------------------------
def admin_dsn(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def pg_admin(url: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_dsn(url), timeout=10)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def create_pg_database(url: str) -> str:
    from sqlalchemy.engine import make_url

    name = f"dvcbot_bench_{uuid.uuid4().hex[:12]}"
    await pg_admin(url, f'CREATE DATABASE "{name}"')
    return make_url(url).set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)


async def drop_pg_database(admin_url: str, db_url: str) -> None:
    from sqlalchemy.engine import make_url

    name = make_url(db_url).database
    await pg_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- several instances -----------------------------------------------------------------------------
def instance_main(index: int, core: int | None, url: str, params: dict, barrier, queue) -> None:
    """One `dvcbot` instance in its own process (spawned), reporting each phase to `queue`."""
    try:
        if core is not None:
            os.sched_setaffinity(0, {core})
        asyncio.run(_instance(index, url, params, barrier, queue))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        barrier.abort()
        queue.put({"index": index, "error": f"{type(exc).__name__}: {exc}"})
        raise


async def _instance(index: int, url: str, params: dict, barrier, queue) -> None:
    args = argparse.Namespace(**params["args"])
    knowledge = LiveKnowledge.load(KB_PATH)
    storage = await Storage.open(url)  # several instances starting together: migrations are safe
    api = FakeBotApi()
    app = build_application(Config(telegram_token=FAKE_TOKEN, database_url=url, **NO_LIMITS), storage, knowledge,
                            request=api, get_updates_request=api)
    await app.initialize()
    update_ids = itertools.count(params["update_id_base"])
    base = params["citizen_base"]
    asking = Citizens(api, base, args.citizens, update_ids, params["questions"], seed=base)
    pressing = Citizens(api, base + 100_000, args.citizens, update_ids, params["questions"], seed=base + 1)
    for uid in asking.ids:
        await feed(app, asking.question(uid))
    for uid in pressing.ids:
        await feed(app, pressing.start_guide(uid))
    for _ in range(args.warmup):
        await feed(app, asking.question(asking.next_batch(1)[0]))
    trim(api)
    for phase in params["phases"]:
        kind, conc = phase["kind"], phase["concurrency"]
        citizens, make = (asking, asking.question) if kind == "questions" else (pressing, pressing.press)
        barrier.wait(timeout=600)
        t0 = time.monotonic()
        result = await run_phase(app, api, make, citizens, args.updates, conc, postgres=True)
        t1 = time.monotonic()
        queue.put({"index": index, "phase": phase["name"], "start": t0, "end": t1, "result": result})
    await app.shutdown()
    await storage.close()
    queue.put({"index": index, "done": True, "max_rss_mb": max_rss_mb()})


def run_instances(n_instances: int, cores: list[int], url: str, params: dict) -> dict:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(n_instances)
    queue = ctx.Queue()
    procs = []
    for i in range(n_instances):
        p_params = dict(params, citizen_base=params["citizen_base"] + i * 1_000_000,
                        update_id_base=params["update_id_base"] + i * 100_000_000)
        core = cores[i % len(cores)] if cores else None
        proc = ctx.Process(target=instance_main, args=(i, core, url, p_params, barrier, queue),
                           name=f"dvcbot-bench-{i}")
        proc.start()
        procs.append(proc)
    reports: list[dict] = []
    done = 0
    errors = []
    while done < n_instances:
        try:
            item = queue.get(timeout=900)
        except Exception:  # noqa: BLE001 - queue.Empty: a child hung
            errors.append("timed out waiting for an instance")
            break
        if "error" in item:
            errors.append(f"instance {item['index']}: {item['error']}")
            done += 1
        elif item.get("done"):
            done += 1
            reports.append(item)
        else:
            reports.append(item)
    for proc in procs:
        proc.join(timeout=60)
        if proc.is_alive():
            proc.terminate()
            proc.join()
    out: dict[str, Any] = {"instances": n_instances,
                           "cores": [cores[i % len(cores)] for i in range(n_instances)] if cores else None}
    if errors:
        out["errors"] = errors
    for phase in params["phases"]:
        items = [r for r in reports if r.get("phase") == phase["name"]]
        if len(items) != n_instances:
            continue
        start, end = min(r["start"] for r in items), max(r["end"] for r in items)
        total = sum(r["result"]["updates"] for r in items)
        items.sort(key=lambda r: r["index"])
        first = items[0]["result"]
        out[phase["name"]] = {
            "aggregate_updates_per_s": round(total / (end - start), 1),
            "per_instance_updates_per_s": [r["result"]["updates_per_s"] for r in items],
            "per_instance_cpu_fraction": [r["result"]["cpu_fraction"] for r in items],
            "p50_ms": [r["result"]["p50_ms"] for r in items],
            "p99_ms": [r["result"]["p99_ms"] for r in items],
            "problems": [r["result"]["problems"] for r in items],
            # machine-wide figures, seen from instance 0 during its phase
            "machine_busy_fraction": first["machine_busy_fraction"],
            "postgres_cores_used": first["postgres_cores_used"],
        }
    out["max_rss_mb"] = [r["max_rss_mb"] for r in sorted(reports, key=lambda r: r["index"]) if r.get("done")]
    return out


# --- main ---------------------------------------------------------------------------------------------
def ratios(ours: dict, echo: dict) -> dict:
    """Cost factor = echo updates/s / ours updates/s, per kind and mode (<= 3 is the target)."""
    out = {}
    for kind, modes in ours.items():
        if kind not in echo:
            continue
        for mode, fig in modes.items():
            if isinstance(fig, dict) and mode in echo[kind] and "updates_per_s" in fig:
                out[f"{kind}_{mode}"] = round(echo[kind][mode]["updates_per_s"] / fig["updates_per_s"], 2)
    return out


def own_ms(ours: dict, same: dict) -> dict:
    """Per kind and mode: ms per update of ours minus the same-replies application's, i.e.
    the time of dvcbot's own work (matching, engine, database) beyond python-telegram-bot's."""
    out = {}
    for kind, modes in same.items():
        for mode, fig in modes.items():
            mine = ours.get(kind, {}).get(mode)
            if isinstance(mine, dict) and "updates_per_s" in mine:
                out[f"{kind}_{mode}"] = round(1000 / mine["updates_per_s"] - 1000 / fig["updates_per_s"], 3)
    return out


def count_problems(node: Any) -> int:
    """Sum of all phases' problem counts in a result tree."""
    if isinstance(node, dict):
        total = 0
        for k, v in node.items():
            if k == "problems":  # {kind: count}, or one such dict per instance
                total += sum(sum(d.values()) for d in (v if isinstance(v, list) else [v]))
            else:
                total += count_problems(v)
        return total
    if isinstance(node, list):
        return sum(count_problems(v) for v in node)
    return 0


def profile_text(prof: cProfile.Profile, top: int) -> str:
    stream = io.StringIO()
    stats = pstats.Stats(prof, stream=stream)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return stream.getvalue()


async def main_async(args, questions: list[str], knowledge: LiveKnowledge, notes: list[str]) -> dict:
    result: dict[str, Any] = {}
    update_ids = itertools.count(10_000_000)

    # 1. The bare echo application, same transport, same run.
    api = FakeBotApi()
    echo = echo_application(api)
    await echo.initialize()
    result["echo"] = await suite(echo, api, questions, args, 500_000, update_ids, echo=True)
    await echo.shutdown()
    result["rss_mb_after_echo"] = rss_mb()

    # 2. Ours on SQLite.
    profiles: dict | None = {} if args.profile else None
    scripts: dict[str, list] = {}
    with tempfile.TemporaryDirectory(prefix="dvcbot-bench-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'dvcbot.sqlite3'}"
        result["sqlite"] = await ours_suite(url, knowledge, questions, args, 1_000_000, update_ids, profiles,
                                            scripts)
    result["sqlite"]["cost_factor_vs_echo"] = ratios(result["sqlite"], result["echo"])
    result["rss_mb_after_sqlite"] = rss_mb()

    # 2b. python-telegram-bot alone sending ours' replies (no matching, engine or database).
    api = FakeBotApi()
    same = same_replies_application(api, scripts)
    await same.initialize()
    result["same_replies"] = await suite(same, api, questions, args, 600_000, update_ids, echo=True)
    await same.shutdown()
    result["sqlite"]["cost_factor_vs_same_replies"] = ratios(result["sqlite"], result["same_replies"])
    result["sqlite"]["own_ms_per_update"] = own_ms(result["sqlite"], result["same_replies"])
    # As an operator would run it: the default limits, among them python-telegram-bot's
    # AIORateLimiter pacing sends at DVCBOT_OUTBOUND_RATE_LIMIT (30) a second per process.
    with tempfile.TemporaryDirectory(prefix="dvcbot-bench-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'dvcbot.sqlite3'}"
        result["sqlite_default_limits"] = await as_configured(url, knowledge, questions, args, update_ids)

    # 3. Ours on PostgreSQL (a database of its own, dropped after).
    pg_url = None
    if not args.no_postgres:
        try:
            pg_url = await create_pg_database(args.postgres)
        except Exception as exc:  # noqa: BLE001 - any failure: skipped with a note
            notes.append(f"PostgreSQL skipped: server unreachable at {args.postgres} ({type(exc).__name__}: {exc})")
    if pg_url:
        try:
            result["postgresql"] = await ours_suite(pg_url, knowledge, questions, args, 2_000_000, update_ids)
            result["postgresql"]["cost_factor_vs_echo"] = ratios(result["postgresql"], result["echo"])
            result["postgresql"]["own_ms_per_update"] = own_ms(result["postgresql"], result["same_replies"])
        except Exception:
            await drop_pg_database(args.postgres, pg_url)
            raise
        result["rss_mb_after_postgresql"] = rss_mb()

    # 4. Memory: traced passes (tracemalloc slows everything down: not during the timed phases).
    async def ours_app():
        tmp = tempfile.TemporaryDirectory(prefix="dvcbot-bench-")
        url = f"sqlite+aiosqlite:///{Path(tmp.name) / 'dvcbot.sqlite3'}"
        storage = await Storage.open(url)
        fake = FakeBotApi()
        app = build_application(Config(telegram_token=FAKE_TOKEN, database_url=url, **NO_LIMITS), storage, knowledge,
                                request=fake, get_updates_request=fake)
        await app.initialize()

        async def close():
            await app.shutdown()
            await storage.close()
            tmp.cleanup()
        return app, fake, close

    async def echo_app():
        fake = FakeBotApi()
        app = echo_application(fake)
        await app.initialize()
        return app, fake, app.shutdown

    n_traced = min(TRACED_UPDATES, args.updates)
    result["memory"] = {
        "ours_sqlite_questions": await traced_pass(ours_app, questions, 3_000_000, update_ids, n_traced, args),
        "echo_questions": await traced_pass(echo_app, questions, 3_500_000, update_ids, n_traced, args),
    }
    if profiles:
        for kind, prof in profiles.items():
            print(f"===== cProfile: ours on SQLite, {kind}, sequential =====", file=sys.stderr)
            print(profile_text(prof, args.profile_top), file=sys.stderr)
    result["_pg_url"] = pg_url
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--updates", type=int, default=2000, help="updates per measured phase")
    ap.add_argument("--citizens", type=int, default=200, help="distinct citizens (cycling)")
    ap.add_argument("--concurrency", type=int, default=16, help="updates per asyncio.gather batch")
    ap.add_argument("--warmup", type=int, default=300, help="warm-up updates before measuring")
    ap.add_argument("--postgres", default=DEFAULT_POSTGRES,
                    help="PostgreSQL server (admin database URL); a database is created there and dropped")
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--no-instances", action="store_true", help="skip the two-instance measurement")
    ap.add_argument("--profile", action="store_true", help="cProfile the sequential SQLite phases (stderr)")
    ap.add_argument("--profile-top", type=int, default=30)
    args = ap.parse_args()
    if args.concurrency < 2:
        ap.error("--concurrency must be at least 2 (the sequential figures are always measured)")

    available = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    main_core = available[0] if available else None
    if main_core is not None:
        os.sched_setaffinity(0, {main_core})  # one core

    questions = [c.q for f in QUESTION_FILES if f.exists() for c in load_cases(f)]
    if not questions:
        raise SystemExit("no question files found")
    knowledge = LiveKnowledge.load(KB_PATH)
    notes: list[str] = []
    result: dict[str, Any] = {
        "setup": {
            "updates_per_phase": args.updates, "citizens": args.citizens, "concurrency": args.concurrency,
            "warmup": args.warmup, "question_texts": len(questions), "procedures": len(knowledge.kb.procedures),
            "cores_available": len(available), "main_core": main_core,
            "python": platform.python_version(), "python_telegram_bot": telegram.__version__,
            "load_at_start": load(),
        }
    }
    if os.getloadavg()[0] > max(1, len(available)) * 0.5:
        notes.append("the machine was busy at the start (see setup.load_at_start): figures are low and noisy; "
                     "run again on a quiet machine")
    started = time.perf_counter()
    result.update(asyncio.run(main_async(args, questions, knowledge, notes)))
    pg_url = result.pop("_pg_url")

    if pg_url:
        try:
            if args.no_instances:
                notes.append("two-instance measurement skipped (--no-instances)")
            else:
                cores = available[:2]
                if len(cores) < 2:
                    notes.append("only one core available: both instances share it")
                phases = [{"name": "questions_sequential", "kind": "questions", "concurrency": 1},
                          {"name": f"questions_concurrent_{args.concurrency}", "kind": "questions",
                           "concurrency": args.concurrency},
                          {"name": "buttons_sequential", "kind": "buttons", "concurrency": 1},
                          {"name": f"buttons_concurrent_{args.concurrency}", "kind": "buttons",
                           "concurrency": args.concurrency}]
                params = {"args": vars(args), "questions": questions, "phases": phases}
                one = run_instances(1, cores[:1], pg_url, dict(params, citizen_base=10_000_000,
                                                               update_id_base=1_000_000_000))
                two = run_instances(2, cores, pg_url, dict(params, citizen_base=20_000_000,
                                                           update_id_base=2_000_000_000))
                scaling = {}
                for phase in phases:
                    name = phase["name"]
                    if name in one and name in two:
                        scaling[name] = round(two[name]["aggregate_updates_per_s"]
                                              / one[name]["aggregate_updates_per_s"], 2)
                result["postgresql_instances"] = {"one": one, "two": two, "two_over_one": scaling}
                if len(available) <= 2:
                    notes.append(
                        f"{len(available)} cores: the PostgreSQL server runs on the same cores as the "
                        "instances (see postgres_cores_used), so two instances cannot get two whole cores")
        finally:
            asyncio.run(drop_pg_database(args.postgres, pg_url))

    bad = count_problems(result)
    if bad:
        notes.insert(0, f"INVALID: {bad} replies were errors, busy or stale texts, or missing "
                        "(see the phases' problems); the figures do not measure normal handling")
    result["max_rss_mb"] = max_rss_mb()
    result["load_at_end"] = load()
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    result["targets"] = {"sqlite_updates_per_s": ">= 300", "cost_factor_vs_echo": "<= 3",
                         "two_instances_over_one": "close to 2"}
    result["notes"] = notes
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
