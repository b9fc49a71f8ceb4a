"""briefing: Chinese news articles → a bilingual MkDocs briefing and PDF."""

__version__ = "0.1.0"
