"""The benchmark of production serving (`make bench`)."""
