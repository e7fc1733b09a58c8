"""The referral service: where a person enters Linkwork."""
