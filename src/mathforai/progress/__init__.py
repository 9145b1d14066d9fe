"""Learner state: attempts, mastery and spaced review, in SQLite or PostgreSQL."""
