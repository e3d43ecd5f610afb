"""Read a TOML file into a raw tree, or say in Vietnamese what is wrong and where.

A syntax error names the line and column and shows the line; a file that is missing, not UTF-8,
or nested too deep for the parser becomes a problem of the same kind, never a traceback.
"""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Callable

from .reader import ConfigError

FILE = "(tệp)"
SYNTAX = "(cú pháp TOML)"

_AT = re.compile(r"^(?P<msg>.*) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$",
                 re.S)

# tomllib's messages (CPython 3.11-3.13), in the words a secretary editing block.toml needs
_MESSAGES: list[tuple[str, Callable[[re.Match], str]]] = [
    (r"Invalid statement", lambda m: "dòng không hợp lệ: cần `khóa = giá trị`, `[bảng]` hoặc "
                                     "`[[danh sách bảng]]`"),
    (r"Expected '\]' at the end of a table declaration",
     lambda m: "thiếu dấu ']' đóng tên bảng"),
    (r"Expected '\]\]' at the end of an array declaration",
     lambda m: "thiếu ']]' đóng tên danh sách bảng"),
    (r"Cannot declare (?P<key>.+) twice", lambda m: f"bảng [{_dotted(m['key'])}] khai báo hai lần"),
    (r"Cannot overwrite a value",
     lambda m: "một khóa được gán hai lần (hoặc trùng tên với một bảng)"),
    (r"Cannot mutate immutable namespace (?P<key>.+)",
     lambda m: f"không thể thêm vào {_dotted(m['key'])}: bảng hay danh sách viết trên một dòng "
               "đã đóng"),
    (r"Cannot redefine namespace (?P<key>.+)",
     lambda m: f"không thể khai báo lại {_dotted(m['key'])}"),
    (r"Expected '=' after a key in a key/value pair",
     lambda m: "thiếu dấu '=' sau tên khóa (tên khóa có dấu cách hay chữ có dấu phải đặt trong "
               "ngoặc kép)"),
    (r"Invalid initial character for a key part",
     lambda m: "tên khóa bắt đầu bằng ký tự không hợp lệ (tên có dấu cách hay chữ có dấu phải đặt "
               "trong ngoặc kép)"),
    (r"Unclosed array", lambda m: "danh sách [...] chưa đóng"),
    (r"Unclosed inline table", lambda m: "bảng {...} chưa đóng"),
    (r"Duplicate inline table key (?P<key>.+)",
     lambda m: f"khóa {m['key']} lặp lại trong bảng {{...}}"),
    (r"Unescaped '\\\\' in a string",
     lambda m: "dấu \\ trong chuỗi ngoặc kép phải viết \\\\ (hoặc đặt chuỗi trong nháy đơn '...')"),
    (r"Invalid hex value",
     lambda m: "dấu \\ trong chuỗi ngoặc kép mở đầu một mã như \\u; viết \\\\ (hoặc đặt chuỗi trong "
               "nháy đơn '...')"),
    (r"Escaped character is not a Unicode scalar value",
     lambda m: "mã \\u... trong chuỗi không phải ký tự Unicode"),
    (r"Unterminated string", lambda m: "chuỗi chưa đóng dấu ngoặc kép"),
    (r"Illegal character '\\n'", lambda m: "chuỗi chưa đóng dấu ngoặc kép ở cuối dòng"),
    (r"Illegal character (?P<c>.+)", lambda m: f"ký tự không được phép {m['c']} trong chuỗi"),
    (r"Invalid date or datetime",
     lambda m: "ngày giờ không hợp lệ (dạng 2020-12-20 hoặc 2020-12-20T17:00:00)"),
    (r"Invalid value",
     lambda m: "giá trị không hợp lệ (chuỗi đặt trong ngoặc kép; số dùng dấu chấm thập phân; "
               "true/false viết thường)"),
    (r"Expected newline or end of document after a statement",
     lambda m: "thừa ký tự sau giá trị (mỗi khóa một dòng; ghi chú bắt đầu bằng #)"),
    (r"Found invalid character (?P<c>.+)", lambda m: f"ký tự không hợp lệ {m['c']}"),
    (r"Expected (?P<x>.+)", lambda m: f"cần {m['x']}"),
]


def _dotted(key: str) -> str:
    try:
        parts = ast.literal_eval(key)
    except (ValueError, SyntaxError):
        return key
    return ".".join(parts) if isinstance(parts, tuple) else str(parts)


def syntax_problem(exc: tomllib.TOMLDecodeError, text: str) -> tuple[str, str]:
    """(where, what) for a TOML syntax error: ``dòng 3, cột 5`` and the message with the line."""
    found = _AT.match(str(exc))
    msg, line, col = (found["msg"], found["line"], found["col"]) if found else (str(exc), None, None)
    what = next((f(m) for p, f in _MESSAGES if (m := re.match(p + r"\Z", msg, re.S))),
                f"lỗi cú pháp ({msg})")
    if line is None:
        return SYNTAX, f"lỗi cú pháp TOML ở cuối tệp: {what}"
    n, c = int(line), int(col)
    lines = text.splitlines()
    shown = lines[n - 1] if 0 < n <= len(lines) else ""
    if len(shown) > 100:
        start = max(0, c - 50)
        shown, c = shown[start:start + 100], c - start
    gutter = f"{n} | "
    return (f"dòng {n}, cột {int(col)}",
            f"lỗi cú pháp TOML: {what}\n{gutter}{shown}\n{' ' * (len(gutter) - 2)}| "
            f"{' ' * max(c - 1, 0)}^")


def read_toml(path: str | Path, error: type[ConfigError] = ConfigError) -> dict:
    """The file's TOML as nested dicts and lists; ``error(path, problems)`` when it cannot be read.
    A byte-order mark (Notepad's "UTF-8 with BOM") is allowed."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(str(path), [(FILE, "không tìm thấy tệp")]) from None
    except IsADirectoryError:
        raise error(str(path), [(FILE, "đây là thư mục, không phải tệp")]) from None
    except PermissionError:
        raise error(str(path), [(FILE, "không có quyền đọc tệp")]) from None
    except OSError as exc:
        raise error(str(path), [(FILE, f"không đọc được tệp ({exc.strerror or exc})")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise error(str(path), [(f"dòng {line}", "tệp không phải UTF-8; mở tệp và lưu lại với "
                                                  "bảng mã UTF-8")]) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(str(path), [syntax_problem(exc, text)]) from None
    except ValueError:               # an integer too long for int() (over 4300 digits)
        long = re.search(r"[0-9_]{1000,}", text)
        at = f"dòng {text.count(chr(10), 0, long.start()) + 1}" if long else SYNTAX
        raise error(str(path), [(at, "số quá dài, không đọc được")]) from None
    except RecursionError:
        raise error(str(path), [(SYNTAX, "mảng hoặc bảng lồng nhau quá sâu; tệp cấu hình chỉ cần "
                                         "vài cấp")]) from None
