"""Periodic jobs, notifications and email."""
