"""The notifications service's HTTP routes, one module per resource, listed in ROUTERS.

In-app notifications, the live feed (stream), recipients' details, safeguarding concerns and
the ops views.
"""

from linkwork_notifications.api import (
    notifications,
    ops,
    recipients,
    safeguarding,
    stream,
    subject_access,
)

ROUTERS = [
    notifications.router,
    stream.router,
    recipients.router,
    safeguarding.router,
    ops.router,
    subject_access.router,
]
