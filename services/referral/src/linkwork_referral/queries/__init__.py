"""The reads behind the referral service's API: referrals, caseloads, submissions and link
workers, each as its caller may see it."""
