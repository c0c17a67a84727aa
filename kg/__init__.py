"""kg: turn news about cities into a knowledge graph of their relations."""

from __future__ import annotations

__version__ = "0.1.0"
