"""Backends read a Book and apply a WritePlan; open_backend() picks one for a SOURCE string."""
