"""Running the app in production: /healthz, request ids, logs, backup and restore."""
