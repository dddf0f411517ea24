"""Personal data in citizens' texts: find it, mask it, spot shared secrets.

    find_personal("sđt 0912 345 678, CCCD 001203004567")
        -> [Finding("phone", 4, 16), Finding("id_card", 23, 35)]
    mask_personal("sđt 0912 345 678, CCCD 001203004567")
        -> "sđt [số điện thoại], CCCD [số CCCD]"
    mask_personal(text, placeholder="***")   # the same, every finding replaced by "***"
    looks_like_secret("mã OTP của em là 482913")  -> True

What is found (kinds, and the tag that replaces them, see `TAGS`):
    email         e-mail addresses
    secret        the value after "mật khẩu / OTP / PIN ... là|:" (it must contain a digit, so
                  "mã OTP là gì" is a question, not a secret), or 4-8 digits right after
                  "OTP" / "mã PIN" / "mã xác thực"
    phone         0 + 9-10 digits (mobile, landline), +84 / (+84) / 84 + 8-10 digits, also
                  written in groups with spaces, dots or dashes, "(024) 3825 1234"
    id_card       9 digits (CMND) or 12 digits starting with 0 (CCCD: the province code
                  001-096 comes first), also grouped ("001 203 004 567")
    bank_account  any other run of 6 or more digits (grouped or not); 9 to 12 digits and
                  phone-like numbers too when an account word is just before them ("stk",
                  "số tài khoản", "chuyển khoản", a bank's name)

Kept as they are (the false positives that matter in questions about procedures): numbers
under 6 digits (years, ages, "CT01", "Nghị định 123/2015"), dates (27/11/2026, 27.11.2026,
2026-11-27), year ranges (2020-2025), procedure codes (1.004194), amounts (15.000đ,
200000 đồng, 1.500.000, "lệ phí 200000"), numbers glued to letters or to "/" + letters
(document numbers "123456/QĐ-UBND", file codes "H12-240315-0001").

Masking is deliberately greedy: a number that might be personal is masked. The matcher
should be given `placeholder="***"`: a tag such as "[số CCCD]" reads like a question about
the ID card.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.normalise import fold

from bot.dialogue import texts

__all__ = ["Finding", "TAGS", "find_personal", "looks_like_secret", "mask_personal", "mask_secrets"]

TAGS: dict[str, str] = texts.PRIVACY_TAGS


@dataclass(frozen=True)
class Finding:
    kind: str  # "email" | "secret" | "phone" | "id_card" | "bank_account"
    start: int
    end: int  # text[start:end] is the personal data


# --- patterns ------------------------------------------------------------------------------------
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")

_SECRET_WORD = (r"(?:mật khẩu|mat khau|mk|password|pass|passcode|otp|mã otp|ma otp|mã pin|ma pin|pin"
                r"|mã xác thực|ma xac thuc|mã xác nhận|ma xac nhan)")
# "mật khẩu (của em) là Abc123": the value must contain a digit, so "mã OTP là gì" is a question.
# At most 64 non-digits before its first digit: an unbounded "\S*\d" made "pass:pass:pass:..."
# quadratic (each "pass:" rescanned the whole run looking for a digit: 0.3 s on 10,000 chars).
_SECRET_VALUE = re.compile(
    r"\b" + _SECRET_WORD + r"(?:\s+(?:của|cua)\s+\w+)?\s*(?:là|la|:|=)\s*([^\s\d]{0,64}\d\S*)",
    re.IGNORECASE)
# "OTP 482913", "mã PIN 1234"
_SECRET_DIGITS = re.compile(
    r"\b(?:otp|mã otp|ma otp|mã pin|ma pin|pin|mã xác thực|ma xac thuc|mã xác nhận|ma xac nhan)"
    r"\s*(\d{4,8})(?!\d)", re.IGNORECASE)
_SECRET_MENTION = re.compile(r"\b(?:mat khau|password|pass|passcode|otp|ma pin|pin|mk|ma xac thuc|ma xac nhan)\b")
_CODE_DIGITS = re.compile(r"(?<!\d)\d{4,}(?!\d)")

# +84 912 345 678, (+84) 24 3825 1234, +84-912-345-678
_INTL_PHONE = re.compile(
    r"(?<![\w+])(?:\(\s*\+?84\s*\)|\+\s?84)[ .\-]?(?:\(0\)\s?)?[1-9](?:[ .\-]?\d){7,9}(?!\d)")
# (024) 3825 1234, (0243) 825.1234
_AREA_PHONE = re.compile(r"(?<!\w)\(0\d{1,3}\)\s?\d(?:[ .\-]?\d){5,8}(?!\d)")

# A number: digits, possibly in groups joined by "." or "-" (no spaces: those are handled by
# joining neighbouring numbers below).
_NUMBER = re.compile(r"\d+(?:[.\-]\d+)*")
_SPACE = re.compile(r"[ \u00a0]")

_DATE = re.compile(r"\d{1,2}[.\-]\d{1,2}[.\-](?:\d{2}|\d{4})|\d{4}[.\-]\d{1,2}[.\-]\d{1,2}")
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d-(?:19|20)\d\d")
_PROCEDURE_CODE = re.compile(r"\d\.\d{6}")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_CURRENCY_AFTER = re.compile(
    r"\s?(?:đ|đồng|dong|d|vnd|vnđ|k|nghìn|nghin|ngàn|ngan|triệu|trieu|tr|tỷ|tỉ|ty|usd|\$|%)(?!\w)",
    re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(
    r"(?:phí|phi|giá|gia|tiền|tien|lương|luong|vnd|vnđ|\$)\s*(?:là|la|:)?\s*$", re.IGNORECASE)
# Words that make a number a bank account (searched, folded, just before the number).
_BANK_CONTEXT = re.compile(
    r"\b(?:stk|so tk|tk|so tai khoan|tai khoan ngan hang|ngan hang|chuyen khoan|ck|account|bank"
    r"|vcb|vietcombank|techcombank|tcb|bidv|agribank|vietinbank|mbbank|mb|acb|tpbank|sacombank"
    r"|vpbank|hdbank|shb|ocb|vib|seabank|lpbank|momo|zalopay)\b[^0-9]{0,25}$")
# Letters a number may be glued to and still be personal: "CCCD:0012...", "sdt0912...".
_PERSONAL_PREFIXES = {"cccd", "cmnd", "cc", "cmt", "sdt", "dt", "stk", "tk", "so", "mst", "id"}

_MAX_DIGITS = 19  # longest bank account considered when joining groups
_MAX_GROUPS = 6


# --- the public functions ------------------------------------------------------------------------
def find_personal(text: str) -> list[Finding]:
    """The personal data in `text`, left to right, never overlapping."""
    if not _MAYBE_PERSONAL.search(text):
        return []
    return list(_find(text))


_MAYBE_PERSONAL = re.compile(r"[\d@]")


@lru_cache(maxsize=256)  # the engine looks at the same text several times in one turn
def _find(text: str) -> tuple[Finding, ...]:
    found: list[Finding] = []
    covered = bytearray(len(text) + 1)

    def free(start: int, end: int) -> bool:
        return not any(covered[start:end])

    def add(kind: str, start: int, end: int) -> None:
        found.append(Finding(kind, start, end))
        covered[start:end] = b"\x01" * (end - start)

    for m in _EMAIL.finditer(text):
        add("email", m.start(), m.end())
    for rx in (_SECRET_VALUE, _SECRET_DIGITS):
        for m in rx.finditer(text):
            start, end = m.start(1), m.end(1)
            value = m.group(1)
            while end > start and value[-1] in ".,;!?)\"'":  # sentence punctuation is not the value
                end, value = end - 1, value[:-1]
            if end > start and free(start, end):
                add("secret", start, end)
    for rx in (_INTL_PHONE, _AREA_PHONE):
        for m in rx.finditer(text):
            digits = sum(c.isdigit() for c in m.group(0))
            if rx is _AREA_PHONE and digits not in (10, 11):
                continue
            if free(m.start(), m.end()):
                add("phone", m.start(), m.end())

    numbers = [m for m in _NUMBER.finditer(text) if free(m.start(), m.end())]
    i = 0
    while i < len(numbers):
        best = _best_from(text, numbers, i)
        if best is None:
            i += 1
            continue
        kind, j = best
        add(kind, numbers[i].start(), numbers[j].end())
        i = j + 1
    return tuple(sorted(found, key=lambda f: f.start))


def mask_personal(text: str, placeholder: str | None = None, kinds: frozenset[str] | None = None) -> str:
    """`text` with every finding of `find_personal` (of `kinds`, default all) replaced by its
    tag ("[số CCCD]", ...), or by `placeholder` when one is given."""
    out: list[str] = []
    pos = 0
    for f in find_personal(text):
        if kinds is not None and f.kind not in kinds:
            continue
        out.append(text[pos:f.start])
        out.append(placeholder if placeholder is not None else TAGS[f.kind])
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def mask_secrets(text: str) -> str:
    """Passwords, OTPs and PINs masked, personal numbers kept: what may be kept of a question
    for the claiming volunteer's "Xem số đã ẩn" (a secret is never stored nor shown)."""
    return mask_personal(text, kinds=frozenset({"secret"}))


