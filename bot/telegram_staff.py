"""Staff commands on Telegram, for the user ids in DVCBOT_STAFF_IDS (anyone else is refused politely).

    /thongke [N]   statistics of the last N days (default 7, today included) as text, then
                   the weekly summary picture (bot.stats_chart) with sendPhoto
    /tailai        reload the knowledge base now: "N procedures in service", or the problems
                   as FILE:LINE: message while the previous version stays in service

Anyone else is refused, at the pace of the per-citizen rate limit (bot.limits, the adapter's
own limiter): a flood of /thongke from a stranger, in any chat, gets the slow-down notice once
and then nothing, like any other flood.

The adapter's job (bot.telegram_app, every 60 s) also reloads the file when it changes and
logs the outcome; a file with problems never replaces the working one (bot.live_knowledge),
and the next /tailai shows its problems.

    register_staff(app, config, storage, knowledge)    # from build_application, before the
                                                       # citizens' handlers of group 0
"""
from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from bot import texts
from bot.config import Config
from bot.limits import SILENT, WARN, RateLimiter
from bot.live_knowledge import LiveKnowledge
from bot.stats import compute_stats, days_ago, zone_of
from bot.stats_chart import weekly_chart

log = logging.getLogger(__name__)

DEFAULT_DAYS, MAX_DAYS = 7, 366
MAX_PROBLEM_LINES = 30  # more are summarised ("… and N more: run dvcbot check")


class StaffCommands:
    def __init__(self, config: Config, storage, knowledge: LiveKnowledge,
                 limiter: RateLimiter | None = None) -> None:
        self.config = config
        self.storage = storage
        self.knowledge = knowledge
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
        from bot.telegram_app import NO_PREVIEW, split_text

        chat = update.effective_chat
        assert chat is not None
        for part in split_text(text):
            await context.bot.send_message(chat_id=chat.id, text=part, link_preview_options=NO_PREVIEW)

    # -- /thongke ----------------------------------------------------------------------------
    async def thongke(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self.is_staff(update):
            await self._refuse(update, context, "thongke")
            return
        days = DEFAULT_DAYS
        if context.args and context.args[0].isascii() and context.args[0].isdigit():  # not "²"
            days = min(max(int(context.args[0][:6]), 1), MAX_DAYS)
        tz = self.config.timezone
        stats = await compute_stats(self.storage, days_ago(days, tz), tz=tz)
        titles = {p.id: p.title for p in self.knowledge.kb.procedures}
        await self._say(update, context, stats.as_text(titles))
        png = await asyncio.to_thread(weekly_chart, stats, titles)
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
            await self._say(update, context, texts.RELOAD_OK.format(n=n))
            return
        log.warning("/tailai by %s: %s has %d problem(s); keeping the previous version",
                    user.id if user else None, self.knowledge.path, len(problems))
        loaded = self.knowledge.current.loaded_at.astimezone(zone_of(self.config.timezone))
        lines = [texts.RELOAD_FAILED.format(n=len(problems), loaded=loaded.strftime("%H:%M %d/%m/%Y"))]
        lines += [str(p) for p in problems[:MAX_PROBLEM_LINES]]
        if len(problems) > MAX_PROBLEM_LINES:
            lines.append(texts.RELOAD_MORE.format(n=len(problems) - MAX_PROBLEM_LINES))
        await self._say(update, context, "\n".join(lines))


def register_staff(app: Application, config: Config, storage, knowledge: LiveKnowledge, group: int = 0,
                   limiter: RateLimiter | None = None) -> None:
    """Add /thongke and /tailai (new messages only, any chat). Call it before the citizens'
    handlers of the same group are added, so that these commands reach it first. `limiter`:
    the citizens' rate limiter, which also paces the refusals of non-staff."""
    staff = StaffCommands(config, storage, knowledge, limiter)
    only_new = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("thongke", staff.thongke, filters=only_new), group=group)
    app.add_handler(CommandHandler("tailai", staff.tailai, filters=only_new), group=group)
    app.bot_data["staff"] = staff


__all__ = ["StaffCommands", "register_staff"]
