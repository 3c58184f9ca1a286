"""Readers turn one kind of input into facts of the system model."""
