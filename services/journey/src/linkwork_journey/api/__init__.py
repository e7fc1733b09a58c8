"""The journey service's HTTP routes: timelines, journeys, and the link worker's actions."""

from linkwork_journey.api import actions, journeys, subject_access, timelines

routers = [timelines.router, journeys.router, actions.router, subject_access.router]
