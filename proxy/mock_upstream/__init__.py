"""A fake OpenAI-compatible upstream (aiohttp) for tests, benchmarks and offline demos.

Run it with `python -m proxy.mock_upstream --port 9000` or `llm-proxy mock-upstream`. Behaviour is
steered per request by knobs (see `knobs.KNOB_SPECS`): the body's `"mock": {...}` object wins over
`x-mock-<knob-name>` headers, which win over the CLI defaults. `GET /_mock/log` shows what was
received and how each response ended; `DELETE /_mock/log` clears it.

The default answer text is `"chunk0 chunk1 ... chunk<N-1>"` for `chunks=N`, one word per chunk.
"""

from proxy.mock_upstream.knobs import Knobs
from proxy.mock_upstream.server import add_cli_arguments, build_app, run_from_args

__all__ = ["Knobs", "add_cli_arguments", "build_app", "run_from_args"]
