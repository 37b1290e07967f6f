"""Handing a case to a legal-aid volunteer, and a volunteer's many cases.

- ``keys``: the volunteer's identity (X25519 to receive, Ed25519 to sign), the public key
  string to paste and the fingerprint to read aloud.
- ``share``: a borrower's vault sealed to a volunteer's key and signed with the vault's key.
- ``cases``: a volunteer's cases, each its own read-only vault, with notes kept apart.

The formats are specified in docs/volunteer-guide.md ("File formats"); keep the two in step.
Importing this package is light: cryptography is imported inside the functions that use it.
"""
