"""Static files with their content's hash in the URL, so browsers may keep them a year."""
