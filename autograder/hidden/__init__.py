"""Helpers the hidden tests call at grading time (instructors only)."""
