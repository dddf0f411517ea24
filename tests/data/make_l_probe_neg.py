"""Generate labelled-2026-12-l-probe-neg.yaml: the negative twin of labelled-2026-12-l-probe.yaml.

Out-of-scope SHORT messages of the tunable sets (labelled-2026-12-f-neighbours and the expect: []
cases of the others: neighbour services, chit-chat) are put among hand-written context snippets,
so that the request sits in the last, the first or the middle clause of a long message (25 words
or more): neutral background, background that names one of OUR procedures told as done ("hồi
tháng trước tui mới làm căn cước gắn chíp") or as the citizen's situation ("nhà tui có sổ đỏ
rồi"), and trailing politeness. The label stays expect: []: the story names our procedure, the
request asks for something we do not cover, so the message must not be answered with ours.
Snippets are joined by a comma, a full stop or nothing, and half the messages lose their
diacritics (the helpers of make_l_probe.py).

The probe may be tuned on (it is built from tunable sets). Run from the repository root:

    python tests/data/make_l_probe_neg.py    # rewrites tests/data/labelled-2026-12-l-probe-neg.yaml
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import yaml
from make_l_probe import DONE, MIN_WORDS, NEUTRAL, TRAILING, _join, _plain, _words

SEED = 20261207
SOURCES = ("labelled-2026-12-f-neighbours.yaml", "labelled-questions.yaml", "dev-questions.yaml",
           "labelled-2026-12-tune.yaml", "labelled-2026-12-b-dev.yaml", "labelled-2026-12-c-dev.yaml",
           "labelled-2026-12-h-probes.yaml")
SHORTS = 84  # short messages drawn; each is put in the three positions
MAX_SHORT_WORDS = 14
OURS_SHARE = 0.55  # share of the context snippets that name one of our procedures

# Told as done, naming one of our procedures (new for this probe).
DONE_NEW = [
    "hồi tháng trước tui mới làm căn cước gắn chíp",
    "con tui mới làm khai sinh tuần rồi",
    "năm rồi tui mới đổi bằng lái xe qua thẻ PET",
    "tui mới đăng ký thường trú về nhà mới",
    "em mới nộp hồ sơ online trên cổng dịch vụ công hôm qua",
    "tháng trước em mới xin giấy xác nhận tình trạng hôn nhân",
    "chiếc xe tải nhỏ tui mới sang tên xong",
    "ông ngoại mất tháng rồi nhà đã làm khai tử",
    "vợ chồng em mới đăng ký kết hôn ở xã",
    "thẻ căn cước của má tui mới cấp lại do bị mất",
]
# The citizen's situation, naming one of our procedures: nothing done now, nothing asked.
SITUATION = [
    "nhà tui có sổ đỏ rồi",
    "tui ở trọ có đăng ký tạm trú đàng hoàng",
    "em có căn cước gắn chíp rồi",
    "con tui có giấy khai sinh đầy đủ",
    "hộ khẩu thường trú của em ở Thanh Hóa",
    "xe máy đứng tên chồng em",
    "tài khoản vneid của em là mức 2",
    "bằng lái của tui còn hạn tới năm 2030",
    "vợ chồng em có giấy đăng ký kết hôn",
    "giấy tờ nhà đất của ba má tui đầy đủ hết",
]


def shorts(here: Path, sources: Sequence[str] = SOURCES) -> list[str]:
    """The out-of-scope short messages of the sources, each once."""
    seen: set[str] = set()
    out = []
    for name in sources:
        for case in yaml.safe_load((here / name).read_text(encoding="utf-8"))["cases"]:
            q = case["q"].strip()
            if not case["expect"] and 3 <= len(q.split()) <= MAX_SHORT_WORDS and q.lower() not in seen:
                seen.add(q.lower())
                out.append(q)
    return out


def build(here: Path, seed: int = SEED, n: int = SHORTS, neutral: Sequence[str] = NEUTRAL,
          ours: Sequence[str] = (*(t for t, _ in DONE), *DONE_NEW, *SITUATION),
          trailing: Sequence[str] = TRAILING) -> list[dict[str, object]]:
    """n short messages, each in the three positions among the snippets given."""
    rng = random.Random(seed)
    requests = shorts(here)
    rng.shuffle(requests)

    def context(taken: list[str]) -> str:
        pool = ours if rng.random() < OURS_SHARE else neutral
        return rng.choice([t for t in pool if t not in taken])

    cases: list[dict[str, object]] = []
    for q in requests[:n]:
        request = q[0].lower() + q[1:]
        for position in ("last", "first", "middle"):
            before: list[str] = []
            after: list[str] = []
            if position == "last":
                before = [context([])]
                while _words([*before, request]) < MIN_WORDS:
                    before.append(context(before))
            elif position == "first":
                after = [context([]), rng.choice(trailing)]
                while _words([request, *after]) < MIN_WORDS:
                    after.insert(-1, context(after))
            else:
                before, after = [context([])], [rng.choice(trailing)]
                while _words([*before, request, *after]) < MIN_WORDS:
                    before.append(context(before))
            text = _join(rng, [*before, request, *after])
            text = text[0].upper() + text[1:]
            if rng.random() < 0.5:
                text = _plain(text)
            cases.append({"q": text, "expect": []})
    return cases


def write(path: Path, cases: list[dict[str, object]], header: str) -> None:
    lines = [header + "cases:"]
    for c in cases:
        q = str(c["q"]).replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'- {{q: "{q}", expect: [{", ".join(c["expect"])}]}}')  # type: ignore[arg-type]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    here = Path(__file__).resolve().parent
    header = (
        "# Negative twin of the long-message probe (issue 11, helper long-l2), GENERATED by\n"
        f"# tests/data/make_l_probe_neg.py (seed {SEED}): out-of-scope short messages of the tunable\n"
        "# sets put among hand-written context snippets (neutral background, one of our procedures\n"
        "# told as done or as the situation, trailing politeness), the request in the last, first or\n"
        "# middle clause; every case expects no procedure. Tunable.\n"
        "# Do not edit by hand: change the script and run it again.\n")
    write(here / "labelled-2026-12-l-probe-neg.yaml", build(here), header)


if __name__ == "__main__":
    main()
