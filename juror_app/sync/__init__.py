"""Sync of contacts from the phones: the payload rules, the service that stores them."""
