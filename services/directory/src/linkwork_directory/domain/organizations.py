"""Who manages an organization's services (their capacity, the list of them): directory
managers every organization's, a provider (its token's `organization_id`) its own."""

from __future__ import annotations

from linkwork_runtime.caller import PROVIDER, Caller

DIRECTORY_MANAGER = "directory_manager"


def manages(caller: Caller, organization_id: str) -> bool:
    return caller.has(DIRECTORY_MANAGER) or (
        caller.has(PROVIDER) and caller.organization_id == organization_id
    )
