"""faceaudit: find where a system's handling of facial data breaches the rules that govern it."""

__version__ = "0.1.0"

from faceaudit.engine import ScanOptions, scan
from faceaudit.formats import Format, render
from faceaudit.gate import ExitCode, exit_code

__all__ = ["ExitCode", "Format", "ScanOptions", "__version__", "exit_code", "render", "scan"]
