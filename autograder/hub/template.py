"""The ``jupyterhub_config.py`` that ``backprop hub init`` writes."""

CONFIG = '''\
"""JupyterHub for the course Backprop from Scratch (written by `backprop hub init`; the
settings it reads are in hub.json next to this file)."""

from autograder.hub.hubconfig import configure

c = get_config()  # noqa: F821  (provided by JupyterHub)
configure(c, {hub!r})
'''
