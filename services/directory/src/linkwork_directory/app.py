"""Composition root of the directory service."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from linkwork_directory import (
    import_api,
    links_api,
    manage_api,
    oruk_api,
    reports_api,
    search_api,
)
from linkwork_directory.demo import seed_if_empty
from linkwork_directory.errors import Conflict, NotFound, NotPermitted, Unprocessable
from linkwork_directory.expiry import expire_unanswered
from linkwork_directory.journey_closed import on_journey_closed
from linkwork_directory.journey_reassigned import on_journey_reassigned
from linkwork_directory.journey_started import on_journey_started
from linkwork_directory.settings import Settings
from linkwork_directory.store import INDEXES
from linkwork_runtime.consumer import event_subscription
from linkwork_runtime.scheduling import every
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_schemas import topics
from linkwork_schemas.journey import JourneyClosed, JourneyReassigned, JourneyStarted

REFUSALS: dict[type[Exception], tuple[int, str]] = {
    NotFound: (404, "not_found"),
    NotPermitted: (403, "forbidden"),
    Conflict: (409, "conflict"),
}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = create_service_app(
        ServiceDefinition(
            settings=settings,
            title="Linkwork directory service",
            description="Local services (Open Referral UK 3.0), links of people to services "
            "with provider answers and capacity, unmet needs.",
            indexes=INDEXES,
            routers=[
                oruk_api.router,
                manage_api.router,
                import_api.router,
                search_api.router,
                links_api.router,
                reports_api.router,
            ],
            workers=[
                seed_if_empty,
                every(
                    settings.link_expiry_check_seconds, expire_unanswered, "directory.link_expiry"
                ),
            ],
            subscriptions=[
                event_subscription(
                    "journey-events",
                    topics.JOURNEY_EVENTS,
                    {
                        JourneyStarted: on_journey_started,
                        JourneyReassigned: on_journey_reassigned,
                        JourneyClosed: on_journey_closed,
                    },
                )
            ],
            publishes=[topics.DIRECTORY_EVENTS],
            refusals=REFUSALS,
        )
    )
    app.add_exception_handler(Unprocessable, _unprocessable)
    return app


async def _unprocessable(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Unprocessable)
    body = {"error": "unprocessable", "where": exc.where, "message": exc.message}
    return JSONResponse({"detail": body}, status_code=422)
