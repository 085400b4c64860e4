"""Tests of requirement fulfilment."""