def looks_like_secret(text: str) -> bool:
    """A password, OTP or PIN shared together with its value ("mã OTP là 482913",
    "mật khẩu của em là Abc1234"); "mã OTP là gì" or "quên mật khẩu" are not."""
    if not _SECRET_MENTION.search(fold(text)):
        return False
    if _SECRET_VALUE.search(text):
        return True
    return any(not _YEAR.fullmatch(m.group(0)) for m in _CODE_DIGITS.finditer(text))


# --- numbers -------------------------------------------------------------------------------------------
def _best_from(text: str, numbers: list[re.Match[str]], i: int) -> tuple[str, int] | None:
    """The personal number starting with numbers[i] (alone, or joined with the following
    numbers when only single spaces separate them): (kind, index of its last number)."""
    first = numbers[i]
    start = first.start()
    if _glued_before(text, start) or _glued_after(text, first.end()):
        return None
    context: list[bool] = []

    def words_before() -> tuple[bool, bool]:
        """(an account word, a price word) just before the number; looked at once."""
        if not context:
            before = text[max(0, start - 60):start]
            bank = bool(_BANK_CONTEXT.search(fold(before)))
            context.extend((bank, not bank and bool(_CURRENCY_BEFORE.search(before[-30:]))))
        return context[0], context[1]

    # Groups written with spaces: "0912 345 678", "001 203 004 567", "1903 6677 8899".
    joined: list[tuple[int, str, int]] = []  # (priority, kind, j)
    chunks = [first.group(0)]
    j = i
    while j + 1 < len(numbers) and len(chunks) < _MAX_GROUPS:
        nxt = numbers[j + 1]
        if not _SPACE.fullmatch(text[numbers[j].end():nxt.start()]):
            break
        chunks.append(nxt.group(0))
        j += 1
        if not (chunks[-1].isdigit() and len(chunks[-1]) >= 2 and chunks[0].isdigit() and len(chunks[0]) >= 2):
            break
        digits = "".join(chunks)
        if len(digits) > _MAX_DIGITS:
            break
        if len(digits) < 6 or all(_YEAR.fullmatch(c) for c in chunks) or _glued_after(text, nxt.end()):
            continue
        bank, price = words_before()
        if _is_amount(text, start, nxt.end(), digits, price):
            continue
        kind = _classify(digits, bank)
        if kind in ("phone", "id_card"):
            joined.append((2, kind, j))
        elif kind == "bank_account" and all(3 <= len(c) <= 4 for c in chunks[:-1]) \
                and 2 <= len(chunks[-1]) <= 4:
            joined.append((1, kind, j))  # "1903 6677 8899 01"
    if joined:
        _, kind, j = max(joined, key=lambda p: (p[0], p[2]))
        return kind, j
    # One number on its own.
    token = first.group(0)
    digits = token if token.isdigit() else re.sub(r"\D", "", token)
    if len(digits) < 6:
        return None
    if _DATE.fullmatch(token) or _YEAR_RANGE.fullmatch(token) or _PROCEDURE_CODE.fullmatch(token):
        return None
    bank, price = words_before()
    if _is_amount(text, start, first.end(), digits, price):
        return None
    return _classify(digits, bank), i


