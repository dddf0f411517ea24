"""Printable A4 posters: a procedure's name and a QR code that opens the assistant on it.

Staff print one per procedure and put it up at the commune office; a citizen scans the code
and Telegram opens the bot with `/start <procedure id>`.

`make_poster(procedure, deep_link(bot_username, procedure.id), Path("tam-tru.png"))` writes a
PNG (or a PDF when the path ends in .pdf) of an A4 portrait page at 200 dpi. Everything is
drawn inside print margins (office printers cannot print to the edge). Vietnamese needs a
font with its glyphs: DejaVu Sans, Noto Sans, Liberation Sans or FreeSans where the system
has one (Debian/Ubuntu: `apt-get install fonts-dejavu-core`), or any font fontconfig lists
for Vietnamese; `font=` overrides the search.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import qrcode  # type: ignore[import-untyped]  # (qrcode ships no type hints)
from PIL import Image, ImageDraw
from qrcode.constants import ERROR_CORRECT_Q  # type: ignore[import-untyped]

from bot.dialogue import texts
from bot.reports.fonts import font as _font  # shared with the statistics chart
from bot.reports.fonts import vietnamese_fonts as _fonts
from knowledge.models import Procedure

# Poster strings (Vietnamese first; candidates to move into bot/dialogue/texts.py).
POSTER_HEADER = "TRỢ LÝ DỊCH VỤ CÔNG"
POSTER_SCAN = "Quét mã QR để hỏi Trợ lý Dịch vụ công trên Telegram"

DPI = 200
A4_MM = (210, 297)
PAGE = (round(A4_MM[0] / 25.4 * DPI), round(A4_MM[1] / 25.4 * DPI))  # 1654 x 2339 px
MARGIN = round(15 / 25.4 * DPI)  # 15 mm
QUIET_ZONE = 4  # modules of white around the QR code, as the standard asks
INK = (0, 0, 0)
ACCENT = (11, 79, 156)  # dark blue: prints as dark grey in black and white
MUTED = (70, 70, 70)
PAPER = (255, 255, 255)

_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
_START_PARAMETER = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def deep_link(bot_username: str, procedure_id: str) -> str:
    """https://t.me/<bot>?start=<procedure id>: opens the bot and sends /start <procedure id>."""
    username = bot_username.strip().removeprefix("@")
    if not _USERNAME.match(username):
        raise ValueError(f"not a Telegram bot username: {bot_username!r}")
    if not _START_PARAMETER.match(procedure_id):
        raise ValueError(f"a start parameter is 1-64 letters, digits, '_' or '-': {procedure_id!r}")
    return f"https://t.me/{username}?start={procedure_id}"


