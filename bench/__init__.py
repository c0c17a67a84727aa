"""Benchmarks of kg: a synthetic corpus (`bench.corpus`) and one command, `python -m bench`."""
