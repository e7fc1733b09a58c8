"""A person's own referral, sent to the referral service's public door on their behalf (no
token: they have no account), with their address for its per-address limit."""

from __future__ import annotations

from typing import Any

from linkwork_console.backends import Backends


async def refer_yourself(backends: Backends, form: dict[str, Any], client_address: str) -> Any:
    return await backends.referral.post_public("/self-referrals", form, client_address)
