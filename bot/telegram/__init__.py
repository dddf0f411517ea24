"""The Telegram adapter: Telegram updates in, the dialogue engine's replies out.

app.py          builds every part and registers every handler, in order (`register_handlers`)
adapter.py      the citizens' handlers: de-duplication, rate limit, engine, replies, errors
volunteers.py   the volunteers' group: buttons, replies, edits, handed to volunteers/desk.py
group_cards.py  redraws an escalation's cards in the group
staff.py        the staff's commands: /thongke, /tailai, expired-fact notices, reload job
outbound.py     sends the outbox (group posts, volunteers' answers) once each
messages.py     Telegram <-> engine helpers: events, the keyboard builder, text parts
limits.py       per-citizen rate limit (in) and the AIORateLimiter subclass (out)
run.py, logs.py `dvcbot run` (flat: load, open, connect, serve) and token redaction
polling.py, webhook.py, lifecycle.py   how updates arrive (long polling or a webhook server)

May import reports/, volunteers/, dialogue/, storage/, config and knowledge/; never cli/.
"""
