"""`python -m observer_app` runs the same command line as `observer-app`."""

from observer_app.launcher import main

# Guarded: a merge of many files starts a second process, which imports this module again.
if __name__ == "__main__":
    raise SystemExit(main())
