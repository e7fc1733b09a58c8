"""Open Referral UK (ORUK 3.0): the models parsed at the boundary, the compiled JSON Schemas
(package data, CC BY-SA 4.0: see LICENCE-NOTICE.md) and how stored records render as ORUK."""
