"""Use cases of the insights service: folding events into the projections, publishing."""
