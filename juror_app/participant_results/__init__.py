"""Results outside the app: participants' private links and the public laureates page.

links is the token lifecycle (handed a Session and the secret, no Flask); views show the
results' own report and certificate templates to whoever holds a live link.
"""
