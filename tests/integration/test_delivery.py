"""Delivery that loses nothing: a volunteer's answer is stored before it is sent, retried on
429 / 5xx / network errors, marked undeliverable when the citizen blocked the bot, and
reaches the citizen once, also across a restart; twice only if the sender dies between
Telegram accepting it and the row being marked sent (at least once, as the README says).
Real Application, fake Bot API.
"""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.dialogue import texts
from bot.storage import Storage
from bot.storage.ports import OutboxMessage, utcnow
from helpers.faults import fail_once
from helpers.world import GROUP, open_escalation, start_world

# Every test opens its database with Storage.open (or a fixture that does) before anything else.
pytestmark = pytest.mark.database_at_head

ANSWER = "Bạn đến Phòng Quản lý xuất nhập cảnh."


def answers_to(world, chat) -> list[str]:
    return [t for t in world.received(chat) if ANSWER in t]


async def test_relay_while_the_bot_api_answers_429_then_200(database_url, knowledge):
    world = await start_world(database_url, knowledge)
    try:
        lan, minh = world.citizen(), world.volunteer()
        await open_escalation(world, lan)
        world.api.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1,
                       chat_id=lan.chat_id)
        await minh.reply(world.card(1), ANSWER)
        assert texts.VOL_ANSWER_STORED.format(id=1) in minh.seen()  # stored, even if not sent yet
        assert answers_to(world, lan) == []
        [row] = await world.storage.list_outbox(escalation_id=1, status="pending")
        assert row.attempts == 1 and "retry" in (row.last_error or "").lower()
        # Telegram asked to wait a second: not before.
        assert await world.deliver() == 0
        assert row.next_attempt_at - utcnow() <= timedelta(seconds=1)
        await asyncio.sleep(1.1)
        assert await world.deliver() == 1
        assert answers_to(world, lan) == [texts.ESC_ANSWER.format(id=1, answer=ANSWER)]
        assert await world.deliver(utcnow() + timedelta(hours=1)) == 0
        assert len(answers_to(world, lan)) == 1
        [sent] = await world.storage.list_outbox(escalation_id=1, chat_id=lan.chat_id)
        assert sent.status == "sent" and sent.sent_message_id is not None
    finally:
        await world.close()


@pytest.mark.parametrize("status, description", [(500, "Internal Server Error"), (502, "Bad Gateway")])
async def test_server_errors_are_retried_with_backoff(sqlite_database_url, knowledge, status, description):
    world = await start_world(sqlite_database_url, knowledge)
    try:
        lan, minh = world.citizen(), world.volunteer()
        await open_escalation(world, lan)
        world.api.fail("sendMessage", status, description, times=2, chat_id=lan.chat_id)
        await minh.reply(world.card(1), ANSWER)
        assert answers_to(world, lan) == []
        assert await world.deliver(utcnow() + timedelta(seconds=1)) == 0  # backoff: 2 s
        assert await world.deliver(utcnow() + timedelta(seconds=3)) == 0  # failed again: 4 s
        assert await world.deliver(utcnow() + timedelta(seconds=10)) == 1
        assert len(answers_to(world, lan)) == 1
    finally:
        await world.close()


async def test_a_blocked_citizen_makes_the_escalation_undeliverable_and_the_group_is_told(database_url, knowledge):
    world = await start_world(database_url, knowledge)
    try:
        lan, minh = world.citizen(), world.volunteer()
        await open_escalation(world, lan)
        world.api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", times=-1,
                       chat_id=lan.chat_id)
        await minh.reply(world.card(1), ANSWER)
        assert (await world.storage.get_escalation(1)).status == "undeliverable"
        [row] = await world.storage.list_outbox(escalation_id=1, chat_id=lan.chat_id)
        assert row.status == "undeliverable"
        notice = world.last_in_group(texts.VOL_UNDELIVERABLE.format(id=1))
        assert notice["text"] == texts.VOL_UNDELIVERABLE.format(id=1)
        assert texts.VOL_STATUS_UNDELIVERABLE in world.card(1)["text"]
        # Nothing is retried.
        assert await world.deliver(utcnow() + timedelta(hours=1)) == 0
        assert len([c for c in world.api.calls_of("sendMessage") if int(c["chat_id"]) == lan.chat_id
                    and ANSWER in c["text"]]) == 1
    finally:
        await world.close()


