"""Guidance in Wagtail: home page, quick guides, checklists, role descriptions; the dashboard."""
