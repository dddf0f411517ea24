"""The `dvcbot` command (console script bot.cli.main:main, also `python -m bot`).

main.py       the argument parser and dispatch: chat, run, check, ask, eval, purge, staff tools
chat.py       `dvcbot chat`: the dialogue engine in the terminal, buttons shown numbered
staff.py      `dvcbot stats | unresolved | suggestions | poster`
volunteer.py  `dvcbot volunteer`: the volunteers' desk at the terminal (parser, menus)
desk.py       its terminal text over volunteers/desk.py (same desk and database as the group)

The top layer: may import every package below it (telegram/, reports/, volunteers/,
dialogue/, storage/) and knowledge/; nothing imports bot.cli.
"""
