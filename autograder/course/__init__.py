"""The nbgrader side: course directory, configuration, preprocessors, grade export."""
