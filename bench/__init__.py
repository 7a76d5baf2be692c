"""Benchmarks run by ``make bench`` (``python -m bench.run_all``); see bench/RESULTS.md."""
