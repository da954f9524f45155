"""Coordinator set-up: editions, rubric, participants (fields, CSV), jurors, assignments."""
