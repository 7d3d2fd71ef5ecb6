"""Prompt templates, A/B experiments, shadow traffic and feedback."""
