"""Linkwork's local stack: embedded infrastructure, the service launcher and test fixtures."""
