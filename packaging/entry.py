"""The frozen app's entry point: the same launcher as the `observer-app` command."""

import sys

from observer_app.launcher import main

if __name__ == "__main__":
    sys.exit(main())
