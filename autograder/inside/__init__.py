"""The untrusted side of grading: what runs inside the sandbox with a student's code.

Nothing here knows an answer: the sandbox sees this package, ``autograder.student`` and the
third-party libraries, never the reference, the mistakes, the hidden tests or the course
directory. Results leave it as plain numbers (see :mod:`autograder.inside.calls`).
"""
