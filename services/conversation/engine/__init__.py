"""Analyst engines: turn a question plus catalog into guarded SQL and an answer."""
