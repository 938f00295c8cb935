"""Public checks that students run. They test shapes, invariants and finite differences, never
against a stored answer, and report in the lesson's language."""
