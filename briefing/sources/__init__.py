"""Sources: seed files → cleaned, segmented `Article`s in both scripts, with cleaning reports.

Flows in: `seeds/*.txt` and their editor metadata. Flows out: `Article` (model.py).
"""
