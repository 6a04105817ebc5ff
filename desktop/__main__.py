"""`python -m desktop` runs the same entry point as `claimdesk`."""

from desktop.app import main

raise SystemExit(main())
