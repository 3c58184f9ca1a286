"""The stock bandit tests whose results faceaudit reports, and how it words them.

They are the weak cryptography, disabled TLS verification, hard-coded secret, insecure
deserialisation and permissive file-mode tests; every other bandit test is left to bandit. A
hard-coded password is worded by faceaudit, so its value never reaches a report.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StockTest:
    test_id: str
    name: str
    kind: str  # what it shows, in the words of FA921's evidence
    message: str | None = None  # faceaudit's own wording, where bandit's would show a secret


STOCK_TESTS: tuple[StockTest, ...] = (
    StockTest("B103", "set_bad_file_permissions", "permissive file mode"),
    StockTest("B105", "hardcoded_password_string", "hard-coded secret",
              "A string that looks like a password is assigned to a password-named variable"),
    StockTest("B106", "hardcoded_password_funcarg", "hard-coded secret",
              "A string that looks like a password is passed as a password-named argument"),
    StockTest("B107", "hardcoded_password_default", "hard-coded secret",
              "A function's password-named parameter has a hard-coded default"),
    StockTest("B301", "pickle", "insecure deserialisation"),
    StockTest("B302", "marshal", "insecure deserialisation"),
    StockTest("B303", "md5", "weak hash"),
    StockTest("B304", "ciphers", "weak cipher"),
    StockTest("B305", "cipher_modes", "weak cipher mode"),
    StockTest("B323", "unverified_context", "TLS verification off"),
    StockTest("B324", "hashlib_insecure_functions", "weak hash"),
    StockTest("B403", "import_pickle", "insecure deserialisation"),
    StockTest("B501", "request_with_no_cert_validation", "TLS verification off"),
    StockTest("B502", "ssl_with_bad_version", "old SSL/TLS version"),
    StockTest("B503", "ssl_with_bad_defaults", "old SSL/TLS version"),
    StockTest("B504", "ssl_with_no_version", "SSL/TLS version not set"),
    StockTest("B505", "weak_cryptographic_key", "weak key"),
    StockTest("B506", "yaml_load", "insecure deserialisation"),
)
BY_ID: dict[str, StockTest] = {t.test_id: t for t in STOCK_TESTS}
