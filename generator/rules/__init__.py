"""The rules: from a validated profile to numbers, flags and reasons. No wording here."""
