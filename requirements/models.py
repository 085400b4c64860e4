"""Models of the requirements app."""
