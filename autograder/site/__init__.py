"""The course website: every lesson in both languages, built with Sphinx and MyST-NB from
``content/`` and readable offline (local MathJax, a bundled CJK web font, Chinese search)."""
