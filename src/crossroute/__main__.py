"""`python -m crossroute` runs the command line."""

from crossroute.cli.app import main

main()
