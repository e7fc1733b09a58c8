"""Pure journey logic: no database, no broker."""
