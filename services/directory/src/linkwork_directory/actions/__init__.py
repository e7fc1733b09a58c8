"""The directory's use cases, each one transaction with its events."""
