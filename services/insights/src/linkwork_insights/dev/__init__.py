"""Demo data of the insights service: the sample of practices, PCNs and ICBs."""
