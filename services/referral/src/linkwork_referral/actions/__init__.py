"""The referral service's use cases, one transaction each: intake, the lifecycle steps,
assignment by capacity, link worker records and the first-contact deadline."""