def make_poster(procedure: Procedure, deep_link: str, out_path: Path, *, font: str | Path | None = None) -> Path:
    """Draw the poster and save it to `out_path` (PDF if it ends in .pdf, else PNG)."""
    out_path = Path(out_path)
    regular, bold = _fonts(font)
    page = Image.new("RGB", PAGE, PAPER)
    draw = ImageDraw.Draw(page)
    width = PAGE[0] - 2 * MARGIN
    y = MARGIN

    header = _font(regular, 40)
    draw.text((MARGIN, y), POSTER_HEADER, font=header, fill=ACCENT)
    y += _line_height(header) + 12
    draw.rectangle((MARGIN, y, PAGE[0] - MARGIN, y + 5), fill=ACCENT)
    y += 5 + 60

    title_font, title_lines = _fit_title(draw, _nfc(procedure.title), bold, width)
    y = _draw_lines(draw, title_lines, title_font, y, INK, centre=False)
    y += 40
    scan_font = _font(regular, 50)
    y = _draw_lines(draw, _wrap(draw, POSTER_SCAN, scan_font, width), scan_font, y, ACCENT, centre=False)

    footer_font = _font(regular, 30)
    footer_lines = _footer(draw, procedure, footer_font, width, max_lines=3)
    footer_top = PAGE[1] - MARGIN - len(footer_lines) * _line_height(footer_font)
    _draw_lines(draw, footer_lines, footer_font, footer_top, MUTED, centre=False)

    link_font = _font(regular, 44)
    link_lines = _wrap(draw, deep_link, link_font, width, max_lines=3)
    link_height = len(link_lines) * _line_height(link_font)

    # The QR code takes the space left between the texts, quiet zone included.
    matrix = _qr_matrix(deep_link)
    n = len(matrix)
    space_top, space_bottom = y + 20, footer_top - 50 - link_height - 20
    module = min(width, space_bottom - space_top) // (n + 2 * QUIET_ZONE)
    if module < 4:
        raise ValueError("the poster has no room left for the QR code")
    size = module * n
    left = (PAGE[0] - size) // 2
    top = space_top + module * QUIET_ZONE + max(0, (space_bottom - space_top - module * (n + 2 * QUIET_ZONE)) // 2)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                x0, y0 = left + c * module, top + r * module
                draw.rectangle((x0, y0, x0 + module - 1, y0 + module - 1), fill=INK)
    _draw_lines(draw, link_lines, link_font, top + size + module * QUIET_ZONE, INK, centre=True)

    out_path.parent.mkdir(parents=True, exist_ok=True)
    if out_path.suffix.lower() == ".pdf":
        # JPEG inside the PDF: high quality, no chroma subsampling, so edges stay sharp.
        page.save(out_path, "PDF", resolution=DPI, quality=95, subsampling=0)
    else:
        page.save(out_path, "PNG", dpi=(DPI, DPI), optimize=True)
    return out_path


# -- text layout -------------------------------------------------------------------------------

def _fit_title(draw: ImageDraw.ImageDraw, title: str, bold: str | None, width: int):
    """The largest size (110 down to 56 px) at which the title takes at most 4 lines; at the
    smallest size a longer title is cut after 5 lines with an ellipsis."""
    for size in range(110, 55, -6):
        font = _font(bold, size)
        lines = _wrap(draw, title, font, width)
        if len(lines) <= 4:
            return font, lines
    return font, _wrap(draw, title, font, width, max_lines=5)


def _footer(draw: ImageDraw.ImageDraw, procedure: Procedure, font, width: int, max_lines: int) -> list[str]:
    """"[Mã thủ tục … · ]Nguồn: … · Cập nhật: dd/mm/yyyy" from the citizen-facing fields only
    (never `staff_notes`); long sources are shortened, never the code or the date."""
    titles: list[str] = []
    for s in procedure.sources:
        if s.title not in titles:
            titles.append(s.title)
    source = _nfc(" ".join("; ".join(titles).split()))
    reviewed = procedure.reviewed.strftime("%d/%m/%Y")

    def lines(n: int) -> list[str]:
        shown = source if n >= len(source) else source[:n].rstrip() + "…"
        text = texts.CARD_FOOTER.format(source=shown, reviewed=reviewed)
        if procedure.code:
            text = texts.CARD_FOOTER_CODE.format(code=procedure.code, footer=text)
        return _wrap(draw, text, font, width)

    if len(lines(len(source))) <= max_lines:
        return lines(len(source))
    lo, hi = 0, len(source) - 1  # the longest shortened source that fits
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(lines(mid)) <= max_lines:
            lo = mid
        else:
            hi = mid - 1
    return lines(lo)[:max_lines]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int | None = None) -> list[str]:
    """Words on lines no wider than `width`; a word wider than a line is cut anywhere."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while draw.textlength(word, font=font) > width:
            cut = max(1, _fitting_prefix(draw, word, font, width))
            # Prefer to cut a link after a separator: ".../start=dang-ky-" | "tam-tru".
            after = max(word.rfind(ch, 0, cut) for ch in "-/?=&_.")
            if after >= cut // 2:
                cut = after + 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    if max_lines is not None and len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1]
        lines = lines[:max_lines - 1] + [last.rstrip() + "…"]
    return lines


def _fitting_prefix(draw: ImageDraw.ImageDraw, word: str, font, width: int) -> int:
    lo, hi = 1, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if draw.textlength(word[:mid], font=font) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _draw_lines(draw: ImageDraw.ImageDraw, lines: list[str], font, y: int, fill, centre: bool) -> int:
    step = _line_height(font)
    for line in lines:
        x = (PAGE[0] - draw.textlength(line, font=font)) / 2 if centre else MARGIN
        draw.text((x, y), line, font=font, fill=fill)
        y += step
    return y


def _line_height(font) -> int:
    ascent, descent = font.getmetrics()
    return int((ascent + descent) * 1.18)


def _nfc(text: str) -> str:
    # Decomposed input ("e" + combining marks) would place the marks badly.
    return unicodedata.normalize("NFC", text)


def _qr_matrix(data: str) -> list[list[bool]]:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=0, box_size=1)
    qr.add_data(data)
    qr.make(fit=True)
    return qr.get_matrix()
