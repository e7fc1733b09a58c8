"""The reads behind the directory's API; no writes."""
