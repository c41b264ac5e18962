"""`python -m crossroute` runs the command line."""

from crossroute.cli.entry import main

main()
