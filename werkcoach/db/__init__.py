"""The PostgreSQL backend with a patient connect (see ``base``)."""
