"""The walkthroughs, as conversations: every guide of procedures.yaml walked to its end through
every branch, with "Quay lại", "Tôi bị vướng", "Dừng" and resuming on the way; what the citizen
sees is checked at every step. The walks are generated from each guide's graph (so that a new
branch is walked without a new test), the expectations come from what a citizen reads: "Bước N"
counting the path taken, the step's words, its buttons.

Also: the content rules of the walkthroughs added for the commune (register, no fee as a number,
one short step per screen), the temporary-residence target (a citizen with VNeID level 2 is
through in at most 12 steps), `dvcbot check` on broken guides, and the volunteers' card naming
the step as the citizen saw it.
"""
from __future__ import annotations

import os
import re
import subprocess
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.engine import Engine
from helpers import KB_PATH, REPO
from helpers.citizen import Citizen
from helpers.commands import run_dvcbot
from helpers.walkthrough import step_number

# The walkthroughs added for the commune's most frequent online procedures (issue 14).
NEW_GUIDES = ("vneid-dinh-danh-muc-2", "dang-ky-tam-tru", "dang-ky-thuong-tru", "dang-ky-khai-sinh",
              "cap-the-can-cuoc", "ly-lich-tu-phap", "dang-ky-xe", "tra-cuu-ho-so")
ALL_GUIDES = ("chu-ky-so-ca-nhan", "nop-ho-so-truc-tuyen", *NEW_GUIDES)


# --- the guide as a graph ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Move:
    """Pressing `label` on step `src` leads to step `dst`."""

    src: str
    label: str
    dst: str


def moves_from(guide, sid: str) -> list[Move]:
    step = guide.step(sid)
    if step.choices:
        return [Move(sid, c.label, c.goto) for c in step.choices]
    nxt = guide.next_of(sid)
    return [Move(sid, "Tiếp", nxt)] if nxt else []


def all_moves(guide) -> list[Move]:
    return [m for s in guide.steps for m in moves_from(guide, s.id)]


def is_end(guide, sid: str) -> bool:
    return not moves_from(guide, sid)


def shortest(guide, src: str, goal) -> list[Move]:
    """The fewest moves from `src` to a step for which goal(step id) holds."""
    queue, seen = deque([(src, [])]), {src}
    while queue:
        sid, path = queue.popleft()
        if goal(sid):
            return path
        for m in moves_from(guide, sid):
            if m.dst not in seen:
                seen.add(m.dst)
                queue.append((m.dst, path + [m]))
    raise AssertionError(f"nothing reachable from {src}")


@dataclass
class Walk:
    moves: list[Move]
    aim: int  # index of the move this walk was made for: "Quay lại" is tried right after it


def covering_walks(guide) -> list[Walk]:
    """Walks from the start to an end that together take every move (every branch) of the
    guide: each aims at a move not taken yet, then goes on by untaken moves to an end."""
    untaken = list(all_moves(guide))
    walks: list[Walk] = []
    while untaken:
        target = untaken[0]
        moves = shortest(guide, guide.start.id, lambda s, target=target: s == target.src) + [target]
        aim = len(moves) - 1
        visited = {m.src for m in moves} | {target.dst}
        current = target.dst
        while not is_end(guide, current):
            fresh = [m for m in moves_from(guide, current) if m in untaken and m not in moves and m.dst not in visited]
            step = fresh[0] if fresh else shortest(guide, current, lambda s: is_end(guide, s))[0]
            moves.append(step)
            visited.add(step.dst)
            current = step.dst
            assert len(moves) < 200, "a walk that does not end"
        walks.append(Walk(moves, aim))
        untaken = [m for m in untaken if m not in moves]
    return walks


# --- a citizen talking to the engine ----------------------------------------------------------------------
@pytest.fixture
def kb(knowledge):
    return knowledge.kb


@pytest.fixture
def engine(knowledge, store) -> Engine:
    return Engine(knowledge, store, Config())


def shows_step(citizen: Citizen, guide, sid: str, behind: int) -> None:
    """The citizen sees step `sid` with `behind` steps behind them on their path."""
    step = guide.step(sid)
    text = citizen.replies[-1].text
    n, m = step_number(text)
    assert n == behind + 1 and m >= n, (sid, text[:60])
    if step.title:
        assert text.splitlines()[0].endswith(step.title), (sid, text[:60])
    assert step.text.strip() in text, sid
    rows = citizen.rows()
    if step.choices:
        assert rows[:-1] == [[c.label] for c in step.choices], sid
    else:
        assert rows[:-1] == [["Xong" if is_end(guide, sid) else "Tiếp"]], sid
    assert rows[-1] == (["Quay lại"] if behind else []) + ["Tôi bị vướng", "Dừng"], sid