async def test_a_restart_between_storing_and_sending_delivers_exactly_once(database_url, knowledge):
    world = await start_world(database_url, knowledge)
    lan = world.citizen()
    try:
        await open_escalation(world, lan)
        # The answer is stored; the process stops before sending it.
        from bot.volunteers.desk import Volunteer

        reply = await world.desk.answer(1, Volunteer(777, "Minh"), ANSWER, source=f"{GROUP}:55")
        assert reply.text == texts.VOL_ANSWER_STORED.format(id=1)
    finally:
        await world.close()
    assert answers_to(world, lan) == []

    # Two new instances on the same database start and run their outbox jobs together.
    first = await start_world(database_url, knowledge)
    second = await start_world(database_url, knowledge)
    try:
        await asyncio.gather(first.run_job("outbox"), second.run_job("outbox"))
        got = answers_to(first, lan) + answers_to(second, lan)
        assert got == [texts.ESC_ANSWER.format(id=1, answer=ANSWER)]
        await asyncio.gather(first.run_job("outbox"), second.run_job("outbox"))
        assert len(answers_to(first, lan) + answers_to(second, lan)) == 1
        # The same answer stored again (a redelivered update) is not sent again.
        again = await first.desk.answer(1, Volunteer(777, "Minh"), ANSWER, source=f"{GROUP}:55")
        assert again.text == texts.VOL_ANSWER_DUPLICATE
        await first.deliver()
        assert len(answers_to(first, lan) + answers_to(second, lan)) == 1
    finally:
        await first.close()
        await second.close()


async def test_a_row_left_by_a_crashed_sender_is_sent_after_its_lease(sqlite_database_url, knowledge):
    storage = await Storage.open(sqlite_database_url)
    try:
        await storage.enqueue([OutboxMessage(1001, "Xin chào", "test:crash")])
        taken = await storage.claim_outbox(utcnow(), utcnow() + timedelta(minutes=2))
        assert [r.dedupe_key for r in taken] == ["test:crash"]  # ... and then the process died
    finally:
        await storage.close()
    world = await start_world(sqlite_database_url, knowledge)
    try:
        assert await world.deliver() == 0  # still leased
        assert await world.deliver(utcnow() + timedelta(minutes=3)) == 1
        assert world.received(world.citizen()) == ["Xin chào"]
    finally:
        await world.close()


async def test_a_chats_messages_go_out_in_order(storage):
    await storage.enqueue([OutboxMessage(1001, f"tin {i}", f"order:{i}") for i in range(3)]
                          + [OutboxMessage(1002, "khác", "order:other")])
    now = utcnow()
    first = await storage.claim_outbox(now, now + timedelta(minutes=2))
    assert sorted(r.text for r in first) == ["khác", "tin 0"]  # one per chat
    # While "tin 0" waits for a retry, "tin 1" waits too.
    zero = next(r for r in first if r.text == "tin 0")
    await storage.retry_outbox(zero.id, now + timedelta(seconds=30), "timeout")
    assert await storage.claim_outbox(now + timedelta(seconds=5), now + timedelta(minutes=2)) == []
    await storage.mark_sent(zero.id, 10)
    [one] = await storage.claim_outbox(now + timedelta(seconds=5), now + timedelta(minutes=2))
    assert one.text == "tin 1"


async def test_concurrent_senders_take_each_row_once(database_url):
    first, second = await Storage.open(database_url), await Storage.open(database_url)
    try:
        await first.enqueue([OutboxMessage(2000 + i, "x", f"many:{i}") for i in range(20)])
        now = utcnow()
        a, b = await asyncio.gather(first.claim_outbox(now, now + timedelta(minutes=2)),
                                    second.claim_outbox(now, now + timedelta(minutes=2)))
        keys = [r.dedupe_key for r in a + b]
        assert sorted(keys) == sorted(f"many:{i}" for i in range(20))
        # A dedupe key is stored once.
        assert await first.enqueue([OutboxMessage(1, "y", "many:0")]) == [None]
    finally:
        await first.close()
        await second.close()


async def test_the_group_post_waits_in_the_outbox_when_telegram_is_down(sqlite_database_url, knowledge):
    world = await start_world(sqlite_database_url, knowledge)
    try:
        lan = world.citizen()
        world.api.fail("sendMessage", 502, "Bad Gateway", times=1, chat_id=GROUP)
        await open_escalation(world, lan)
        assert world.group() == []
        [row] = await world.storage.list_outbox(escalation_id=1, status="pending")
        assert row.purpose == "card"
        assert await world.deliver(utcnow() + timedelta(seconds=5)) == 1
        card = world.card(1)
        # The sent card is an escalation post: replies to it are answers.
        assert await world.storage.escalation_of_post(GROUP, card["message_id"]) == 1
    finally:
        await world.close()


# --- at least once: the window between Telegram accepting a send and the row marked sent -----------
class Killed(BaseException):
    """The process dies here (nothing catches it, as nothing survives a SIGKILL)."""


async def answer_stored(world, lan) -> None:
    from bot.volunteers.desk import Volunteer

    await open_escalation(world, lan)
    await world.deliver()  # the card
    reply = await world.desk.answer(1, Volunteer(777, "Minh"), ANSWER, source=f"{GROUP}:55")
    assert reply.text == texts.VOL_ANSWER_STORED.format(id=1)


