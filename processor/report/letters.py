"""Per-unit reply texts for `thidua check --feedback DIR`: what was received, what is wrong
(sheet and cell), and what to do — ready to paste into a reply e-mail."""
from __future__ import annotations

from ..labels import format_number, label
from ..model import Result


def _t(key: str, lang: str, **params) -> str:
    return label(f"letters.{key}", lang, **params)


def unit_feedback(result: Result, lang: str = "vi") -> dict[str, str]:
    """unit code -> message text."""
    b = result.block
    deadline = (b.deadline.strftime("%H:%M ngày %d/%m/%Y" if lang == "vi" else "%H:%M %d/%m/%Y")
                if b.deadline else None)
    out = {}
    for u in sorted(result.units, key=lambda x: x.code):
        lines = [_t("greeting", lang, name=u.name), ""]
        used = [s for s in result.sources if s.unit == u.code and s.status == "used"]
        undecided = [s.file for s in result.sources if s.unit == u.code and s.status == "undecided"]
        if u.status == "not_participating":
            lines.append(_t("not_participating", lang, block=b.name, year=b.year,
                            reason=b.unit(u.code).not_participating))
        elif not used and undecided:      # several files, none known to be the newest: not scored
            lines.append(_t("undecided", lang, block=b.name, year=b.year,
                            files=", ".join(f'"{name}"' for name in undecided)))
            errors = [f for f in result.findings if f.unit == u.code and f.severity == "error"]
            lines += ["", _t("errors", lang, n=len(errors))] + [_item(f, lang) for f in errors]
            lines += ["", _t("resend", lang, deadline=deadline) if deadline
                      else _t("resend_nodate", lang)]
        elif not used:
            lines.append(_t("none", lang, block=b.name, year=b.year,
                            deadline=_t("deadline", lang, deadline=deadline) if deadline else ""))
        else:
            s = used[0]
            lines.append(_t("received", lang, block=b.name, year=b.year, file=s.file,
                            time=s.received.strftime("%H:%M %d/%m/%Y")))
            mine = [f for f in result.findings if f.unit == u.code and f.file == s.file]
            errors = [f for f in mine if f.severity == "error"]
            warnings = [f for f in mine if f.severity == "warning"]
            if errors:
                lines += ["", _t("errors", lang, n=len(errors))] + [_item(f, lang) for f in errors]
            if warnings:
                lines += (["", _t("warnings", lang, n=len(warnings))]
                          + [_item(f, lang) for f in warnings])
            if errors:
                lines += ["", _t("resend", lang, deadline=deadline) if deadline
                          else _t("resend_nodate", lang)]
            elif not warnings:
                lines += ["", _t("ok", lang, score=format_number(u.final_score, lang))]
            others = [x.file for x in result.sources if x.unit == u.code and x.status != "used"]
            if others:
                lines += ["", _t("other_files", lang, files=", ".join(others))]
        lines += ["", _t("sign", lang)]
        out[u.code] = "\n".join(lines) + "\n"
    return out


def _item(f, lang: str) -> str:
    where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or f.file or "")
    action = f.action(lang)
    return _t("item", lang, where=where, message=f.message(lang),
              action=_t("action", lang, action=action) if action else "")
