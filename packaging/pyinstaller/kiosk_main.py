"""The standalone build's entry point: the same ``kiosk`` command as an installed wheel."""

from kiosk.cli import main

raise SystemExit(main())
