"""Tests of generator.pdf."""
