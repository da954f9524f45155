"""The app's plumbing: configuration, database, extensions, errors, languages, CLI."""
