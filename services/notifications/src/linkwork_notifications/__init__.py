"""The notifications service: who must know what, by which channel; the ops event log."""
