"""prompting layer."""
