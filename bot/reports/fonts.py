"""TrueType fonts that draw Vietnamese, for the pictures dvcbot makes (posters, statistics chart).

    regular, bold = vietnamese_fonts()        # paths, or (None, None) for Pillow's own font
    title = font(bold, 48)                    # an ImageFont at 48 px

The search: DejaVu Sans, Noto Sans, Liberation Sans or FreeSans where the system has one
(Debian/Ubuntu: `apt-get install fonts-dejavu-core`), then any font fontconfig lists for
Vietnamese, then Pillow's built-in font if it has the letters. Each candidate is checked by
drawing Vietnamese letters, so a font that would show "missing glyph" boxes is never used.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

VIETNAMESE_SAMPLE = "ĐđƯưƠơẤấẶặỆệỖỗỮữỹỳẻ"

_FONT_FILES = (  # (regular, bold), best first
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("FreeSans.ttf", "FreeSansBold.ttf"),
    ("Arial.ttf", "Arial Bold.ttf"),
    ("arial.ttf", "arialbd.ttf"),
)
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
              "/Library/Fonts", "/System/Library/Fonts/Supplemental", "C:/Windows/Fonts")


def font(path: str | None, size: int):
    """The font at `path` in `size` pixels; Pillow's own font when `path` is None."""
    if path is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(path, size)


def vietnamese_fonts(override: str | Path | None = None) -> tuple[str | None, str | None]:
    """(regular, bold) font paths with Vietnamese glyphs; None means Pillow's own font.

    `override`: use this font file for both (ValueError if it lacks Vietnamese letters).
    RuntimeError (with a Vietnamese and English message) when no such font exists.
    """
    if override is not None:
        path = str(override)
        if not covers_vietnamese(ImageFont.truetype(path, 40)):
            raise ValueError(f"the font {path} has no Vietnamese letters")
        return path, path
    return _system_fonts()


@lru_cache(maxsize=1)
def _system_fonts() -> tuple[str | None, str | None]:
    found: dict[str, str] = {}
    wanted = {name for pair in _FONT_FILES for name in pair}
    for directory in _FONT_DIRS:
        root = Path(directory).expanduser()
        if root.is_dir():
            for path in root.rglob("*.tt[fc]"):
                if path.name in wanted:
                    found.setdefault(path.name, str(path))
    for regular, bold in _FONT_FILES:
        if regular in found and covers_vietnamese(ImageFont.truetype(found[regular], 40)):
            bold_path = found.get(bold)
            if bold_path is None or not covers_vietnamese(ImageFont.truetype(bold_path, 40)):
                bold_path = found[regular]
            return found[regular], bold_path
    for candidate in _fontconfig_vietnamese():
        if covers_vietnamese(ImageFont.truetype(candidate, 40)):
            return candidate, candidate
    if covers_vietnamese(ImageFont.load_default(size=40)):
        return None, None
    raise RuntimeError(
        "Không tìm thấy phông chữ có dấu tiếng Việt để vẽ hình. "
        "Hãy cài một phông, ví dụ: apt-get install fonts-dejavu-core "
        "(no font with Vietnamese glyphs found; install e.g. fonts-dejavu-core)"
    )


def _fontconfig_vietnamese() -> list[str]:
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=vi", "file"], capture_output=True,
                             text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    paths = [line.split(":")[0].strip() for line in out.splitlines()]
    styled = re.compile(r"bold|italic|oblique|light|thin|black|condensed|mono|serif", re.I)
    # Upright regular sans faces first.
    return sorted((p for p in paths if p.lower().endswith((".ttf", ".otf"))),
                  key=lambda p: (bool(styled.search(Path(p).name)), p))


def covers_vietnamese(font) -> bool:
    """Does the font draw Vietnamese letters (rather than its "missing glyph" box)?"""
    missing = _glyph(font, "\U0010fffd")
    return all(_glyph(font, ch) != missing for ch in VIETNAMESE_SAMPLE)


def _glyph(font, ch: str) -> tuple:
    mask = font.getmask(ch)
    return mask.size, bytes(mask)


__all__ = ["VIETNAMESE_SAMPLE", "covers_vietnamese", "font", "vietnamese_fonts"]
