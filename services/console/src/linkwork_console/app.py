"""Composition root of the console: its session store, the services' APIs, the templates
(NHS.UK frontend macros before ours), the assets, the pages and what errors look like."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import structlog
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader

from linkwork_console import api, handlers
from linkwork_console.api import errors
from linkwork_console.api.security import SecurityHeaders
from linkwork_console.backends import Backends
from linkwork_console.backends.oidc import Provider
from linkwork_console.dev.demo_users import DEMO_USERS
from linkwork_console.domain import people
from linkwork_console.settings import DEVELOPMENT_SESSION_SECRET, Settings
from linkwork_console.store import INDEXES, Store
from linkwork_runtime.access import declared_public
from linkwork_runtime.logging import configure_logging
from linkwork_runtime.metrics_api import serve_metrics
from linkwork_runtime.mongo import connect, ensure_indexes
from linkwork_runtime.service import CorrelationMiddleware, RefusedToStart, refuse_unsafe_settings
from linkwork_runtime.tokens import tokens_for
from linkwork_runtime.unit_of_work import Clock, utc_now

HERE = Path(__file__).resolve().parent
log = structlog.get_logger(__name__)


def templates() -> Environment:
    """Our templates first, then the NHS.UK frontend's macros (nhsuk-frontend-jinja)."""
    environment = Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(HERE / "templates"), PackageLoader("nhsuk_frontend_jinja")]
        ),
        undefined=ChainableUndefined,  # the NHS.UK macros read optional parameters freely
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["long_date"] = people.long_date
    environment.filters["nhs_number"] = people.nhs_number
    environment.filters["full_name"] = people.full_name
    return environment


def create_app(settings: Settings | None = None, clock: Clock = utc_now) -> FastAPI:
    settings = settings or Settings()
    refuse_unsafe_settings(settings, audited=False)  # the services audit what it shows
    if settings.auth_mode == "oidc" and not settings.oidc_client_id:
        raise RefusedToStart(
            "console refuses to start: AUTH_MODE=oidc needs OIDC_CLIENT_ID (and "
            "OIDC_CLIENT_SECRET): the console's client at the identity provider"
        )
    if settings.auth_mode == "oidc" and settings.session_secret == DEVELOPMENT_SESSION_SECRET:
        raise RefusedToStart(
            "console refuses to start: SESSION_SECRET is the development one, and anyone "
            "could sign a session cookie with it; set a secret of its own"
        )
    configure_logging(settings.service_name, settings.log_level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per page is enough
    mongo = connect(settings.mongodb_uri)
    database = mongo[settings.mongodb_database]

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await ensure_indexes(database, INDEXES)
        timeout = httpx.Timeout(settings.backend_timeout_seconds, connect=2.0)
        async with httpx.AsyncClient(timeout=timeout) as client:
            app.state.backends = Backends.of(client, _urls(settings))
            app.state.identity_provider = _identity_provider(settings, client)
            log.info("console.started", port=settings.http_port)
            yield
        await mongo.close()

    app = FastAPI(
        title="Linkwork console",
        description="The staff web application over the services' APIs.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # pages, not an API: nothing here for other programs
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    app.state.tokens = tokens_for(settings)
    app.state.mongo = mongo
    app.state.store = Store(database, None)
    app.state.templates = templates()
    app.state.clock = clock
    app.state.on_feed_message = handlers.on_feed_message  # what the live relay calls
    app.state.demo_users = DEMO_USERS if settings.auth_mode == "development" else []
    app.add_middleware(SecurityHeaders, secure=settings.secure_cookies)
    app.add_middleware(CorrelationMiddleware)
    serve_metrics(app, settings.service_name)
    errors.register(app)
    _mount_assets(app, settings)
    for router in api.ROUTERS:
        app.include_router(router)
    return app


def _identity_provider(settings: Settings, http: httpx.AsyncClient) -> Provider | None:
    """The identity provider people sign in at (AUTH_MODE=oidc); none in development."""
    if settings.auth_mode != "oidc":
        return None
    return Provider(
        issuer=settings.sign_in_issuer,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        scopes=settings.oidc_scopes,
        http=http,
    )


def _urls(settings: Settings) -> dict[str, str]:
    return {
        "referral": settings.referral_url,
        "journey": settings.journey_url,
        "directory": settings.directory_url,
        "notifications": settings.notifications_url,
    }


def _mount_assets(app: FastAPI, settings: Settings) -> None:
    """Our own CSS and JS, and the NHS.UK frontend and htmx as npm installed them."""
    frontend = settings.node_modules / "nhsuk-frontend" / "dist" / "nhsuk"
    htmx = settings.node_modules / "htmx.org" / "dist"
    for path in (frontend, htmx):
        if not path.is_dir():
            raise RuntimeError(
                f"{path} is missing: run `make install` (npm ci in services/console)"
            )
    app.mount("/assets/nhsuk", _public_files(frontend), name="nhsuk")
    app.mount("/assets/htmx", _public_files(htmx), name="htmx")
    app.mount("/assets/console", _public_files(HERE / "assets"), name="console")


def _public_files(directory: Path) -> StaticFiles:
    why = "the pages' styles, scripts and images (the sign-in page's too)"
    return declared_public(StaticFiles(directory=directory), why)
