"""Azure OpenAI: the OpenAI wire format behind Azure's URLs and `api-key` header.

With `api_version` set, chat goes to `/openai/deployments/{deployment}/chat/completions?api-version=...`
(the deployment's `model` is the Azure deployment name); without it, to Azure's v1 API
(`/openai/v1/chat/completions`, model in the body). Pass-through calls use the v1 API paths.
Azure's first stream chunk (empty `choices`, `prompt_filter_results`) is passed on as Azure sent it.
"""

from __future__ import annotations

from urllib.parse import quote

from proxy.config.policy import Deployment
from proxy.core.paths import join_under
from proxy.upstream.providers.openai import OpenAIProvider


class AzureProvider(OpenAIProvider):
    def _auth_headers(self) -> dict[str, str]:
        key = self.config.api_key
        return {"api-key": key.value} if key else {}

    def chat_url(self, dep: Deployment) -> str:
        version = self.config.api_version
        if version is None:
            return self.http.base_url + "/openai/v1/chat/completions"
        deployment = quote(dep.model, safe="")
        return f"{self.http.base_url}/openai/deployments/{deployment}/chat/completions?api-version={quote(version)}"

    def api_url(self, dep: Deployment, api: str) -> str:
        """Embeddings on the deployments API when `api_version` is set; the Responses API (and
        embeddings without a version) on Azure's v1 API, the model named in the body."""
        version = self.config.api_version
        if version is None or api != "embeddings":
            return f"{self.http.base_url}/openai/v1/{api}"
        deployment = quote(dep.model, safe="")
        return f"{self.http.base_url}/openai/deployments/{deployment}/{api}?api-version={quote(version)}"

    def passthrough_url(self, path_qs: str) -> str:
        return join_under(self.http.base_url + "/openai/v1", path_qs)
