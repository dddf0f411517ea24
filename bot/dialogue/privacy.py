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
    phone         what Google's libphonenumber (the `phonenumbers` package) takes for a valid
                  mobile or landline number: national ("0912345678", "024 3825 1234"),
                  "84912345678", or international with "+" ("+84 912 345 678", "(+84) 912..",
                  "+1 415 555 2671"). Hotlines (1800 / 1900 ...) are not personal: kept.
    id_card       12 digits whose first three are a province code 001-096 (CCCD), or 9 digits
                  (the old CMND)
    bank_account  any other run of 6 or more digits; 9 to 12 digits and phone-like numbers too
                  when an account word is just before them ("stk", "số tài khoản", "chuyển
                  khoản", a bank's name)

Numbers as people type them: the digits of one number may be separated by up to three blanks
(spaces, tabs, zero-width or other invisible characters: "0912  345  678", "0 9 1 2 3 4 5 6 7
8") or by one of . - / , _ ("0912/345/678", "0912_345_678"); a phone number or a 12-digit
CCCD may be glued to letters ("zalo0912345678", "0355111222k"); a word after the number
("k" for "không", "d", "tr") or a price word before it ("phí 079...", "giá: 0912...") does
not make a phone, CCCD or any number starting with 0 an amount.

Kept as they are (the false positives that matter in questions about procedures): numbers
under 6 digits (years, ages, "CT01", "Nghị định 123/2015"), dates (27/11/2026, 27.11.2026,
2026-11-27), year ranges (2020-2025), procedure codes (1.004194), amounts (15.000đ,
200000 đồng, 1.500.000, 2,000,000, "lệ phí 200000", "500000 k"), numbers glued to letters or
to "/" + letters (document numbers "123456/QĐ-UBND", file codes "H12-240315-0001").

Masking is deliberately greedy: a number that might be personal is masked. The matcher
should be given `placeholder="***"`: a tag such as "[số CCCD]" reads like a question about
the ID card.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from bot.dialogue import texts
from knowledge.normalise import fold

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

# Characters that show nothing (zero-width, soft hyphen, direction marks): inside a number
# they separate nothing a reader sees.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2066-\u2069\u202a-\u202e\ufeff"
_BLANK = f"[ \\t\u00a0\u2000-\u200a\u202f\u3000{_INVISIBLE}]"
# With a "+": +84 912 345 678, (+84) 24 3825 1234, +84 (0) 912..., +1 415 555 2671.
_PLUS_PHONE = re.compile(
    r"(?<![\w+])(?:\(\s*\+?\s?\d{1,3}\s*\)|\+\s?\d{1,3})(?:[ .\-]?\(0\))?(?:[ .\-]{0,2}\d){6,14}")
# An area code in brackets: (024) 3825 1234, (0243) 825.1234
_AREA_PHONE = re.compile(r"(?<!\w)\(0\d{1,3}\)\s?\d(?:[ .\-]?\d){5,8}(?!\d)")

# A number written in one piece: digits, possibly in groups joined by "." or "-" ("0912.345.678",
# dates, codes). Neighbouring pieces are joined below when only a `_JOINER` separates them.
_TOKEN = re.compile(r"\d+(?:[.\-]\d+)*")
_JOINER = re.compile(f"{_BLANK}{{1,3}}|{_BLANK}?[,_/.\\-]{_BLANK}?")
_BLANK_JOINER = re.compile(f"{_BLANK}{{1,3}}")

_DATE = re.compile(r"\d{1,2}[./\-]\d{1,2}[./\-](?:\d{2}|\d{4})|\d{4}[./\-]\d{1,2}[./\-]\d{1,2}")
# A date among pieces that might otherwise be joined: "01/02/2024 0912..." is a date and a phone.
_DAY, _MONTH = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])"
_DATE_INSIDE = re.compile(rf"(?<!\d)(?:{_DAY}\s?[./\-]\s?{_MONTH}\s?[./\-]\s?(?:19|20)\d\d"
                          rf"|(?:19|20)\d\d\s?[./\-]\s?{_MONTH}\s?[./\-]\s?{_DAY})(?!\d)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d-(?:19|20)\d\d")
_PROCEDURE_CODE = re.compile(r"\d\.\d{6}")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*")
# A currency or multiplier after an amount; the value: how many digits such an amount may have
# at most ("500000 k" is half a billion; "0355111222 k" is a phone number and a "k" = "không").
_CURRENCY_AFTER = re.compile(
    r"\s?(đồng|dong|đ|d|vnd|vnđ|k|nghìn|nghin|ngàn|ngan|triệu|trieu|tr|tỷ|tỉ|ty|usd|\$|%)(?!\w)",
    re.IGNORECASE)
