"""Browser tests (a package, so that this folder's conftest.py doesn't shadow tests/conftest.py)."""
