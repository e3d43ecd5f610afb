"""The self-scoring template's contract, shared by its writer (report/template.py) and intake:
sheet names, the keys of the very hidden ``_meta`` sheet and its criterion table. The name of
``_meta`` itself is every form's (:data:`processor.model.META_SHEET`)."""

from .model import META_SHEET

SCORING_SHEET = "Tự chấm điểm"
INSTRUCTIONS_SHEET = "Hướng dẫn"
META_KEYS = ("template_version", "block_id", "block_name", "year", "unit_code", "unit_name",
             "criteria_hash", "scoring_sheet", "total_cell", "header_unit_cell",
             "header_unit_code_cell")
"""The key/value rows at the top of ``_meta`` (columns A/B), in this order."""
META_TABLE_HEADER = ("criterion_code", "sheet", "cell", "max", "kind", "evidence_cell")
"""The header row of ``_meta``'s criterion table: each criterion's input cell, one row each."""
META_TABLE_REQUIRED = META_TABLE_HEADER[:3]
"""The columns a reader needs to find every criterion's input cell (the rest are optional)."""
NOT_APPLICABLE_LABEL = "Không áp dụng"
"""What a template shows in the score cell of a criterion that does not apply to the unit."""

__all__ = ["INSTRUCTIONS_SHEET", "META_KEYS", "META_SHEET", "META_TABLE_HEADER", "META_TABLE_REQUIRED",
           "NOT_APPLICABLE_LABEL", "SCORING_SHEET"]
