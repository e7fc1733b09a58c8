"""A report answered as JSON or, asked for with `Accept: text/csv` or `?format=csv`, as CSV."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from linkwork_insights.domain.tables import rows_of, to_csv

CSV = "text/csv"


def wants_csv(request: Request, format_: str | None) -> bool:
    if format_ is not None:
        return format_ == "csv"
    return CSV in request.headers.get("accept", "")


def answer(request: Request, format_: str | None, report: str, body: dict[str, Any]) -> Response:
    if wants_csv(request, format_):
        figures = body.get("figures", body)
        return Response(
            to_csv(rows_of(report, figures)),
            media_type=f"{CSV}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{report}.csv"'},
        )
    return JSONResponse(body)


CSV_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, "text/csv": {"schema": {"type": "string"}}}}
}
