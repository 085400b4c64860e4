"""Organisations (municipalities and the editorial team), users, memberships, roles and tenancy."""
