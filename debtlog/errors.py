"""Expected failures, each with the contract's exit code and a message that says what to do.

Nothing here imports anything heavy: the CLI catches these at the top and prints the message
(plus the hint) without a traceback.
"""

from __future__ import annotations


class DebtlogError(Exception):
    """An expected failure the user can act on."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class InvalidInput(DebtlogError):
    """Usage error or invalid input: nothing was changed (exit 2)."""

    exit_code = 2


class VerificationFailed(DebtlogError):
    """The vault or a dossier does not match its hashes or signature (exit 1)."""

    exit_code = 1


class WrongPassphrase(DebtlogError):
    exit_code = 3


class VaultLocked(DebtlogError):
    exit_code = 4


class VaultDamaged(DebtlogError):
    exit_code = 5


class LineError(InvalidInput):
    """Invalid input at a position in a file."""

    def __init__(self, line: int, message: str, hint: str | None = None):
        super().__init__(message, hint)
        self.line = line
