"""Demo data of the notifications service: the demo team's and practices' contact details."""
