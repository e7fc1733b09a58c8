"""The insights service's timers: none. Its projections change only with the events it
consumes, and a rebuild is a command (`linkwork-insights rebuild`), not a timer."""
