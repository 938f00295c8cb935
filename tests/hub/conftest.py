"""The browser fixtures of tests/web (Debian's Chromium, offline), for the hub tests."""

from tests.web.conftest import chromium, screenshots  # noqa: F401