async def test_nothing_happens_between_telegram_accepting_a_row_and_marking_it_sent(database_url, knowledge):
    world = await start_world(database_url, knowledge)
    try:
        lan = world.citizen()
        await answer_stored(world, lan)
        trace: list[str] = []
        storage, api = world.storage, world.api
        for name in ("claim_outbox", "group_posts", "mark_sent", "retry_outbox", "get_escalation"):
            real = getattr(storage, name)

            async def traced(*args, _real=real, _name=name, **kwargs):
                trace.append(_name)
                return await _real(*args, **kwargs)

            setattr(storage, name, traced)
        real_request = api.do_request

        async def traced_request(url, *args, **kwargs):
            answer = await real_request(url, *args, **kwargs)
            trace.append("api:" + url.rsplit("/", 1)[-1])
            return answer

        api.do_request = traced_request  # type: ignore[method-assign]
        await world.storage.enqueue([OutboxMessage(GROUP, "thông báo", "test:notice", escalation_id=1,
                                                   purpose="notice")])
        assert await world.deliver() == 2
        assert answers_to(world, lan) == [texts.ESC_ANSWER.format(id=1, answer=ANSWER)]
        sends = [i for i, step in enumerate(trace) if step == "api:sendMessage"]
        assert len(sends) == 2, trace  # the answer, and a notice in the group
        assert all(trace[i + 1] == "mark_sent" for i in sends), trace
    finally:
        await world.close()


async def test_a_failing_write_of_sent_is_retried_and_nothing_is_sent_twice(database_url, knowledge):
    world = await start_world(database_url, knowledge)
    try:
        lan = world.citizen()
        await answer_stored(world, lan)
        failures = fail_once(world.storage, "mark_sent", ConnectionResetError("database connection lost"))
        assert await world.deliver() == 1
        assert failures and [r.status for r in await world.storage.list_outbox(escalation_id=1)] == ["sent"] * 2
        assert await world.deliver(utcnow() + timedelta(minutes=10)) == 0  # after the lease: nothing again
        assert answers_to(world, lan) == [texts.ESC_ANSWER.format(id=1, answer=ANSWER)]
    finally:
        await world.close()


async def test_a_shutdown_while_the_row_is_being_marked_still_marks_it(database_url, knowledge):
    """The outbox job is cancelled (a shutdown) after Telegram accepted the answer, while the
    row is being marked: the write completes, so the answer is not sent again."""
    world = await start_world(database_url, knowledge)
    try:
        lan = world.citizen()
        await answer_stored(world, lan)
        real, reached, go_on = world.storage.mark_sent, asyncio.Event(), asyncio.Event()

        async def slow(*args, **kwargs):
            reached.set()
            await go_on.wait()  # e.g. waiting for the write lock behind a citizen's turn
            return await real(*args, **kwargs)

        world.storage.mark_sent = slow  # type: ignore[method-assign]
        job = asyncio.ensure_future(world.deliver())
        await asyncio.wait_for(reached.wait(), 10)
        job.cancel()
        await asyncio.sleep(0.05)
        go_on.set()
        with pytest.raises(asyncio.CancelledError):
            await job
        world.storage.mark_sent = real  # type: ignore[method-assign]
        assert [r.status for r in await world.storage.list_outbox(escalation_id=1)] == ["sent"] * 2
        assert await world.deliver(utcnow() + timedelta(minutes=10)) == 0
        assert len(answers_to(world, lan)) == 1
    finally:
        await world.close()


async def test_a_crash_after_telegram_accepted_a_row_sends_it_again_after_the_lease(database_url, knowledge):
    """The documented duplicate: the process dies between Telegram accepting the answer and the
    row being marked sent. Nothing is sent again during the lease; after it, any process
    sends it again: the citizen has it twice, never three times."""
    world = await start_world(database_url, knowledge)
    lan = world.citizen()
    try:
        await answer_stored(world, lan)

        async def dies(*args, **kwargs):
            raise Killed()

        world.storage.mark_sent = dies  # type: ignore[method-assign]
        with pytest.raises(Killed):
            await world.deliver()
        assert len(answers_to(world, lan)) == 1  # Telegram has it
    finally:
        await world.app.shutdown()  # no clean-up by the dead process
        await world.storage.close()
    restarted = await start_world(database_url, knowledge)
    try:
        assert await restarted.deliver() == 0  # still leased
        assert await restarted.deliver(utcnow() + timedelta(minutes=3)) == 1
        assert await restarted.deliver(utcnow() + timedelta(minutes=10)) == 0
        got = answers_to(world, lan) + answers_to(restarted, lan)
        assert got == [texts.ESC_ANSWER.format(id=1, answer=ANSWER)] * 2
    finally:
        await restarted.close()
