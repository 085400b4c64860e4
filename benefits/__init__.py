"""Business cases and the benefits they promise, measured until realised."""
