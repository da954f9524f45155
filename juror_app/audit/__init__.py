"""The audit trail's hash chain: canonical hashing, the chain head, verification and CLI."""
