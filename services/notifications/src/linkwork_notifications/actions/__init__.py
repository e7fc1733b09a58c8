"""Use cases of the notifications service, each in the transaction it is given.

What an event calls for (events, built of cases, notify, recipients, withdrawals), what becomes
of a delivery (sending, outcomes), reading in-app notifications (inbox) and keeping recipients'
details (recipients).
"""
