"""dayledger's version: the one place it is written (pyproject.toml reads it from here), so that
``dayledger --version`` needs neither the package metadata nor click to answer."""

VERSION = "0.1.0"
