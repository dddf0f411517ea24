"""Generate labelled-2026-12-l-probe.yaml: a deterministic robustness probe for long messages.

In-scope SHORT messages of the tunable sets (labelled-questions, labelled-2026-12-tune, -b-dev,
-c-dev) are put among hand-written context snippets, so that the request sits in the last,
the first or the middle clause of a long message (25 words or more) as citizens write them:
neutral background (age, family, job, village, health), background told as done that names
ANOTHER procedure ("năm ngoái tui đã làm căn cước rồi"), and trailing politeness. The label is
the short message's. Snippets are joined by a comma, a full stop or nothing (citizens often
type no punctuation), and half the messages lose their diacritics.

The probe may be tuned on (it is built from tunable sets); it measures whether the reading of
long messages is robust, not any one sentence. Run from the repository root:

    python tests/data/make_l_probe.py        # rewrites tests/data/labelled-2026-12-l-probe.yaml
"""
from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import yaml

SEED = 20261206
SOURCES = ("labelled-questions.yaml", "labelled-2026-12-tune.yaml", "labelled-2026-12-b-dev.yaml",
           "labelled-2026-12-c-dev.yaml")
SHORTS = 100  # short messages drawn; each is put in the three positions
MIN_WORDS, MAX_SHORT_WORDS = 25, 14

# Neutral background: who the citizen is, nothing asked.
NEUTRAL = [
    "tui năm nay 62 tuổi rồi",
    "em là công nhân may ở khu công nghiệp Nhơn Trạch",
    "nhà em ở ấp 4 gần chợ",
    "chồng em chạy xe ôm còn em bán rau ngoài chợ",
    "má tui bị tiểu đường mắt kém đi đứng khó khăn",
    "em quê Sóc Trăng lên đây làm được 3 năm",
    "nhà có 2 đứa nhỏ đứa lớn học lớp 4",
    "tui làm rẫy ít khi ra xã",
    "em đi làm ca đêm ban ngày mới rảnh",
    "con trai tui đi làm ở Sài Gòn cuối tuần mới về",
    "tui không rành điện thoại toàn nhờ con cháu bấm giùm",
    "nhà tui cách ủy ban gần 10 cây số",
    "vợ em đang nằm viện mổ ruột thừa",
    "ba em lớn tuổi rồi tai hơi nặng",
    "em ở trọ chung với mấy đứa bạn cùng quê",
    "tui ở với thằng con út nó làm thợ hồ",
    "em làm nail ở Biên Hòa",
    "mấy bữa nay trời mưa quá trời",
    "em mới chuyển qua làm công ty gỗ được mấy tháng",
    "nhà em nuôi heo với gà bận tối ngày",
    "bà nội tui năm nay 85 tuổi còn minh mẫn lắm",
]
# Background told as done, naming another procedure: (text, the procedures it names).
DONE = [
    ("năm ngoái tui đã làm căn cước rồi", ("cap-the-can-cuoc", "cap-doi-cap-lai-can-cuoc")),
    ("tài khoản vneid em lên mức 2 rồi", ("vneid-dinh-danh-muc-2",)),
    ("tháng trước em đã đăng ký tạm trú xong rồi", ("dang-ky-tam-tru",)),
    ("hồi tháng 3 đã làm khai sinh cho bé rồi", ("dang-ky-khai-sinh",)),
    ("tụi em đăng ký kết hôn hồi 2020 rồi", ("dang-ky-ket-hon", "xac-nhan-tinh-trang-hon-nhan")),
    ("chiếc xe máy thì năm ngoái đã sang tên xong", ("sang-ten-xe", "dang-ky-xe")),
    ("sổ đỏ nhà tui đã sang tên cho con hồi tết rồi", ("dang-ky-bien-dong-dat-dai",)),
    ("hộ khẩu thì em đã nhập về nhà chồng rồi", ("dang-ky-thuong-tru",)),
    ("bằng lái em đổi qua thẻ nhựa rồi", ("doi-giay-phep-lai-xe",)),
    ("hồi trước ông nội mất đã làm khai tử xong xuôi", ("dang-ky-khai-tu",)),
    ("năm trước em có xin lý lịch tư pháp một lần rồi", ("ly-lich-tu-phap",)),
    ("chữ ký số thì em đăng ký bên Viettel rồi", ("chu-ky-so-ca-nhan",)),
    ("giấy tờ em đã đi chứng thực bản sao hết rồi", ("chung-thuc-ban-sao",)),
    ("hồi năm ngoái em đã tách hộ ra riêng rồi", ("tach-ho",)),
    ("lần trước đi làm xa em cũng đã khai báo tạm vắng rồi", ("khai-bao-tam-vang",)),
    ("hồ sơ em nộp trên mạng đã có kết quả rồi", ("tra-cuu-ho-so", "nop-ho-so-truc-tuyen")),
    ("chiếc xe mới mua thì đã bấm biển xong rồi", ("dang-ky-xe",)),
    ("giấy xác nhận cư trú em xin trên vneid được rồi", ("xac-nhan-thong-tin-cu-tru", "vneid-dinh-danh-muc-2")),
    ("lệ phí em đã chuyển khoản thanh toán xong", ("thanh-toan-truc-tuyen",)),
]
# After the request: politeness, or why they ask now.
TRAILING = [
    "cảm ơn chị nhiều nha",
    "em cảm ơn ạ",
    "tui già rồi không rành mong cô chỉ giùm",
    "chỉ giùm em với em cảm ơn",
    "mong ad trả lời sớm giùm em",
    "tại em đi làm suốt không có thời gian lên xã",
    "em hỏi trước cho chắc khỏi đi nhiều lần",
    "tuần sau em được nghỉ phép mấy ngày",
    "tui cảm ơn nhiều",
    "em không biết hỏi ai nên hỏi ở đây",
    "nói dễ hiểu giùm tui nha",
]


