"""Upstream providers: each translates between the pipeline's OpenAI shapes and its own wire format."""

from __future__ import annotations

from proxy.config import Policy
from proxy.providers.base import Provider
from proxy.providers.openai import OpenAIProvider


def build_providers(policy: Policy) -> dict[str, Provider]:
    """One provider object (and connection pool) per configured provider."""
    open_mode = not policy.keys
    return {name: OpenAIProvider(name, cfg, open_mode=open_mode) for name, cfg in policy.providers.items()}


__all__ = ["OpenAIProvider", "Provider", "build_providers"]
