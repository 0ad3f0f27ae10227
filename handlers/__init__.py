"""Role and capability handlers: they apply the rules and return replies."""