def _plain(text: str) -> str:
    """The text typed without diacritics."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def _shorts(here: Path) -> list[tuple[str, list[str]]]:
    seen: set[str] = set()
    out = []
    for name in SOURCES:
        for case in yaml.safe_load((here / name).read_text(encoding="utf-8"))["cases"]:
            q, expect = case["q"].strip(), list(case["expect"])
            if expect and 3 <= len(q.split()) <= MAX_SHORT_WORDS and q.lower() not in seen:
                seen.add(q.lower())
                out.append((q, expect))
    return out


def _context(rng: random.Random, expect: list[str], taken: list[str]) -> str:
    """One context snippet not taken yet: neutral, or told as done naming a procedure not
    expected."""
    if rng.random() < 0.45:
        done = [t for t, procs in DONE if not set(procs) & set(expect) and t not in taken]
        return rng.choice(done)
    return rng.choice([t for t in NEUTRAL if t not in taken])


def _join(rng: random.Random, parts: list[str]) -> str:
    text = parts[0]
    for p in parts[1:]:
        r = rng.random()
        sep = ", " if r < 0.65 else (" " if r < 0.85 else ". ")
        text = text.rstrip(" ?.,") + sep + p if sep != " " or not text.endswith("?") else text + " " + p
    return text


def _words(parts: list[str]) -> int:
    return sum(len(p.split()) for p in parts)


def build(here: Path) -> list[dict[str, object]]:
    rng = random.Random(SEED)
    shorts = _shorts(here)
    rng.shuffle(shorts)
    cases = []
    for q, expect in shorts[:SHORTS]:
        request = q[0].lower() + q[1:]
        for position in ("last", "first", "middle"):
            before: list[str] = []
            after: list[str] = []
            if position == "last":
                before = [_context(rng, expect, [])]
                while _words([*before, request]) < MIN_WORDS:
                    before.append(_context(rng, expect, before))
            elif position == "first":
                after = [_context(rng, expect, []), rng.choice(TRAILING)]
                while _words([request, *after]) < MIN_WORDS:
                    after.insert(-1, _context(rng, expect, after))
            else:
                before, after = [_context(rng, expect, [])], [rng.choice(TRAILING)]
                while _words([*before, request, *after]) < MIN_WORDS:
                    before.append(_context(rng, expect, before))
            parts = [*before, request, *after]
            text = _join(rng, parts)
            text = text[0].upper() + text[1:]
            if rng.random() < 0.5:
                text = _plain(text)
            cases.append({"q": text, "expect": expect})
    return cases


def main() -> None:
    here = Path(__file__).resolve().parent
    cases = build(here)
    header = (
        "# Robustness probe for long messages (issue 11, helper long-l), GENERATED by\n"
        f"# tests/data/make_l_probe.py (seed {SEED}): in-scope short messages of the tunable sets put\n"
        "# among hand-written context snippets (neutral background, another procedure told as done,\n"
        "# trailing politeness), the request in the last, first or middle clause. Tunable.\n"
        "# Do not edit by hand: change the script and run it again.\n")
    lines = [header + "cases:"]
    for c in cases:
        q = str(c["q"]).replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'- {{q: "{q}", expect: [{", ".join(c["expect"])}]}}')  # type: ignore[arg-type]
    (here / "labelled-2026-12-l-probe.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
