"""The reads behind the insights API: a report's facts, published reports."""
