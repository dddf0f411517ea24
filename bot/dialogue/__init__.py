"""The transport-free conversation: an event in (text, button, media), replies out.

engine.py     the Engine: one turn (load session, decide, save), routing a text
              (knowledge/matching.py decides the procedure), commands
guide.py      walkthroughs: what "Tiếp", a choice, "Quay lại", "Dừng" do; answers.py the cards,
              details, feedback, clarify, "I don't know"; browse.py topics; rows.py shared rows
handoff.py    the citizen's side of a hand-off (consent, escalation, follow-ups); relayed.py a
              volunteer's answer as the citizen gets it; group_posts.py the group's card texts
types.py      Event, Reply, Button, Turn; callbacks.py every button's data (pack/parse);
              session_data.py what a session keeps between turns and its stored JSON
cards.py      answer cards and steps (facts from procedures.yaml, step numbering, the splitter)
texts.py      every Vietnamese string; privacy.py masking, vault.py sealing, citizen_quote.py
hours.py      the volunteers' hours; live_knowledge.py the knowledge base, reloaded on change
May import storage/ports, config and knowledge/; never volunteers/, reports/, telegram/ or
cli/ (tests/test_layering.py checks it, imports inside functions included).
"""
