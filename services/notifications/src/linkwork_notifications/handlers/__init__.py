"""Handlers of the events the notifications service consumes: one entry point per event
(`on_event`), built from small steps: remember the case, feed the stream, notify."""