# --- every guide, every branch ---------------------------------------------------------------------------
def test_the_walks_take_every_branch_and_reach_every_step(kb):
    for pid in ALL_GUIDES:
        guide = kb.get(pid).guide
        assert guide is not None, pid
        for s in guide.steps:  # no dangling step: every button leads to a step of the guide
            for m in moves_from(guide, s.id):
                assert guide.step(m.dst) is not None, (pid, m)
        walks = covering_walks(guide)
        taken = {m for w in walks for m in w.moves}
        assert taken == set(all_moves(guide)), pid
        assert {guide.start.id} | {m.dst for m in taken} == {s.id for s in guide.steps}, pid
        assert all(is_end(guide, w.moves[-1].dst) for w in walks), pid


@pytest.mark.parametrize("pid", ALL_GUIDES)
async def test_each_guide_walked_to_its_end_through_every_branch(engine, store, kb, pid):
    p = kb.get(pid)
    guide = p.guide
    walks = covering_walks(guide)
    longest = max(range(len(walks)), key=lambda i: len(walks[i].moves))
    for number, walk in enumerate(walks):
        citizen = Citizen(engine, f"tg:{number + 1}", exact_labels=True)
        if number == 0:  # from the procedure's card
            await citizen.says(f"/start {pid}")
            assert p.title in citizen.sees
            await citizen.presses("Hướng dẫn từng bước")
        else:  # from a deep link
            await citizen.says(f"/start guide-{pid}")
        assert f"Hướng dẫn \"{p.title}\"" in citizen.sees
        path: list[str] = []
        current = guide.start.id
        shows_step(citizen, guide, current, 0)
        for i, move in enumerate(walk.moves):
            if number == longest and i == len(walk.moves) // 2:
                await _stuck_stop_and_resume(citizen, guide, current, len(path))
            await citizen.presses(move.label)
            path.append(current)
            current = move.dst
            shows_step(citizen, guide, current, len(path))
            if i == walk.aim:
                # "Quay lại" goes back along the path taken, then the same button leads on.
                await citizen.presses("Quay lại")
                shows_step(citizen, guide, move.src, len(path) - 1)
                await citizen.presses(move.label)
                shows_step(citizen, guide, current, len(path))
        if number == longest:
            # All the way back, step by step, then forward again by the same buttons.
            for behind in range(len(path) - 1, -1, -1):
                await citizen.presses("Quay lại")
                shows_step(citizen, guide, path[behind], behind)
            for i, move in enumerate(walk.moves):
                await citizen.presses(move.label)
                shows_step(citizen, guide, move.dst, i + 1)
        await citizen.presses("Xong")
        assert citizen.sees == texts.GUIDE_DONE.format(title=p.title)
        assert citizen.buttons == [texts.BTN_USEFUL, texts.BTN_NOT_USEFUL]
        session = await store.load_session(citizen.key)
        assert (session.state, session.step) == ("idle", None)


async def _stuck_stop_and_resume(citizen: Citizen, guide, sid: str, behind: int) -> None:
    n = behind + 1
    await citizen.presses("Tôi bị vướng")
    assert f"Bước {n}" in citizen.sees
    assert citizen.buttons == ["Gửi cho tình nguyện viên", f"Tiếp tục hướng dẫn (Bước {n})"]
    await citizen.presses(f"Tiếp tục hướng dẫn (Bước {n})")
    shows_step(citizen, guide, sid, behind)
    await citizen.presses("Dừng")
    assert f"Bước {n}" in citizen.sees and citizen.buttons == [f"Tiếp tục (Bước {n})"]
    await citizen.says("/tieptuc")
    shows_step(citizen, guide, sid, behind)


# --- the commune's targets ------------------------------------------------------------------------------------
async def test_with_vneid_level_2_temporary_residence_takes_at_most_12_steps(engine, kb):
    """A tenant with a level 2 account whose landlord uses VNeID, in the app: the first
    offered way at every branch after saying so."""
    guide = kb.get("dang-ky-tam-tru").guide
    citizen = Citizen(engine, "tg:42", exact_labels=True)
    await citizen.says("/start guide-dang-ky-tam-tru")
    seen = [citizen.replies[-1].text]
    await citizen.presses("Tự khai, đã có VNeID mức 2")
    seen.append(citizen.replies[-1].text)
    while "Xong" not in citizen.buttons:
        await citizen.presses(citizen.rows()[0][0])
        seen.append(citizen.replies[-1].text)
        assert len(seen) <= 20
    assert len(seen) <= 12, [t.splitlines()[0] for t in seen]
    assert step_number(seen[-1]) == (len(seen), len(seen))
    texts_seen = "\n".join(seen)
    for sid in ("giay-to-nha", "chu-nha-dong-y", "mo-vneid", "dinh-kem", "theo-doi", "bi-tra-ve"):
        assert guide.step(sid).text in texts_seen, sid
    await citizen.presses("Xong")
    assert citizen.sees.startswith("🎉")