_AMOUNT_DIGITS = {"k": 6, "nghin": 6, "ngan": 6, "trieu": 4, "tr": 4, "ty": 3}
_MAX_AMOUNT_DIGITS = 15
_CURRENCY_BEFORE = re.compile(
    r"(?:phí|phi|giá|gia|tiền|tien|lương|luong|vnd|vnđ|\$)\s*(?:là|la|:)?\s*$", re.IGNORECASE)
# Words that make a number a bank account (searched, folded, just before the number).
_BANK_CONTEXT = re.compile(
    r"\b(?:stk|so tk|tk|so tai khoan|tai khoan ngan hang|ngan hang|chuyen khoan|ck|account|bank"
    r"|vcb|vietcombank|techcombank|tcb|bidv|agribank|vietinbank|mbbank|mb|acb|tpbank|sacombank"
    r"|vpbank|hdbank|shb|ocb|vib|seabank|lpbank|momo|zalopay)\b[^0-9]{0,25}$")
# Words that make the next number personal, never an amount (searched, folded).
_PERSONAL_CONTEXT = re.compile(
    r"\b(?:cccd|cmnd|cmt|can cuoc|chung minh|dinh danh|so dien thoai|dien thoai|sdt|dt|zalo"
    r"|lien he|hotline|phone|tel)\b[^0-9]{0,20}$")
# Letters a number may be glued to and still be personal: "CCCD:0012...", "sdt0912...".
_PERSONAL_PREFIXES = {"cccd", "cmnd", "cc", "cmt", "sdt", "dt", "stk", "tk", "so", "mst", "id", "zalo"}
# What libphonenumber may call a personal number (not hotlines, toll-free, premium or shared-cost).
_PERSONAL_PHONE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE,
                                   PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.PERSONAL_NUMBER,
                                   PhoneNumberType.VOIP})

_MAX_DIGITS = 19  # longest bank account considered when joining pieces
_MAX_PIECES = 12  # a CCCD typed one digit at a time
_STRONG = ("phone", "id_card")  # kinds specific enough to be recognised however they are written


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
    for m in _PLUS_PHONE.finditer(text):
        phone_end = _plus_phone_end(m)
        if phone_end is not None and free(m.start(), phone_end):
            add("phone", m.start(), phone_end)
    for m in _AREA_PHONE.finditer(text):
        if free(m.start(), m.end()) and _phone_kind(_digits(m.group(0))) == "personal":
            add("phone", m.start(), m.end())

    tokens = _Tokens(text, [m for m in _TOKEN.finditer(text) if free(m.start(), m.end())])
    i = 0
    while i < len(tokens.tokens):
        best = _number_at(tokens, i)
        if best is None:
            i += 1
            continue
        kind, j = best
        add(kind, tokens.tokens[i].start(), tokens.tokens[j].end())
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
@dataclass(frozen=True)
class _Before:
    """What is written just before a number."""

    bank: bool  # an account word: the number is a bank account
    price: bool  # a price word: the number is an amount (unless it cannot be one)
    personal: bool  # "cccd", "sđt", ...: the number is never an amount


def _before(text: str, start: int) -> _Before:
    before = text[max(0, start - 60):start]
    folded = fold(before)
    bank = bool(_BANK_CONTEXT.search(folded))
    return _Before(bank, not bank and bool(_CURRENCY_BEFORE.search(before[-30:])),
                   bool(_PERSONAL_CONTEXT.search(folded)))


class _Tokens:
    """The numbers of a text written in one piece (`_TOKEN`), with what joins each to the next."""

    def __init__(self, text: str, tokens: list[re.Match[str]]) -> None:
        self.text = text
        self.tokens = tokens
        self.digits = [_digits(t.group(0)) for t in tokens]
        self.plain = [t.group(0).isdigit() for t in tokens]
        # gap[k]: between token k and k+1: "blank" (spaces, tabs, invisible), "mark" (, _ / . -)
        # or None (anything else: not one number)
        self.gap: list[str | None] = []
        for a, b in zip(tokens, tokens[1:], strict=False):
            if _BLANK_JOINER.fullmatch(text, a.end(), b.start()):
                self.gap.append("blank")
            elif _JOINER.fullmatch(text, a.end(), b.start()):
                self.gap.append("mark")
            else:
                self.gap.append(None)


