"""Publish: pages → `docs/`, `mkdocs build`, the PDF; the only writers.

Assembles the `Briefing` from sources, memory and curation, writes changed pages,
runs mkdocs and WeasyPrint.
"""
