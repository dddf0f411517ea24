"""The volunteers' side of the hand-off, transport-free.

desk.py   what a volunteer's reply or button does: the answer is stored with its escalation
          (storage/escalations.py) and queued in the outbox for telegram/outbound.py to send
posts.py  what the volunteers' group sees besides the card: reminders, the queue (/hangdoi),
          "Xem số đã ẩn", waiting times

Written at hand-off time, so below in bot/dialogue: the escalation card and its buttons
(group_posts.py), the volunteers' working hours (hours.py). Button data: bot/dialogue/
callbacks.py (VolunteerAction). Storage: the DeskStore protocol of storage/ports.py.
May import dialogue/, storage/, config and knowledge/; never telegram/ or cli/.
"""
