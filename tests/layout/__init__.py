"""Tests of generator.layout."""
