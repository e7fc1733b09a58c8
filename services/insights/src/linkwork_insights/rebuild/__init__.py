"""`linkwork-insights rebuild`: every topic replayed from its earliest offset into a fresh
database, published reports carried over, then the service switched to it."""
