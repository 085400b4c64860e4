"""Contracts: suppliers, IT systems, contracts, deadlines and invoices."""
