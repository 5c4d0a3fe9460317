"""arXiv: reading its API's Atom answers, asking it politely, and enriching readings with it."""
