"""`side_call`: one chat completion the proxy makes on its own account, through this layer.

It lives in `proxy.experiments.side_call`, typed against the `ChatUpstream` protocol, so that
shadow traffic (a feature package) can make one without importing the upstream layer; callers
above it (the runtime's LLM classifiers) import it from here with `Upstream` as the argument.
"""

from proxy.experiments.side_call import ChatUpstream, SideAnswer, side_call

__all__ = ["ChatUpstream", "SideAnswer", "side_call"]
