"""Tests of generator.inputs."""