def _classify(digits: str, bank: bool) -> str | None:
    """The kind of a number of `digits`; `bank`: an account word is just before it."""
    n = len(digits)
    if n < 6:
        return None
    if digits[0] == "0" and n in (10, 11) and digits[1] != "0" and not bank:
        return "phone"
    if digits.startswith("84") and n in (11, 12) and digits[2] != "0" and not bank:
        return "phone"
    if (n == 9 or (n == 12 and digits[0] == "0")) and not bank:  # CCCD: province code 001-096
        return "id_card"
    return "bank_account"


def _is_amount(text: str, start: int, end: int, digits: str, price_before: bool) -> bool:
    """Money: a currency after it ("15.000đ", "200000 đồng"), a price word before it ("lệ phí
    200000": `price_before`), or thousands written with dots under 9 digits ("1.500.000")."""
    if price_before or _CURRENCY_AFTER.match(text, end):
        return True
    return len(digits) < 9 and bool(_THOUSANDS.fullmatch(text[start:end]))


def _glued_before(text: str, start: int) -> bool:
    """Part of a code rather than a number of its own: letters right before it (unless an
    ID/phone abbreviation such as "CCCD0012..."), or a letter and "/", "." or "-" ("QĐ/123456")."""
    k = start
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    if k < start:
        return fold(text[k:start]) not in _PERSONAL_PREFIXES
    return start >= 2 and text[start - 1] in ".-/" and text[start - 2].isalpha()


def _glued_after(text: str, end: int) -> bool:
    """Letters right after it (unless a currency such as "200000đ"), or "/", "." or "-" and a
    letter ("123456/QĐ-UBND", "000.00.12.H12")."""
    if end < len(text) and text[end].isalpha() and not _CURRENCY_AFTER.match(text, end):
        return True
    return end + 1 < len(text) and text[end] in "/.-" and text[end + 1].isalpha()
