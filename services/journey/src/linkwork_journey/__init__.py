"""The journey service: the link worker's record of the work with one person."""
