"""The directory service: Open Referral UK local services and links of people to them."""
