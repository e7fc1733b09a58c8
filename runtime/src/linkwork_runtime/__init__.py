"""Linkwork's shared runtime: the one implementation of every cross-cutting concern.

Settings, JSON logging, the MongoDB client, the transactional outbox and its relay, the
idempotent consumer with dead-lettering and retries, bearer-JWT auth, health and readiness.
"""