def _number_at(ts: _Tokens, i: int) -> tuple[str, int] | None:
    """The personal number starting with token i, alone or joined with the tokens after it
    (see `_JOINER`): (kind, index of its last token). The longest phone or CCCD wins, then
    the longest other number."""
    text, tokens = ts.text, ts.tokens
    start = tokens[i].start()
    glued_before = _glued_before(text, start)
    if glued_before == "code":
        return None
    last = i
    while last + 1 < len(tokens) and last + 1 - i < _MAX_PIECES and ts.gap[last] is not None:
        last += 1
    context: _Before | None = None
    weak: tuple[str, int] | None = None
    for j in range(last, i - 1, -1):
        digits = "".join(ts.digits[i:j + 1])
        if not 6 <= len(digits) <= _MAX_DIGITS:
            continue
        weak_shape = j == i or _weak_group(ts, i, j)
        maybe_strong = digits[0] == "0" or digits.startswith("84")
        if not (weak_shape or maybe_strong):
            continue  # a phone number or a CCCD starts with 0 (or 84); else the usual shapes only
        if context is None:
            context = _before(text, start)
        kind = _classify(digits, context.bank)
        if kind is None:
            continue
        strong = kind == "phone" or (kind == "id_card" and len(digits) == 12 and not glued_before)
        if not strong and (weak is not None or not weak_shape or glued_before):
            continue
        end = tokens[j].end()
        span = text[start:end]
        if j == i:
            if _DATE.fullmatch(span) or _YEAR_RANGE.fullmatch(span) or _PROCEDURE_CODE.fullmatch(span):
                continue
        elif not _joinable(ts, i, j, span):
            continue
        glued_after = _glued_after(text, end)
        if glued_after == "code":
            continue
        if strong:
            return kind, j  # specific enough, however it is written
        if glued_after:
            continue  # other numbers glued to letters are codes
        if kind == "bank_account" and j > i and not (context.bank or _account_groups(ts, i, j)):
            continue
        if not _is_amount(text, start, end, digits, context):
            weak = (kind, j)
    return weak


def _joinable(ts: _Tokens, i: int, j: int, span: str) -> bool:
    """Whether tokens i..j may be one number: pieces of one digit each (typed one at a time)
    or of two or more each; not a date, not a list of years, not ending with an amount."""
    sizes = [len(d) for d in ts.digits[i:j + 1]]
    if not (all(n == 1 for n in sizes) or all(n >= 2 for n in sizes)):
        return False
    if _DATE_INSIDE.search(span) or all(_YEAR.fullmatch(t.group(0)) for t in ts.tokens[i:j + 1]):
        return False
    last = ts.tokens[j]  # "ngày 02/01 100.000đ": an amount ends it, it does not join it
    return not (_THOUSANDS.fullmatch(last.group(0)) and _CURRENCY_AFTER.match(ts.text, last.end()))


def _weak_group(ts: _Tokens, i: int, j: int) -> bool:
    """Tokens i..j in the shape of a number in groups that is neither a phone nor a CCCD:
    plain groups of two or more digits separated by blanks ("123 456 789")."""
    return (all(ts.plain[i:j + 1]) and all(len(d) >= 2 for d in ts.digits[i:j + 1])
            and all(g == "blank" for g in ts.gap[i:j]))


def _account_groups(ts: _Tokens, i: int, j: int) -> bool:
    """A bank account in groups without an account word before it: "9704 6677 8899 01" (at
    least 9 digits, not starting with a year: "năm 1950 10 ngày" is not one)."""
    sizes = [len(d) for d in ts.digits[i:j + 1]]
    return (sum(sizes) >= 9 and not _YEAR.fullmatch(ts.digits[i])
            and all(3 <= n <= 4 for n in sizes[:-1]) and 2 <= sizes[-1] <= 4)


def _classify(digits: str, bank: bool) -> str | None:
    """The kind of a number of `digits`; `bank`: an account word is just before it."""
    n = len(digits)
    if n < 6:
        return None
    if bank:
        return "bank_account"
    phone = _phone_kind(_national_or_plus(digits))
    if phone == "personal":
        return "phone"
    if phone == "public":
        return None  # a hotline: "tổng đài 1900 1234" stays readable
    if n == 9 or (n == 12 and 1 <= int(digits[:3]) <= 96):  # CCCD: the province code comes first
        return "id_card"
    return "bank_account"


