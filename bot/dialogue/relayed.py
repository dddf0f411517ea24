"""A volunteer's answer as the citizen gets it: the buttons under it ("Đã hiểu, cảm ơn",
"Hỏi thêm", 👍 / 👎; data "e:-:ok|more:<id>" / "e:-:fb:<id>:1|0", bot.dialogue.callbacks:
no session nonce, the escalation's owner is checked instead), what pressing them does, and
for the terminal chat, which the outbox cannot reach, the answers shown at its next turn
(session "answers_seen": the last one shown). bot.volunteers.desk stores the answers.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from bot.config import Config
from bot.dialogue import callbacks as cb
from bot.dialogue import group_posts as posts
from bot.dialogue import texts
from bot.dialogue.types import Button, Reply, Turn
from bot.storage.ports import DialogueStore, FeedbackRecord, OutboxMessage

log = logging.getLogger(__name__)


def citizen_chat_id(citizen: str) -> int | None:
    """The Telegram chat of a citizen key "tg:<user id>" (None for the terminal chat)."""
    kind, _, rest = citizen.partition(":")
    if kind == "tg" and rest.lstrip("-").isdigit():
        return int(rest)
    return None


def answer_buttons(escalation_id: int) -> list[list[list[str]]]:
    """The buttons under a relayed answer (outbox rows: [label, data])."""
    return [
        [[texts.BTN_UNDERSTOOD, cb.AnswerButton("ok", escalation_id).pack()],
         [texts.BTN_ASK_MORE, cb.AnswerButton("more", escalation_id).pack()]],
        [[texts.BTN_ANSWER_USEFUL, cb.AnswerButton("fb", escalation_id, True).pack()],
         [texts.BTN_ANSWER_NOT_USEFUL, cb.AnswerButton("fb", escalation_id, False).pack()]],
    ]


class RelayedAnswers:
    def __init__(self, config: Config, repo: DialogueStore, kick: Callable[[], None]) -> None:
        self.config = config
        self.repo = repo
        self._kick = kick

    async def answers_not_sent(self, t: Turn) -> list[Reply]:
        """A citizen without a Telegram chat (the terminal chat) cannot be sent a volunteer's
        answer through the outbox: the answers that came since their last turn are shown at
        the start of this one, with the usual buttons ("answers_seen": the last one shown)."""
        if citizen_chat_id(t.session.citizen) is not None:
            return []
        after = t.data.answers_seen or 0
        answers = [a for a in await self.repo.volunteer_answers(t.session.citizen, after)
                   if a.text.strip()]  # (emptied by `dvcbot purge`)
        if not answers:
            return []
        t.data.answers_seen = max(a.id or 0 for a in answers)
        replies = []
        for a in answers:
            caption = posts.file_answer_caption(a.text) if a.kind == "text" else None
            if a.kind == "correction":
                text = texts.ESC_ANSWER_CORRECTED.format(id=a.escalation_id, answer=a.text.strip())
            elif caption is None:
                text = texts.ESC_ANSWER.format(id=a.escalation_id, answer=a.text.strip())
            else:  # the file itself is only on Telegram
                text = texts.ESC_ANSWER_MEDIA.format(id=a.escalation_id)
                text += (f":\n{caption}" if caption else "") + "\n\n" + texts.ESC_ANSWER_FILE_ON_TELEGRAM
            replies.append(Reply(text, [[Button(label, data) for label, data in row]
                                        for row in answer_buttons(a.escalation_id)]))
        return replies

    async def on_answer_button(self, t: Turn, button: cb.AnswerButton) -> list[Reply] | None:
        """e:-:ok:<id> | e:-:more:<id> | e:-:fb:<id>:1|0 (see the module docstring)."""
        escalation_id, what = button.escalation_id, button.what
        escalation = await self.repo.get_escalation(escalation_id)
        if escalation is None or escalation.citizen != t.session.citizen:
            return None
        group = self.config.volunteer_chat_id
        if what == "ok":
            t.data.follow = None
            notice = [] if group is None else [OutboxMessage(
                group, texts.VOL_CITIZEN_THANKS.format(id=escalation_id), f"esc:{escalation_id}:thanks",
                escalation_id=escalation_id, purpose="notice")]
            if await self.repo.resolve_escalation(escalation_id) is not None:
                await self.repo.enqueue(notice)
                self._kick()
            return [Reply(texts.ESC_THANKS.format(id=escalation_id))]
        if what == "more":
            if escalation.status in ("cancelled", "undeliverable"):
                return [Reply(texts.ESC_CLOSED.format(id=escalation_id))]
            if escalation.active:
                t.data.escalation = escalation_id
            else:
                t.data.follow = escalation_id
            return [Reply(texts.ESC_ASK_MORE.format(id=escalation_id))]
        if what == "fb":
            key = f"e:{escalation_id}"
            if not t.data.rate(key):
                return [Reply(texts.FEEDBACK_ALREADY)]
            useful = bool(button.useful)
            t.feedback.append(FeedbackRecord(t.session.citizen, escalation.procedure, useful,
                                             f"escalation:{escalation_id}"))
            if useful:
                return [Reply(texts.FEEDBACK_THANKS)]
            if group is not None:
                await self.repo.enqueue([OutboxMessage(
                    group, texts.VOL_CITIZEN_NOT_USEFUL.format(id=escalation_id),
                    f"esc:{escalation_id}:notuseful", escalation_id=escalation_id, purpose="notice")])
                self._kick()
            return [Reply(texts.ESC_ANSWER_NOT_USEFUL,
                          [[Button(texts.BTN_ASK_MORE, cb.AnswerButton("more", escalation_id).pack())]])]
        return None
