"""Render: a `Briefing` → pages in memory (HTML/Markdown strings); no file is written here.

`core` decides what the site and the print document both say (rows, provenance, titles,
citations, fact-checks); `site_parts`, `pages` and `curated_pages` are the site's front-end,
`print_doc` the print document's.
"""
