"""handouts: personalized, evidence-based PDF handouts on muscle twitches, cramps and recovery."""

# The one place the version is set: pyproject.toml reads it from here (no metadata lookup at
# start-up, which would cost a trainer a twentieth of a second on every command).
__version__ = "0.1.0"
