"""The frozen app's entry point: the same launcher as the `observer-app` command."""

import multiprocessing
import sys

from observer_app.launcher import main

if __name__ == "__main__":
    # A merge of many files reads ahead in a second process of this same program.
    multiprocessing.freeze_support()
    sys.exit(main())
