"""The command line: one verb per module, exit codes, output files."""
