"""Math for AI Engineers: an interactive course that shows the working behind every number."""

__version__ = "0.1.0"
