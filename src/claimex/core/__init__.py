"""Domain layer: types, errors, text folding, article loading and settings.

Everything else in claimex builds on this package; it imports nothing above it.
"""
