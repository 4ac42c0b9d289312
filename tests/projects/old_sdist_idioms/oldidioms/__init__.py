"""Old idioms."""
