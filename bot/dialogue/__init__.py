"""The transport-free conversation: an event in (text, button, media), replies out.

engine.py     the Engine: one turn (load, decide, save), commands; knowledge/matching.py routes
guide.py      walkthroughs: what "Tiếp", a choice, "Quay lại", "Dừng" do; answers.py the cards,
              details, feedback, clarify, "I don't know"; browse.py topics; rows.py shared rows
handoff.py    the citizen's side of a hand-off (consent, escalation, follow-ups); relayed.py a
              volunteer's answer as the citizen gets it; group_posts.py the group's card texts
types.py      Event, Reply, Button, Turn; callbacks.py every button's data (pack/parse);
              session_data.py a session's data and its stored JSON
cards.py      answer cards and steps (facts from procedures.yaml, step numbering); splitting.py
              the one text splitter (Telegram's UTF-16 length, quotes kept balanced)
texts/        every Vietnamese string, by audience; privacy.py masking, vault.py sealing, citizen_quote.py
hours.py      the volunteers' hours; live_knowledge.py the knowledge base, reloaded on change
Imports only storage/ports, config, knowledge/ (tests/test_layering.py checks, inside functions too).
"""
