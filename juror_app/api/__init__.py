"""The JSON sync API under /api/v1; the blueprint lives in api.blueprint."""
