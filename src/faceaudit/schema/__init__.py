"""Schemas read from SQL, migrations, ORM models and dumps: the operations readers emit, the
state that applies them in order, and what a schema file holds."""
