"""Translation: segments → English with provenance.

The translation memory, the machine-translation engine and its models, glossary protection,
QA flags, editor worksheets and `briefing status`. Flows in: `Article`s. Flows out: `Translation`s.
"""
