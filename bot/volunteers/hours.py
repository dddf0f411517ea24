"""The volunteers' working hours: defined in bot.dialogue.hours (the citizen is told them at
hand-off), re-exported here for the volunteers' side."""
from bot.dialogue.hours import VolunteerHours, describe_days, parse_days

__all__ = ["VolunteerHours", "describe_days", "parse_days"]
