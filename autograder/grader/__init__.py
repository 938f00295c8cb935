"""The trusted side of sandboxed grading (instructors only).

A submission's answer cells run inside a sandbox (:mod:`autograder.grader.bubblewrap`) that
sees no answer, no course directory and no network; only plain numbers come back, and the
verdicts are reached here, against the reference, by :func:`autograder.grading.judge`.
"""
