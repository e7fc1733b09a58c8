"""The insights service's HTTP API: one router per resource."""

from linkwork_insights.api import published, reports

ROUTERS = [reports.router, published.router]
