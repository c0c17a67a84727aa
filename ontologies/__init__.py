"""Ontology, SKOS relation scheme and SHACL shapes of kg, shipped as package data."""
