"""Pure directory logic: no database, no broker."""
