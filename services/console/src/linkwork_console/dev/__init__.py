"""Demo data of the console: the people a developer can sign in as."""
