"""Contacts and companies: the service every workspace and the importer write through."""
