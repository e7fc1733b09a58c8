"""Linkwork's insights service: anonymous reporting projections built from the event streams,
for managers and commissioners (no personal identifiers are kept)."""
