"""Real HTTP servers on loopback standing in for the web services dayledger talks to."""
