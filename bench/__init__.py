"""Scripts that build data at scale and print measured figures (never run in the tests)."""
