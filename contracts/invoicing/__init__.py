"""Invoices (OIOUBL, Peppol BIS, finance spreadsheets) imported and checked against contracts."""
