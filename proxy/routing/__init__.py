"""Choosing deployments and surviving their failures: balancing, retries, circuit breakers."""
