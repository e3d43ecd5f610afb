"""The block's configuration: one schema (:mod:`.schema`), one reader (:mod:`.reader`), the model
(:mod:`.block`, :mod:`.review`, :mod:`.limits`) and loading."""
from .block import (KINDS, TEMPLATE_VERSION, AwardRules, Block, ConfigError, Criterion, Section,
                    Signer, Unit, load_block, parse_block, per_block, settings)
from .limits import IntakeLimits
from .review import ReviewConfig, Share, review_config

__all__ = ["KINDS", "TEMPLATE_VERSION", "AwardRules", "Block", "ConfigError", "Criterion",
           "IntakeLimits", "ReviewConfig", "Section", "Share", "Signer", "Unit", "load_block",
           "parse_block", "per_block", "review_config", "settings"]