@pytest.mark.parametrize("pid", ALL_GUIDES)
async def test_along_the_main_way_the_count_of_steps_holds_still(engine, kb, pid):
    """Taking the first offered way at every branch (the way the guide's author put first),
    the citizen reads "Bước 1/M", "Bước 2/M" … "Bước M/M": M does not jump on the way."""
    citizen = Citizen(engine, "tg:7", exact_labels=True)
    await citizen.says(f"/start guide-{pid}")
    numbers = [step_number(citizen.replies[-1].text)]
    while "Xong" not in citizen.buttons:
        await citizen.presses(citizen.rows()[0][0])
        numbers.append(step_number(citizen.replies[-1].text))
        assert len(numbers) < 40
    total = len(numbers)
    assert numbers == [(n, total) for n in range(1, total + 1)], numbers


def test_new_guides_read_well_on_a_phone_and_keep_the_rules(kb):
    money = re.compile(r"\d[\d.,]*\s*(?:đ\b|đồng|nghìn|triệu|000)", re.IGNORECASE)
    for pid in NEW_GUIDES:
        p = kb.get(pid)
        assert p.guide is not None, pid
        steps = p.guide.steps
        assert 8 <= len(steps) <= 25, pid
        for s in steps:
            where = f"{pid}:{s.id}"
            assert s.title and len(s.title) <= 40, where
            assert len(s.text) <= 300, where  # a phone screen, not a page
            assert not re.search(r"\bbạn\b", s.text, re.IGNORECASE), where  # "bà con", one register
            assert not money.search(s.text), where  # fees: the screen or the counter says them
            assert "1800" not in s.text, where  # no hotline number to verify
            assert "huyện" not in s.text.replace("không còn huyện", ""), where  # no district level
            for c in s.choices:
                assert len(c.label) <= 32, where  # one line on a phone's button
        texts_of = " ".join(s.text for s in steps)
        ends = [s for s in steps if is_end(p.guide, s.id)]
        # How to follow the dossier, and what to do when it comes back.
        assert re.search(r"mã hồ sơ|tiến độ|phê duyệt", texts_of), pid
        assert any(re.search(r"bổ sung|từ chối|trả về", s.text) for s in ends), pid


def test_no_guide_of_the_shipped_file_calls_the_citizen_ban(kb):
    """Every walkthrough, old and new, speaks in the one register: "bà con" for the citizen,
    "Trợ lý" for the assistant; also its step titles and buttons."""
    ban = re.compile(r"\bbạn\b", re.IGNORECASE)
    guided = [p for p in kb.procedures if p.guide is not None]
    assert {p.id for p in guided} >= set(ALL_GUIDES)
    offenders = [f"{p.id}:{s.id}" for p in guided for s in p.guide.steps
                 if any(ban.search(words) for words in (s.title, s.text, *(c.label for c in s.choices)))]
    assert offenders == []
    steps = [s for p in guided for s in p.guide.steps]
    assert sum("bà con" in s.text.lower() for s in steps) >= 2 * len(guided)  # the register is there


def test_e_signature_guide_says_the_vneid_service_runs(kb):
    words = " ".join(s.text for s in kb.get("chu-ky-so-ca-nhan").guide.steps)
    assert "thí điểm" not in words and "22/5/2025" in words  # running since 22/5/2025, no pilot
    assert "Nghị định 23/2025" in words and "miễn phí hoặc rất rẻ" in words


def test_judicial_records_are_with_the_police_now(kb):
    guide = kb.get("ly-lich-tu-phap").guide
    words = " ".join(s.text for s in guide.steps)
    assert "Công an tỉnh" in words and "VNeID" in words
    assert words.count("Sở Tư pháp") == words.count("không còn làm ở Sở Tư pháp") == 1
    choices = {c.label for s in guide.steps for c in s.choices}
    assert {"Phiếu số 1", "Phiếu số 2"} <= choices
    assert any("bưu điện" in label for label in choices) and "Chỉ cần phiếu điện tử" in choices


