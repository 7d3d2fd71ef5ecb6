"""A fake OpenAI-compatible upstream (aiohttp) for tests, benchmarks and offline demos.

It speaks the OpenAI API (`/v1/chat/completions`, `/v1/completions`, `/v1/embeddings`, ...), the
Responses API (`/v1/responses`, JSON or typed SSE events, with the stateful `/v1/responses/{id}...`
and `/v1/conversations...` endpoints; state is kept in memory per mock process), the Azure OpenAI
paths (`/openai/deployments/{deployment}/...?api-version=...`, `/openai/v1/...`) and the Anthropic
Messages API (`POST /v1/messages`). Other paths are 404 envelopes, wrong methods on known paths 405.

Run it with `python -m llm_proxy_mock --port 9000` or `llm-proxy mock-upstream`. Behaviour is
steered per request by knobs (see `knobs.KNOB_SPECS`): the body's `"mock": {...}` object wins over
`x-mock-<knob-name>` headers, which win over the server-wide defaults: the current `/_mock/script`
step (model endpoints only), else the CLI flags. `fail_rate` / `stall_rate` draw from a
`random.Random(--seed)`, one pair of draws per request in arrival order, so runs are reproducible.

Control endpoints: `GET|DELETE /_mock/log` (what was received and how each response ended),
`POST|GET|DELETE /_mock/script` (`{"steps": [{knobs}, ...], "repeat": bool}`), and
`GET|DELETE /_mock/stats` (`{"requests", "by_status", "in_flight"}`).

The default answer text is `"chunk0 chunk1 ... chunk<N-1>"` for `chunks=N`, one word per chunk.
"""

from llm_proxy_mock.knobs import Knobs
from llm_proxy_mock.server import add_cli_arguments, build_app, run_from_args

__all__ = ["Knobs", "add_cli_arguments", "build_app", "run_from_args"]
