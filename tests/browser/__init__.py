"""Browser tests: the lessons driven in JupyterLab by a real Chromium (`make browser`).

A package (this file) so that its module names (browser.test_lessons, browser.conftest) do not
clash with tests/test_lessons.py and tests/conftest.py.
"""
