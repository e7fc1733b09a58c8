"""Timers of the console: none. Its only data, sessions, end by themselves (a TTL index on
`expires_at`, store/__init__.py), and its live updates are pushed by the notifications
service, never polled."""
