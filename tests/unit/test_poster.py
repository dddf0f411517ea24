"""Staff print a poster for a procedure: an A4 page with its name and a QR code that opens
the assistant on that procedure."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q

from bot.reports.poster import deep_link, make_poster
from knowledge.models import Fact, Online, Place, PlaceRef, Procedure, Source

DPI_RANGE = (150, 200)
A4_MM = (210.0, 297.0)


def procedure(title: str = "Đăng ký tạm trú", source: str = "https://dichvucong.gov.vn (Luật Cư trú 2020)",
              pid: str = "dang-ky-tam-tru") -> Procedure:
    return Procedure(
        id=pid, title=title, topic="cu-tru", summary="", aliases=("tạm trú",),
        questions=("đăng ký tạm trú ở đâu",), where=(PlaceRef(Place("cong-an-xa", "Công an xã Đại Phước")),),
        documents=("Tờ khai CT01",), time=(Fact("3 ngày làm việc"),), fee=(Fact("Miễn phí"),),
        online=Online(("VNeID",), ("https://dichvucong.gov.vn",)), steps=("Nộp tờ khai.",),
        sources=(Source(source, covers=("agency", "time", "fee")),), reviewed=date(2026, 11, 27),
    )


def dark(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("L")) < 128


def runs(row: np.ndarray) -> list[tuple[int, int]]:
    """(start, length) of the dark runs in a row of pixels."""
    padded = np.concatenate(([False], row, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b - a)) for a, b in zip(edges[::2], edges[1::2], strict=False)]


def find_qr(ink: np.ndarray, link: str) -> tuple[int, int, float, int] | None:
    """Where the QR code of `link` is drawn: (left, top, module size, error correction level),
    found from its two upper finder patterns and confirmed by sampling the centre of every
    module against the matrix qrcode generates for the link (levels M, Q or H)."""
    for level in (ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H):
        qr = qrcode.QRCode(error_correction=level, border=0)
        qr.add_data(link)
        qr.make(fit=True)
        matrix = np.array(qr.get_matrix(), dtype=bool)
        n = len(matrix)
        for y in range(ink.shape[0]):
            row_runs = runs(ink[y])
            for x0, length in row_runs:
                if length < 7 * 3:
                    continue
                s = length / 7
                right = x0 + (n - 7) * s
                if not any(abs(x - right) <= s / 2 and abs(n - length) <= 2 for x, n in row_runs):
                    continue
                centres = (np.arange(n) + 0.5) * s
                ys, xs = (y + centres).astype(int), (x0 + centres).astype(int)
                if ys[-1] >= ink.shape[0] or xs[-1] >= ink.shape[1]:
                    continue
                if np.array_equal(ink[np.ix_(ys, xs)], matrix):
                    return x0, y, s, level
    return None


def test_deep_link_opens_the_bot_on_the_procedure():
    assert deep_link("dvc_troly_bot", "dang-ky-tam-tru") == "https://t.me/dvc_troly_bot?start=dang-ky-tam-tru"
    assert deep_link("@dvc_troly_bot", "dang-ky-tam-tru") == "https://t.me/dvc_troly_bot?start=dang-ky-tam-tru"


@pytest.mark.parametrize("username, pid", [
    ("dvc bot", "dang-ky-tam-tru"), ("ab", "dang-ky-tam-tru"), ("dvc_troly_bot", "đăng ký"),
    ("dvc_troly_bot", "x" * 65), ("dvc_troly_bot", ""),
])
def test_deep_link_refuses_what_telegram_would_not_open(username, pid):
    with pytest.raises(ValueError):
        deep_link(username, pid)


def test_png_poster_is_a4_at_print_resolution(tmp_path):
    out = make_poster(procedure(), deep_link("dvc_troly_bot", "dang-ky-tam-tru"), tmp_path / "tam-tru.png")

    assert out == tmp_path / "tam-tru.png" and out.exists()
    with Image.open(out) as image:
        assert image.format == "PNG"
        width, height = image.size
        dpi = image.info["dpi"]
    assert DPI_RANGE[0] <= round(dpi[0]) <= DPI_RANGE[1] and round(dpi[0]) == round(dpi[1])
    assert (width, height) == (round(A4_MM[0] / 25.4 * round(dpi[0])), round(A4_MM[1] / 25.4 * round(dpi[1])))


def test_the_qr_code_is_the_deep_link_big_enough_to_scan(tmp_path):
    link = deep_link("dvc_troly_bot", "dang-ky-tam-tru")
    out = make_poster(procedure(), link, tmp_path / "poster.png")

    ink = dark(out)
    found = find_qr(ink, link)

    assert found is not None, "the QR matrix of the link is not on the poster"
    left, top, module, _level = found
    assert module >= 12  # about 1.5 mm per module at 200 dpi: easy for any phone
    # A quiet zone of 4 white modules left of the code and above it.
    assert not ink[int(top):int(top + 7 * module), int(left - 4 * module):int(left) - 1].any()
    assert not ink[int(top - 4 * module):int(top) - 1, int(left):int(left + 7 * module)].any()


def test_a_different_link_gives_a_different_code(tmp_path):
    out = make_poster(procedure(), deep_link("dvc_troly_bot", "dang-ky-tam-tru"), tmp_path / "poster.png")

    assert find_qr(dark(out), deep_link("dvc_troly_bot", "cap-the-can-cuoc")) is None


def test_pdf_poster_is_one_a4_page(tmp_path):
    out = make_poster(procedure(), deep_link("dvc_troly_bot", "dang-ky-tam-tru"), tmp_path / "poster.pdf")

    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(boxes) == 1  # one page
    width_pt, height_pt = (float(v) for v in boxes[0])
    assert abs(width_pt - A4_MM[0] / 25.4 * 72) < 2 and abs(height_pt - A4_MM[1] / 25.4 * 72) < 2


def test_a_long_title_wraps_inside_the_margins_and_the_code_still_fits(tmp_path):
    title = ("Cấp giấy xác nhận tình trạng hôn nhân cho công dân Việt Nam cư trú ở trong nước để đăng ký "
             "kết hôn với người nước ngoài tại cơ quan có thẩm quyền của nước ngoài ở nước ngoài, kèm hướng "
             "dẫn nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia và ứng dụng VNeID")
    source = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.000893 " * 4
    link = deep_link("dvc_troly_bot", "xac-nhan-tinh-trang-hon-nhan-de-ket-hon-voi-nguoi-nuoc-ngoai")
    out = make_poster(procedure(title, source), link, tmp_path / "long.png")

    ink = dark(out)
    height, width = ink.shape
    edge = round(10 / 25.4 * 200 * width / 1654)  # 10 mm: nothing is drawn there
    assert not ink[:, :edge].any() and not ink[:, width - edge:].any()
    assert not ink[:edge].any() and not ink[height - edge:].any()
    found = find_qr(ink, link)
    assert found is not None
    _left, top, _module, _level = found
    # The title took several lines above the code.
    inked_rows = np.flatnonzero(ink[:int(top)].any(axis=1))
    line_starts = np.flatnonzero(np.diff(inked_rows) > 5)
    assert len(line_starts) >= 4


def test_a_poster_can_be_written_into_a_new_folder(tmp_path):
    out = make_poster(procedure(), deep_link("dvc_troly_bot", "dang-ky-tam-tru"), tmp_path / "in" / "a.png")

    assert out.exists()


def test_the_poster_shows_source_code_and_date_but_never_a_staff_note(tmp_path, monkeypatch):
    from dataclasses import replace

    from PIL import ImageDraw

    drawn: list[str] = []
    original = ImageDraw.ImageDraw.text

    def recording(self, xy, text, *args, **kwargs):
        drawn.append(str(text))
        return original(self, xy, text, *args, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", recording)
    note = "GHI-CHU-NOI-BO [verify] hỏi Sở Tài chính mức phí mới"
    p = replace(procedure(), code="1.004194", staff_notes=(note,),
                sources=(Source("Luật Cư trú 2020", article="Điều 27", covers=("agency",)),
                         Source("Thông tư 75/2022/TT-BTC", covers=("time", "fee"))))
    make_poster(p, deep_link("dvc_troly_bot", p.id), tmp_path / "poster.png")
    everything = " ".join(drawn)
    assert "1.004194" in everything and "Luật Cư trú 2020" in everything and "Thông tư 75/2022/TT-BTC" in everything
    assert "27/11/2026" in everything
    assert "GHI-CHU" not in everything and "verify" not in everything and "Sở Tài chính" not in everything
