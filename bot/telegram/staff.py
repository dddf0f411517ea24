"""Staff commands on Telegram, for the user ids in DVCBOT_STAFF_IDS (anyone else is refused politely).

    /thongke [N]   statistics of the last N days (default 7, today included) as text, then
                   the weekly summary picture (bot.reports.charts, with a funnel per walkthrough)
                   with sendPhoto
    /tailai        reload the knowledge base now: "N procedures in service", or the problems
                   as FILE:LINE: message while the previous version stays in service

Anyone else is refused, at the pace of the per-citizen rate limit (bot.telegram.limits, the adapter's
own limiter): a flood of /thongke from a stranger, in any chat, gets the slow-down notice once
and then nothing, like any other flood.

The reload job (bot.telegram.app, every 60 s) also reloads the file when it changes and
logs the outcome; a file with problems never replaces the working one (bot.dialogue.live_knowledge),
and the next /tailai shows its problems.

Facts whose `valid_until` has passed are no longer shown to citizens (bot.dialogue.cards). Staff are
told ONCE per expired fact and process, as `FILE:LINE: ...` lines, by whichever comes first:
/thongke, /tailai, or the job (`announce_expired`: a message to every DVCBOT_STAFF_IDS chat;
if none could be reached, the facts wait for the next /thongke or /tailai). Every time it is
told, it is also logged for the operator.

    staff = StaffCommands(config, storage, knowledge, limiter)   # bot.telegram.app registers
    staff.thongke, staff.tailai                                  # them in group 0, first
"""
from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.live_knowledge import LiveKnowledge
from bot.dialogue.splitting import split
from bot.reports.charts import weekly_chart
from bot.reports.stats import compute_stats, days_ago, guide_step_labels, guide_steps, zone_of
from bot.storage import Storage
from bot.telegram.limits import SILENT, WARN, RateLimiter
from bot.telegram.messages import NO_PREVIEW
from knowledge.models import ExpiredFact

log = logging.getLogger(__name__)

DEFAULT_DAYS, MAX_DAYS = 7, 366
MAX_PROBLEM_LINES = 30  # more are summarised ("… and N more: run dvcbot check")


