"""Team builder models."""
