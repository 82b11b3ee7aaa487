"""Tests of generator.runs."""
