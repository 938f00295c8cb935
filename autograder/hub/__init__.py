"""A class on JupyterHub: the hub's configuration (``backprop hub init``), its Unix users,
and the grading service that grades each submission as it arrives."""
