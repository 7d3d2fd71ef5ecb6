"""Input and output guardrails: detectors (PII, secrets, prompt injection, operator rules, banned
output), the stream hold-back scanner, JSON answer checks, and their policy."""
