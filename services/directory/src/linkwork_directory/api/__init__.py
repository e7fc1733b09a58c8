"""The directory's HTTP API: one router per resource, in the order the app includes them."""

from linkwork_directory.api import (
    imports,
    links,
    manage,
    organizations,
    oruk,
    reports,
    search,
    subject_access,
)

ROUTERS = [
    oruk.router,
    manage.router,
    organizations.router,
    imports.router,
    search.router,
    links.router,
    reports.router,
    subject_access.router,
]
