"""The web front end: `create_app(settings)` and `mathforai serve`."""
