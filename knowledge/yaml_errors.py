"""YAML syntax errors explained in Vietnamese, for the staff who edit procedures.yaml.

PyYAML's messages ("mapping values are not allowed here", "could not find expected ':'") say
what the parser met, in English, often a line after the real mistake. `explain` turns the
common cases (tab characters, a missing or extra colon, an unclosed quote or bracket, uneven
indentation) into what is wrong and how to fix it, with the line to look at.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class SyntaxProblem:
    line: int  # 1-based line to look at
    message: str  # Vietnamese, starting with "lỗi cú pháp YAML"


_HEAD = "lỗi cú pháp YAML"


def explain(exc: yaml.YAMLError, text: str) -> SyntaxProblem:
    """The line and the Vietnamese explanation of a PyYAML (C or Python) parse error."""
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    pmark = getattr(exc, "problem_mark", None)
    cmark = getattr(exc, "context_mark", None)
    pline = pmark.line + 1 if pmark is not None else 1
    pcol = pmark.column if pmark is not None else 0
    cline = cmark.line + 1 if cmark is not None else pline
    lines = text.splitlines()

    tab_line = _tab_line(lines, pline)
    if tab_line is not None and ("cannot start any token" in problem or "tab" in problem):
        return SyntaxProblem(tab_line, f"{_HEAD}: dòng này có ký tự Tab. Cách sửa: YAML chỉ thụt lề bằng "
                                       "dấu cách; xóa Tab và gõ dấu cách cho thẳng hàng với các dòng cùng cấp")
    unclosed = _unclosed_quote_line(lines, pline)
    if ("quoted scalar" in context and "end of stream" in problem) or unclosed is not None:
        return SyntaxProblem(unclosed or cline,
                             f"{_HEAD}: dấu ngoặc kép mở ở dòng này chưa được đóng. Cách sửa: thêm dấu "
                             "ngoặc đóng (\" hoặc ') ở cuối đoạn chữ, trên cùng dòng")
    if "escape character" in problem:
        return SyntaxProblem(pline, f"{_HEAD}: trong ngoặc kép có dấu '\\' không hợp lệ. Cách sửa: viết '\\\\' "
                                    "hoặc đặt đoạn chữ trong ngoặc đơn ('...')")
    if "flow sequence" in context:
        return SyntaxProblem(cline, f"{_HEAD}: danh sách mở bằng '[' ở dòng này chưa đóng, hoặc thiếu dấu phẩy "
                                    "giữa hai mục. Cách sửa: mỗi mục cách nhau bằng dấu phẩy và kết thúc bằng ']' "
                                    "trên cùng dòng; mục có dấu phẩy hay dấu ':' thì đặt trong ngoặc kép")
    if "flow mapping" in context:
        return SyntaxProblem(cline, f"{_HEAD}: bảng mở bằng '{{' ở dòng này chưa đóng, hoặc thiếu dấu phẩy. "
                                    "Cách sửa: viết dạng {khóa: giá trị, khóa: giá trị} và kết thúc bằng '}'; "
                                    "giá trị có dấu phẩy hay dấu ':' thì đặt trong ngoặc kép")
    if "could not find expected ':'" in problem:
        return SyntaxProblem(cline, f"{_HEAD}: dòng này thiếu dấu hai chấm sau tên khóa (vd: 'title: Đăng ký "
                                    "tạm trú'). Cách sửa: thêm ':' và một dấu cách sau tên khóa; nếu đây là đoạn "
                                    "chữ của dòng trên bị xuống dòng thì nối lại hoặc đặt trong ngoặc kép")
    if "mapping values are not allowed" in problem:
        before = lines[pline - 1][:pcol] if 0 < pline <= len(lines) else ""
        if ":" in before.split("#")[0] and before.strip() not in ("", "-"):
            return SyntaxProblem(pline, f"{_HEAD}: đoạn chữ ở dòng này có dấu ':' nên bị hiểu là một khóa mới. "
                                        "Cách sửa: đặt cả đoạn chữ trong ngoặc kép \"...\"")
        return SyntaxProblem(pline, f"{_HEAD}: dòng này thụt lề sai (nhiều hoặc ít dấu cách hơn các khóa cùng "
                                    "cấp). Cách sửa: cho dòng thẳng hàng với các khóa cùng cấp ở trên")
    if ("block collection" in context or "block mapping" in context or "expected <block end>" in problem
            or "expected key" in problem or "'-' indicator" in problem):
        return SyntaxProblem(pline, f"{_HEAD}: dòng này thụt lề không khớp với các dòng trên (bắt đầu ở dòng "
                                    f"{cline}). Cách sửa: các khóa cùng cấp phải thẳng hàng, cùng số dấu cách; "
                                    "mục danh sách bắt đầu bằng '- '")
    if "undefined alias" in problem:
        return SyntaxProblem(pline, f"{_HEAD}: có tham chiếu '*...' tới một mốc '&...' không tồn tại. Cách sửa: "
                                    "bỏ dấu '*' hoặc đặt đoạn chữ trong ngoặc kép")
    return SyntaxProblem(pline, f"{_HEAD} quanh dòng này. Cách sửa: kiểm tra thụt lề (chỉ dùng dấu cách), dấu ':' "
                                "sau mỗi tên khóa, ngoặc kép và ngoặc vuông đã đóng đủ")


def _tab_line(lines: list[str], near: int) -> int | None:
    """The line with a tab at or just before `near` (1-based; parsers report the next token), if any."""
    for n in range(min(near, len(lines)), max(near - 3, 0), -1):
        if "\t" in lines[n - 1]:
            return n
    return None


_OPENING_QUOTE = re.compile(r'(?:^|[:\-\[{,]\s*)"')


def _unclosed_quote_line(lines: list[str], near: int) -> int | None:
    """A line before `near` that opens a double-quoted text and has an odd number of quotes.

    A quote left open swallows the following lines, so the parser stops lines later, often
    with an indentation complaint; the line to fix is the one that opened it.
    """
    for n in range(min(near, len(lines)), max(near - 40, 0), -1):
        line = lines[n - 1]
        if line.lstrip().startswith("#") or not _OPENING_QUOTE.search(line):
            continue
        if (line.count('"') - line.count('\\"')) % 2 == 1:
            return n
    return None
