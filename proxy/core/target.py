"""What core and the stages read of an upstream deployment, as a protocol.

`proxy.config.models.Deployment` implements it; the Exchange names the targets a request may go
to and the one that served it through this protocol, so core never imports the config.
"""

from __future__ import annotations

from typing import Protocol


class Target(Protocol):
    """One upstream model behind an alias: how logs name it and what its tokens cost."""

    @property
    def label(self) -> str: ...  # the deployment's name as shown to callers

    @property
    def provider(self) -> str: ...

    @property
    def model(self) -> str: ...  # the upstream's own model name

    def cost_usd(
        self,
        prompt_tokens: int,
        completion_tokens: int,
        cached_tokens: int = 0,
        *,
        cache_write_tokens: int = 0,
        web_searches: int = 0,
    ) -> float: ...
