"""For development and demos: the GP system simulator and the FHIR BaRS messages it sends."""
