"""Benchmarks of the cleaner (run with the repository root on sys.path: `python -m benchmarks.extraction`)."""
