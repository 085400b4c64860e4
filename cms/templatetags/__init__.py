"""Template tags of the cms app."""
