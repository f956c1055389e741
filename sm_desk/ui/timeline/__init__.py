"""A record's timeline: the model (pages from the store) and the view."""
