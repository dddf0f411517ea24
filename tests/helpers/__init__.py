"""What the tests share (tests/ is on sys.path: `from helpers.world import start_world`).

    citizen.py        Citizen: the one driver for a conversation with the engine
    fake_telegram.py  FakeBotApi (the one fake Bot API), Bot API JSON builders, check_invariants
    telegram_chats.py TelegramChat and GroupMember (people chatting through the whole
                      Application), Bot (one running instance)
    fake_api_server.py FakeBotApiServer (the fake Bot API over HTTP, for processes)
    world.py          the volunteers' world: a citizen, volunteers, their group and the bot
    faults.py         fail_once: an async method that raises once, then works
    kill_stream.py    the harness of test_kill: a `dvcbot run` process, citizens, a volunteer
    walkthrough.py    checks of a walkthrough step as the citizen sees it
    vocabulary_files.py with_vocabulary: the shipped knowledge base with vocabulary entries added
    commands.py       run_dvcbot: `python -m bot ...` as a process, forked from forkserver.py
                      (a server that has imported the commands once; DVCBOT_TEST_FORKSERVER=0
                      starts a fresh interpreter for each command instead)
"""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KB_PATH = REPO / "procedures.yaml"
