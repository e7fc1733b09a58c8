"""Pure rules of the insights service: what a referral's anonymous facts are, the reports
computed from them, disclosure control, and who sees which practices. No I/O, no clock."""
