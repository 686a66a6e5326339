"""`python -m observer_app` runs the same command line as `observer-app`."""

from observer_app.launcher import main

raise SystemExit(main())
