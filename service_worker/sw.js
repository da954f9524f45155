// Service worker: built by the offline-first capture issue.
