"""Local checks and the shared helpers that run the site for tests, tools and the benchmark."""
