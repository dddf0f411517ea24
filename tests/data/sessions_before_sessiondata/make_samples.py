"""Run the engine through five conversations and dump the stored session rows as JSON
(run from the repository root: python tests/data/sessions_before_sessiondata/make_samples.py DIR).
The JSON files here were written by it at commit 8d0645b, before SessionData: the stored form
tests/integration/test_session_data.py checks the new code against."""
import asyncio
import json
import sys
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.engine import Engine, Event
from bot.dialogue.live_knowledge import LiveKnowledge
from bot.storage import Storage

OUT = Path(sys.argv[1])

async def main():
    kn = LiveKnowledge.load(Path("procedures.yaml"))
    d = tempfile.mkdtemp()
    async with await Storage.open(f"sqlite+aiosqlite:///{d}/db.sqlite") as store:
        cfg = Config(volunteer_chat_id=-100123, secret_keys=(Fernet.generate_key().decode(),))
        eng = Engine(kn, store, cfg)
        last = {}
        async def send(c, ev):
            last[c] = await eng.handle(ev)
            return last[c]
        async def says(c, text): return await send(c, Event.message(c, text))
        async def press(c, label):
            for r in last[c]:
                for row in r.buttons:
                    for b in row:
                        if label in b.label:
                            return await send(c, Event.button(c, b.data))
            raise AssertionError((label, [b.label for r in last[c] for row in r.buttons for b in row]))
        # 1. mid-walkthrough, one step done
        c = "tg:2001"
        await says(c, "/start guide-nop-ho-so-truc-tuyen")
        print([b.label for r in last[c] for row in r.buttons for b in row])
        await press(c, texts.BTN_NEXT)
        # 2. pending consent with a phone number in the question (sealed original)
        c = "tg:2002"
        await says(c, "làm hộ chiếu đi nước ngoài ở đâu, số tôi 0912345678")
        await press(c, texts.BTN_VOLUNTEER)
        # 3. clarify offered
        c = "tg:2003"
        for q in ("đăng ký", "giấy tờ xe", "xe", "căn cước", "xác nhận", "đất", "đổi", "làm lại giấy", "cấp lại",
                  "đăng ký xe", "giấy phép", "hồ sơ", "chứng nhận", "khai báo", "sổ", "thủ tục giấy tờ"):
            if kn.matcher.route(q).decision != "clarify":
                continue
            await says(c, q)
            if any(b.label == texts.BTN_NONE_OF_THESE for r in last[c] for row in r.buttons for b in row):
                break
        # 4. open escalation from a walkthrough ("Tôi bị vướng"), with history
        c = "tg:2004"
        await says(c, "/start guide-nop-ho-so-truc-tuyen")
        await press(c, texts.BTN_NEXT)
        await press(c, texts.BTN_STUCK)
        await press(c, texts.BTN_VOLUNTEER)
        await press(c, texts.BTN_CONSENT_YES)
        # 5. a photo waiting for consent (media sub-dict), after a card was rated
        c = "tg:2005"
        await says(c, "đăng ký tạm trú cần giấy tờ gì")
        await press(c, texts.BTN_NOT_USEFUL)
        await send(c, Event(c, "media", media="photo", file_id="AgACAgIAAxkBAAIC", caption="ảnh giấy tờ"))
        await press(c, texts.BTN_VOLUNTEER)
        for c in ("tg:2001", "tg:2002", "tg:2003", "tg:2004", "tg:2005"):
            s = await store.load_session(c)
            row = {"citizen": s.citizen, "state": s.state, "procedure": s.procedure, "step": s.step, "data": s.data}
            (OUT / f"{c.replace(':', '_')}.json").write_text(json.dumps(row, ensure_ascii=False, indent=1) + "\n")
            print(c, json.dumps(row, ensure_ascii=False))
asyncio.run(main())
