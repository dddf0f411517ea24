"""What both faces (the `dvcbot` command and the staff's Telegram commands) show staff.

stats.py   statistics for staff (the SQL is bot/storage/stats_queries.py), as text and CSV
charts.py  the weekly chart picture, with a funnel per walkthrough
poster.py  printable posters with a QR code that opens the bot on a procedure
fonts.py   finds fonts with Vietnamese glyphs (posters and charts)

Used by cli/ and telegram/, so it sits below both. May import volunteers/, dialogue/,
storage/, config and knowledge/.
"""
