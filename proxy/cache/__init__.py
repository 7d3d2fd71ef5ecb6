"""Response cache: exact answers by request key, and a semantic layer of prompt vectors."""
