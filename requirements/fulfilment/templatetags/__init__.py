"""Template tags of requirement fulfilment."""
