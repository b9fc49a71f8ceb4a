"""Render: a `Briefing` → pages in memory (HTML/Markdown strings); no file is written here.

The site pages, the curated pages and the print document share labels and row rules.
"""
