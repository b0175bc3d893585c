"""The corpus of deliberately wrong Thens (see README.md here): never collected as tests of their own.

Every scenario here fails on purpose; tests/test_brevity.py runs them in a pytester sandbox and
holds each failure's text to the brevity budget.
"""

collect_ignore_glob = ["*.feature"]
