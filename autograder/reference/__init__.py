"""The reference implementation, in float64. Instructors only: never ship it to students."""
