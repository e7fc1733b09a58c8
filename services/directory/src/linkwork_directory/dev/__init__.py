"""Demo data of the directory: the Leeds demo directory and sample postcodes, seeded at start."""
