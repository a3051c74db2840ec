"""The HTML page and its chart."""
