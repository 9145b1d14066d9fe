"""Endless practice: seeded exercise generators, answer parsing and grading with feedback."""
