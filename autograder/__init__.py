"""Backprop from Scratch: student checks, reference implementation and grading tools.

Sub-packages, by who may see them:

- ``autograder.student``   imported by lesson notebooks: language, plotting, public checks.
- ``autograder.reference`` the float64 reference implementation (instructors only).
- ``autograder.mistakes``  catalogued mistakes, each a small mutant of the reference.
- ``autograder.spec``      what a graded item is (``Spec``).
- ``autograder.hidden``    the hidden tests' data: each lesson's graded items and cases.
- ``autograder.grading``   judges a submission on the hidden cases and names the mistake.
- ``autograder.build``     lesson sources -> solution and student notebooks.
- ``autograder.course``    nbgrader course directory, configuration, instructor commands.
- ``autograder.inside``    what runs in the grading sandbox beside a student's code.
- ``autograder.grader``    the trusted side of sandboxed grading: bubblewrap, jobs, verdicts.
"""
