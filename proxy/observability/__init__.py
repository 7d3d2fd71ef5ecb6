"""Metrics, the request log (with optional redacted capture), traces and the evaluation log."""
