"""Publishing a period's report: its figures stored as they are now, frozen, and
ReportPublished recorded, in one transaction."""

from __future__ import annotations

import uuid
from typing import Any

from linkwork_insights.domain.periods import Filters
from linkwork_insights.store import Tx
from linkwork_schemas.insights import ReportPublished, ReportPublishedPayload


async def publish(
    tx: Tx,
    report: str,
    asked: Filters,
    owner: str,
    report_figures: dict[str, Any],
    published_by: str,
    suppress_below: int,
) -> dict[str, Any]:
    publication_id = f"pub-{uuid.uuid4().hex[:12]}"
    payload = ReportPublishedPayload(
        publication_id=publication_id,
        report=report,
        period_from=asked.first,
        period_to=asked.last,
        filters={**asked.named(), "scope": owner},
        published_by=published_by,
        published_at=tx.now,
        suppress_below=suppress_below,
    )
    document = {
        "_id": publication_id,
        "owner": owner,
        "report": report,
        "period": {"from": asked.first, "to": asked.last},
        "filters": asked.named(),
        "suppress_below": suppress_below,
        "published_by": published_by,
        "published_at": tx.now.isoformat(),
        "figures": report_figures,
    }
    await tx.store.published.add(document)
    await tx.record(ReportPublished, aggregate_id=publication_id, payload=payload)
    return {"publication_id": publication_id, **{k: v for k, v in document.items() if k != "_id"}}
