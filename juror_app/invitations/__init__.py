"""Set-password links: juror invitations and "forgot password", sent by mail.

links is the token lifecycle (handed a Session, no Flask); views and mails use it.
"""
