"""Sample data and gazetteer tables of kg, shipped as package data."""
