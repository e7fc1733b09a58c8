"""Composition root of the referral service."""

from __future__ import annotations

from fastapi import FastAPI

from linkwork_referral import api, handlers, intake_api
from linkwork_referral.messages import parse_gp_message
from linkwork_referral.settings import Settings
from linkwork_referral.store import INDEXES
from linkwork_runtime.consumer import Subscription
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_schemas import topics


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    gp_referrals = Subscription(
        name="gp-referrals",
        topic=topics.GP_REFERRALS,
        parse=parse_gp_message,
        handle=handlers.on_referral_submitted,
        message_id=lambda _: None,  # de-duplicated by (source system, source referral id)
        description="Referral submissions from GP systems (JSON; FHIR BaRS bundles)",
    )
    return create_service_app(
        ServiceDefinition(
            settings=settings,
            title="Linkwork referral service",
            description="Takes referrals from GP systems and agencies, assigns link workers.",
            indexes=INDEXES,
            subscriptions=[gp_referrals],
            routers=[intake_api.router, api.router],
            publishes=[topics.REFERRAL_EVENTS],
        )
    )
