"""Route groups: HTML pages, the JSON API, widget fragments."""
