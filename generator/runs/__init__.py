"""Runs: one handout, a batch over a roster, and the files they write (whole, private, named)."""
