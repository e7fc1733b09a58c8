"""Composition root of the directory service."""

from __future__ import annotations

from fastapi import FastAPI

from linkwork_directory import api
from linkwork_directory.settings import Settings
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_schemas import topics


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return create_service_app(
        ServiceDefinition(
            settings=settings,
            title="Linkwork directory service",
            description="Local services (Open Referral UK), links of people to services.",
            routers=[api.router],
            publishes=[topics.DIRECTORY_EVENTS],
        )
    )
