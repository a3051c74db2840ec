"""The language: workout text to a syntax tree (lexicon, notation readings, parser, formatter)."""