class StaffCommands:
    def __init__(self, config: Config, storage: Storage, knowledge: LiveKnowledge,
                 limiter: RateLimiter | None = None) -> None:
        self.config = config
        self.storage = storage
        self.knowledge = knowledge
        self._announce_failed: set[ExpiredFact] = set()  # the job could tell no staff chat of these
        self.limiter = limiter  # refusals count against the sender's rate limit

    def is_staff(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in self.config.staff_ids

    async def _refuse(self, update: Update, context: ContextTypes.DEFAULT_TYPE, command: str) -> None:
        user = update.effective_user
        verdict = self.limiter.check(f"tg:{user.id}") if self.limiter is not None and user else None
        if verdict == SILENT:
            return
        if verdict == WARN:
            log.info("user %s sends staff commands too fast; quiet for a while", user.id if user else None)
            await self._say(update, context, texts.RATE_LIMITED)
            return
        log.info("/%s refused for user %s (not in DVCBOT_STAFF_IDS)", command, user.id if user else None)
        await self._say(update, context, texts.STAFF_ONLY)

    @staticmethod
    async def _say(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        chat = update.effective_chat
        assert chat is not None
        for part in split(text):
            await context.bot.send_message(chat_id=chat.id, text=part, link_preview_options=NO_PREVIEW)

    # -- expired facts ------------------------------------------------------------------------
    def today(self) -> date:
        return datetime.now(zone_of(self.config.timezone)).date()

    def expired_notice(self, facts: list[ExpiredFact]) -> str:
        """"⚠️ N facts expired ..." and one FILE:LINE line per fact."""
        lines = [texts.EXPIRED_HEADER.format(n=len(facts))]
        lines += [texts.EXPIRED_LINE.format(file=self.knowledge.path or self.knowledge.kb.path, line=f.line,
                                            entry=f.entry_id, field=f.field, text=f.text,
                                            until=f.valid_until.strftime("%d/%m/%Y"))
                  for f in facts]
        return "\n".join(lines)

    def _take_expired(self) -> str | None:
        facts = self.knowledge.take_expired(self.today())
        if not facts:
            return None
        notice = self.expired_notice(facts)
        log.warning("%s", notice)
        return notice

    async def announce_expired(self, bot: Bot) -> None:
        """Tell every staff chat about newly expired facts (the reload job calls this). Facts no
        staff chat could be told about are left for /thongke and /tailai, and not tried again
        by the job (no message or log line every minute)."""
        facts = self.knowledge.take_expired(self.today())
        tried = [f for f in facts if f in self._announce_failed]
        if tried:
            self.knowledge.untake_expired(tried)
        facts = [f for f in facts if f not in self._announce_failed]
        if not facts:
            return
        notice = self.expired_notice(facts)
        log.warning("%s", notice)
        told = False
        for staff_id in sorted(self.config.staff_ids):
            try:
                for part in split(notice):
                    await bot.send_message(chat_id=staff_id, text=part, link_preview_options=NO_PREVIEW)
                told = True
            except TelegramError as exc:  # never started the bot, blocked it...
                log.warning("could not tell staff %s about expired facts: %s", staff_id, exc)
        if not told:
            self.knowledge.untake_expired(facts)
            self._announce_failed.update(facts)

    async def reload_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Pick up staff's edits of procedures.yaml (JobQueue callback, bot.telegram.app); an
        invalid file never replaces a working one. Newly expired facts are announced."""
        problems = await asyncio.to_thread(self.knowledge.reload_if_changed)
        await self.announce_expired(context.bot)
        if problems is None:
            return
        if problems:
            log.warning("%s changed but has %d problem(s); keeping the previous version:\n%s",
                        self.knowledge.path, len(problems), "\n".join(str(p) for p in problems))
        else:
            log.info("reloaded %s", self.knowledge.path)

    # -- /thongke ----------------------------------------------------------------------------
    async def thongke(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self.is_staff(update):
            await self._refuse(update, context, "thongke")
            return
        days = DEFAULT_DAYS
        if context.args and context.args[0].isascii() and context.args[0].isdigit():  # not "²"
            days = min(max(int(context.args[0][:6]), 1), MAX_DAYS)
        notice = self._take_expired()
        if notice:
            await self._say(update, context, notice)
        tz = self.config.timezone
        kb = self.knowledge.kb
        stats = await compute_stats(self.storage, days_ago(days, tz), tz=tz, guides=guide_steps(kb))
        titles = {p.id: p.title for p in kb.procedures}
        labels = guide_step_labels(kb)
        await self._say(update, context, stats.as_text(titles, labels))
        png = await asyncio.to_thread(weekly_chart, stats, titles, step_labels=labels)
        chat = update.effective_chat
        assert chat is not None
        await context.bot.send_photo(chat_id=chat.id, photo=png, filename="thong-ke.png")

    # -- /tailai -----------------------------------------------------------------------------
    async def tailai(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self.is_staff(update):
            await self._refuse(update, context, "tailai")
            return
        problems = await asyncio.to_thread(self.knowledge.reload)
        user = update.effective_user
        if not problems:
            n = len(self.knowledge.kb.procedures)
            log.info("/tailai by %s: reloaded %s (%d procedures)", user.id if user else None, self.knowledge.path, n)
            notice = self._take_expired()
            await self._say(update, context, texts.RELOAD_OK.format(n=n) + (f"\n\n{notice}" if notice else ""))
            return
        log.warning("/tailai by %s: %s has %d problem(s); keeping the previous version",
                    user.id if user else None, self.knowledge.path, len(problems))
        loaded = self.knowledge.current.loaded_at.astimezone(zone_of(self.config.timezone))
        lines = [texts.RELOAD_FAILED.format(n=len(problems), loaded=loaded.strftime("%H:%M %d/%m/%Y"))]
        lines += [str(p) for p in problems[:MAX_PROBLEM_LINES]]
        if len(problems) > MAX_PROBLEM_LINES:
            lines.append(texts.RELOAD_MORE.format(n=len(problems) - MAX_PROBLEM_LINES))
        notice = self._take_expired()  # of the version still in service
        if notice:
            lines += ["", notice]
        await self._say(update, context, "\n".join(lines))


__all__ = ["StaffCommands"]
