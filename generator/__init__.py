"""handouts: personalized, evidence-based PDF handouts on muscle twitches, cramps and recovery."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("handouts")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"
