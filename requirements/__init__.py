"""The shared requirement bank, tender specifications and requirement fulfilment."""
