"""dvcbot, the application. Packages by role; dependencies point one way (top uses bottom):

    cli/ -> telegram/ -> reports/ -> volunteers/ -> dialogue/ -> storage/ -> knowledge/

config.py (settings from the environment) sits beside them and imports nothing from bot/;
every layer may import it. `python -m bot` runs bot.cli.main (see __main__.py).
"""
