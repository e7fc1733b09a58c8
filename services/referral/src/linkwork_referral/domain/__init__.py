"""Pure referral logic: no database, no broker."""
