"""Oslo thing."""
