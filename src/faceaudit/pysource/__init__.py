"""Python source read through bandit: facial data followed from face libraries to network,
storage and log sinks, consent and face-only logins in code, and the stock bandit results that
matter for the security-measure articles. See docs/python-source.md.

bandit is imported only when there is Python to scan (:func:`scan_sources`), so a scan of a
tree without Python does not pay for loading it and its plugins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from faceaudit.errors import ErrorRecord
from faceaudit.model import CodeFinding


@dataclass(frozen=True)
class SourceFile:
    path: Path
    display: str


@dataclass(frozen=True)
class SourceScan:
    findings: tuple[CodeFinding, ...] = ()
    errors: tuple[ErrorRecord, ...] = ()
    hashes: tuple[tuple[str, str], ...] = ()  # (shown path, SHA-256) of every file read


def scan_sources(files: Sequence[SourceFile]) -> SourceScan:
    """bandit over the files, with faceaudit's tests and the stock tests that matter."""
    if not files:
        return SourceScan()
    from faceaudit.pysource.runner import run_bandit  # loads bandit: only when needed

    return run_bandit(files)


__all__ = ["SourceFile", "SourceScan", "scan_sources"]
