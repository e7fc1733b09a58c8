"""Pure notification logic: no database, no broker."""
