"""WordPress: reading a blog's posts through its REST API and turning them into daily notes."""
