"""The referral service's HTTP API: intake, referrals and caseloads, the lifecycle steps and
link workers, one router each (in the order the app mounts them)."""

from linkwork_referral.api import intake, lifecycle, link_workers, referrals

ROUTERS = [intake.router, referrals.router, lifecycle.router, link_workers.router]
