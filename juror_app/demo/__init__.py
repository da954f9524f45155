"""Demo data for `make run`: the announced participants and a season of contacts."""
