"""Every user-facing string of dvcbot, Vietnamese, one module per audience: citizen.py,
handoff.py (citizens and the volunteers), volunteers.py, staff.py; all re-exported here, so
`from bot.dialogue import texts; texts.WELCOME` reaches any of them.

Plain text only: nothing here is HTML or Markdown, and adapters send it without parse_mode.
Short sentences and plain words: many citizens are older people reading on small phones.
Placeholders use str.format names ({title}, {n}, ...).
"""
# The modules hold nothing but the strings, so * re-exports exactly them.
from bot.dialogue.texts.citizen import *  # noqa: F403
from bot.dialogue.texts.handoff import *  # noqa: F403
from bot.dialogue.texts.staff import *  # noqa: F403
from bot.dialogue.texts.volunteers import *  # noqa: F403
