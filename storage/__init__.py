"""Everything that touches SQL: connection, migrations and queries."""
