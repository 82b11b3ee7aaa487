"""Tests of generator.rules."""
