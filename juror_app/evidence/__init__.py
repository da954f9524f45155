"""Photo evidence: the pipeline (checks, metadata, derivatives), storage, serving."""
