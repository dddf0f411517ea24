"""The transport-free conversation: an event in (text, button, media), replies out.

engine.py          the Engine: routes a message (knowledge/matching.py decides the procedure),
                   walkthroughs ("Tiếp"), browsing, feedback, session state
cards.py           lays out answer cards and walkthrough steps (facts from procedures.yaml)
texts.py           every Vietnamese string citizens, volunteers and staff read
handoff.py         the citizen's side of the volunteer hand-off (consent, escalation, answers)
privacy.py         masking personal numbers and secrets; citizen_quote.py quoting their words
live_knowledge.py  the knowledge base in use, reloaded when procedures.yaml changes

May import storage/ (ports and dataclasses), config and knowledge/; knows nothing of Telegram.
"""
