"""The whole annual review beyond self-scores: verification (thẩm định), cross-scoring
(chấm chéo), ballots (phiếu suy tôn), the rating gate, rotation of the chair, and the grounds of
every proposal. Pure modules; only the ``write_*`` and ``read_*`` functions touch the disk.

Importing this package registers the R finding codes.
"""
from ..findings import review as _findings  # noqa: F401  (registers R codes)