def _national_or_plus(digits: str) -> str:
    """`digits` as libphonenumber should read them: "0912345678" (Vietnamese, national),
    "84912345678" -> "+84912345678", hotlines "19001234"; "" for what cannot be a phone
    number (nobody writes a mobile number without its 0: "912345678" is a CMND)."""
    if digits[0] == "0" and len(digits) in (10, 11):
        return digits
    if digits.startswith("84") and len(digits) in (11, 12):
        return "+" + digits
    if digits.startswith(("1800", "1900")):
        return digits
    return ""


@lru_cache(maxsize=4096)
def _phone_kind(number: str) -> str | None:
    """What libphonenumber takes `number` ("0912345678", "+84912345678", "+14155552671",
    "19001234") for: "public" (a valid hotline: toll-free 1800, 1900 ...), "personal" (a
    valid mobile or landline number, or one of a length that is possible for its country:
    numbering plans grow faster than any table, and masking stays greedy), or None."""
    if not number:
        return None
    try:
        parsed = phonenumbers.parse(number, "VN")
    except NumberParseException:
        return None
    if phonenumbers.is_valid_number(parsed):
        return "personal" if phonenumbers.number_type(parsed) in _PERSONAL_PHONE_TYPES else "public"
    if not (number.startswith("+") or number[:2] in ("02", "03", "05", "07", "08", "09")):
        return None  # national numbers start with 02 (landlines) or 03 05 07 08 09 (mobiles)
    return "personal" if phonenumbers.is_possible_number(parsed) else None


def _valid_phone(number: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, "VN"))
    except NumberParseException:
        return False


def _plus_phone_end(m: re.Match[str]) -> int | None:
    """Where the phone number of a `_PLUS_PHONE` match ends: after the most digits that make a
    valid number ("+84 912 345 678 và ..." stops after 678); None if no prefix of it is one."""
    raw = m.group(0)
    positions = [k for k, c in enumerate(raw) if c.isdigit()
                 and not (c == "0" and raw[k - 1:k] == "(" and raw[k + 1:k + 2] == ")")]  # "(0)"
    digits = _digits("".join(raw[k] for k in positions))
    # The most digits that make a valid number, else the most that make a possible one.
    numbers = ["+" + digits[:n] for n in range(len(digits), 7, -1)]
    best = next((number for number in numbers if _valid_phone(number)), None) or \
        next((number for number in numbers if _phone_kind(number) == "personal"), None)
    if best is None or _phone_kind(best) != "personal":
        return None  # none, or a hotline
    return m.start() + positions[len(best) - 2] + 1


def _digits(text: str) -> str:
    """The decimal digits of `text` as ASCII ("０９" -> "09")."""
    return "".join(str(unicodedata.decimal(c)) for c in text if c.isdecimal())


def _is_amount(text: str, start: int, end: int, digits: str, context: _Before) -> bool:
    """Money: a currency or multiplier after it that such an amount may have ("15.000đ",
    "200000 đồng", "500000 k"), a price word before it ("lệ phí 200000"), or thousands written
    with dots or commas under 9 digits ("1.500.000", "2,000,000"). Never a number starting with
    0, nor one after "cccd", "sđt" ... ("0355111222 k được": k is "không")."""
    if digits[0] == "0" or context.personal:
        return False
    unit = _CURRENCY_AFTER.match(text, end)
    if unit is not None and len(digits) <= _AMOUNT_DIGITS.get(fold(unit.group(1)), _MAX_AMOUNT_DIGITS):
        return True
    if context.price:
        return True
    return len(digits) < 9 and bool(_THOUSANDS.fullmatch(text[start:end]))


def _glued_before(text: str, start: int) -> str | None:
    """"letters": letters right before the number (not an ID/phone abbreviation such as
    "CCCD0012..."); "code": a letter and "/", "." or "-" ("QĐ/123456"); None: neither."""
    k = start
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    if k < start:
        return None if fold(text[k:start]) in _PERSONAL_PREFIXES else "letters"
    return "code" if start >= 2 and text[start - 1] in "./-" and text[start - 2].isalpha() else None


def _glued_after(text: str, end: int) -> str | None:
    """"letters": letters right after the number (unless a currency such as "200000đ" or
    "k"); "code": "/", "." or "-" and a letter ("123456/QĐ-UBND", "000.00.12.H12"); None."""
    if end < len(text) and text[end].isalpha() and not _CURRENCY_AFTER.match(text, end):
        return "letters"
    return "code" if end + 1 < len(text) and text[end] in "/.-" and text[end + 1].isalpha() else None
