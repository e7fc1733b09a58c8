"""The reads behind the notifications API.

Inboxes, the ops event log and deliveries, recipients' details, and the live feed the stream
reads.
"""
