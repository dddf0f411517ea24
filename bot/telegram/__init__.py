"""The Telegram adapter: Telegram updates in, the dialogue engine's replies out.

app.py         builds the Application, registers the handlers, runs the bot (`dvcbot run`)
volunteers.py  the volunteers' group: buttons and replies, handed to volunteers/desk.py
staff.py       the staff's commands in Telegram: /thongke, /tailai, expired-fact notices
outbound.py    sends the outbox (stored messages: group posts, volunteers' answers) once each
limits.py      the per-citizen rate limit the adapter applies before the engine
polling.py, webhook.py, lifecycle.py   how updates arrive (long polling or a webhook server)

May import reports/, volunteers/, dialogue/, storage/, config and knowledge/; never cli/.
"""
