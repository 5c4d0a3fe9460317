"""Benchmarks: run as modules (``python -m bench.commands``); never part of the test suite's timing."""
