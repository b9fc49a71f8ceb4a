"""Curation: editors' YAML → a typed `Curated` layer (summaries, claims, fact-checks, timeline,
glossary) and the entity index. Flows in: `curation/*.yml` and `Article`s.
"""
