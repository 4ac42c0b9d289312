"""Plumb."""
