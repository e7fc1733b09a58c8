"""The journey's use cases, one transaction each: a link worker's actions on a journey, and
what the events it follows do to it (start, handover, timeline lines, service links)."""
