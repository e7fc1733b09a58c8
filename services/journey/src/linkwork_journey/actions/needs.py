"""What matters to the person: needs by domain and the barriers named, reassessed at will."""

from __future__ import annotations

import uuid

from linkwork_journey.actions.commands import AssessNeeds
from linkwork_journey.actions.journeys import load, record
from linkwork_journey.store import Tx
from linkwork_runtime.auth import Principal
from linkwork_schemas import Event
from linkwork_schemas.journey import NeedsAssessed, NeedsAssessedPayload


async def assess_needs(tx: Tx, journey_id: str, who: Principal, cmd: AssessNeeds) -> Event:
    """A (re-)assessment: earlier ones stay in the journey's list of assessments."""
    journey = await load(tx, journey_id, who)
    payload = NeedsAssessedPayload(
        journey_id=journey_id,
        assessment_id=str(uuid.uuid4()),
        assessed_by=who.sub,
        **cmd.model_dump(),
    )
    assessment = {**payload.model_dump(mode="json", exclude={"journey_id"}), "at": tx.now}
    return await record(tx, journey, NeedsAssessed, payload, push={"assessments": assessment})
