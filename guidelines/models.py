"""Transition wizard models."""
