"""The offline capture app: shell, messages, service worker."""
