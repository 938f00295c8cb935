"""Lesson sources (``content/*.md``) -> ``solutions/{en,zh}`` -> ``lessons/{en,zh}``."""
