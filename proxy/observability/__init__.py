"""Metrics, structured request logs and (later) traces."""