# --- dvcbot check --------------------------------------------------------------------------------------------
def dvcbot(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return run_dvcbot(*args, cwd=cwd, env=env)


def test_dvcbot_check_accepts_the_shipped_guides():
    run = dvcbot("check", str(KB_PATH))
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("pid", NEW_GUIDES)
def test_dvcbot_check_finds_a_broken_new_guide_with_its_line(tmp_path, kb, pid):
    """A button leading nowhere and a step nothing leads to, in each new guide."""
    guide = kb.get(pid).guide
    source = KB_PATH.read_text(encoding="utf-8").split("\n")
    branching = next(s for s in guide.steps if s.choices)
    goto_line = next(i for i in range(branching.line - 1, len(source))
                     if f"goto: {branching.choices[0].goto}}}" in source[i])
    source[goto_line] = source[goto_line].replace(f"goto: {branching.choices[0].goto}}}", "goto: khong-co}")
    # An orphan: a new last step that ends the walkthrough, reached by nothing.
    last = guide.steps[-1]
    end_of_last = next(i for i in range(last.line, len(source)) if not source[i].startswith("        "))
    source[end_of_last:end_of_last] = ['      - id: mo-coi', '        text: "Không ai tới được bước này."',
                                       '        end: true']
    broken = tmp_path / "procedures.yaml"
    broken.write_text("\n".join(source), encoding="utf-8")
    run = dvcbot("check", str(broken))
    assert run.returncode == 1
    problems = run.stdout + run.stderr
    assert f"{broken}:{goto_line + 1}: bước 'khong-co' không tồn tại" in problems, problems
    # (with a dangling button the graph is not checked further; fix it and the orphan shows)
    source[goto_line] = source[goto_line].replace("goto: khong-co}", f"goto: {branching.choices[0].goto}}}")
    broken.write_text("\n".join(source), encoding="utf-8")
    run = dvcbot("check", str(broken))
    assert run.returncode == 1
    assert f"{broken}:{end_of_last + 1}: bước 'mo-coi'" in run.stdout + run.stderr, run.stdout + run.stderr


# --- the volunteers see the step the citizen saw (issue 12, item 12) ---------------------------------------
async def test_the_volunteers_card_names_the_step_as_the_citizen_saw_it(world, knowledge):
    """Through a side branch the citizen's "Bước N" counts more steps than the shortest way to
    the step: the volunteers' card must say the same N (it said the shortest way's before)."""
    guide = knowledge.kb.get("dang-ky-tam-tru").guide
    lan = world.citizen()
    await lan.send("/start guide-dang-ky-tam-tru")
    await lan.press("Khai hộ người khác")
    await lan.press("Tiếp")
    shown = lan.last_text()
    n, m = step_number(shown)
    assert guide.step("giay-to-nha").text in shown and n == 3
    assert guide.depths()["giay-to-nha"] + 1 != n  # the side branch makes the difference
    await lan.press("Tôi bị vướng")
    assert f"Bước {n}" in lan.last_text()
    await lan.press("Gửi cho tình nguyện viên")
    await lan.press(texts.BTN_CONSENT_YES)
    step_title = f" \"{guide.step('giay-to-nha').title}\""
    line = texts.VOL_CARD_STEP.format(n=n, m=m, step_title=step_title)
    assert line in world.card(1)["text"]
    title = knowledge.kb.get("dang-ky-tam-tru").title
    assert texts.VOLUNTEER_STUCK_NOTE.format(n=n, title=title) in world.card(1)["text"]
    # Claimed: the card is rendered again from the stored escalation, with the same number.
    minh = world.volunteer(777, "Minh")
    await minh.press(texts.BTN_CLAIM, world.card(1))
    assert "Minh" in world.card(1)["text"] and line in world.card(1)["text"]


def test_the_card_of_an_escalation_stored_before_paths_were_kept(knowledge):
    """Escalations stored before revision 0004 have no path: the card numbers the step by the
    shortest way there, as before."""
    from bot.dialogue import group_posts as posts
    from bot.dialogue.hours import VolunteerHours
    from bot.storage.ports import Escalation

    kb = knowledge.kb
    guide = kb.get("dang-ky-tam-tru").guide
    old = Escalation(1, "tg:1", "câu hỏi", procedure="dang-ky-tam-tru", step="giay-to-nha")
    known = Escalation(2, "tg:1", "câu hỏi", procedure="dang-ky-tam-tru", step="giay-to-nha",
                       step_path=["bat-dau", "khai-ho"])
    hours = VolunteerHours.from_config(Config())
    depth = guide.depths()["giay-to-nha"] + 1
    title = f" \"{guide.step('giay-to-nha').title}\""
    assert f"Bước {depth}/" in posts.card_text(old, kb, hours)
    assert texts.VOL_CARD_STEP.split("{n}")[0] + "3/" in posts.card_text(known, kb, hours)
    assert title in posts.card_text(known, kb, hours)
