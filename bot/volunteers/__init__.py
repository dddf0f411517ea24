"""The volunteers' side of the hand-off, transport-free.

desk.py   what a volunteer's reply or button does: the answer is stored with its escalation
          (storage/escalations.py) and queued in the outbox for telegram/outbound.py to send
posts.py  what the volunteers' group sees: reminders, the queue, "Xem số đã ẩn", long texts;
          the escalation card itself is written at hand-off time, so it lives below in
          bot/dialogue/group_posts.py (re-exported here)
hours.py  the volunteers' working hours (defined in bot/dialogue/hours.py, re-exported)

Button data: bot/dialogue/callbacks.py (VolunteerAction). Storage: the DeskStore protocol of
storage/ports.py. May import dialogue/, storage/, config and knowledge/; never telegram/ or cli/.
"""
