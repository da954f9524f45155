"""Mail: the outbox, the SMTP sender, notifications and reminders.

rules, transport and outbox are plain (no Flask); compose renders mails in the user's
language; views and commands live in blueprint/preferences/cli.
"""
