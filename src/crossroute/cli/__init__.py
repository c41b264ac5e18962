"""The command line: `crossroute --help`."""
