"""Upstream providers: each translates between the pipeline's OpenAI shapes and its own wire format."""

from __future__ import annotations

from proxy.config.policy import Policy
from proxy.upstream.providers.anthropic import AnthropicProvider
from proxy.upstream.providers.azure import AzureProvider
from proxy.upstream.providers.base import Provider
from proxy.upstream.providers.openai import OpenAIProvider

_PROVIDER_TYPES: dict[str, type[OpenAIProvider] | type[AnthropicProvider]] = {
    "openai": OpenAIProvider,
    "azure": AzureProvider,
    "anthropic": AnthropicProvider,
}


def build_providers(policy: Policy) -> dict[str, Provider]:
    """One provider object (and connection pool) per configured provider."""
    open_mode = not policy.keys
    return {name: _PROVIDER_TYPES[cfg.type](name, cfg, open_mode=open_mode) for name, cfg in policy.providers.items()}


__all__ = ["AnthropicProvider", "AzureProvider", "OpenAIProvider", "Provider", "build_providers"]
