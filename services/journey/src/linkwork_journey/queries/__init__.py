"""The reads behind the journey service's API: journeys and timelines, as their callers see them."""
