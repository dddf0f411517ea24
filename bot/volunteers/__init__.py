"""The volunteers' side of the hand-off, transport-free.

desk.py   what a volunteer's reply or button does: the answer is stored with its escalation
          (storage/escalations.py) and queued in the outbox for telegram/outbound.py to send
posts.py  what the volunteers' group sees: escalation cards, follow-ups, reminders, the
          queue, and the volunteers' buttons
hours.py  the volunteers' working hours (config: volunteer_hours, volunteer_days)

May import dialogue/, storage/, config and knowledge/; never telegram/ or cli/.
"""
