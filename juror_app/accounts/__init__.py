"""Accounts: signing in, roles and declared access, device tokens."""
