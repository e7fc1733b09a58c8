"""Demo data of the journey service: a link worker's day with one person, over its HTTP API."""
