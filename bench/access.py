"""`python bench/access.py [--rounds N]`: what virtual keys, permissions and CORS cost per request.

The same proxy and mock, one policy at a time (see bench/compare.py for the set-up); the driver
sends `Authorization: Bearer sk-bench` and no `Origin`:
- open: no keys;
- key: one virtual key without permissions (auth by digest);
- key + permissions: the key in a group with model and endpoint globs, no override headers and
  at most 1,000 open streams (a concurrency slot taken and given back per stream);
- + CORS: that, with a CORS allow-list (requests without Origin pass the middleware untouched).
Prints a markdown table of CPU us per request; writes nothing.
"""

from __future__ import annotations

from compare import BASE_POLICY, cli

KEY = "keys: [{{name: bench, secret: sk-bench}}]\n"
GROUP = (
    "key_groups: {{g: {{models: ['gpt-4o-*', 'claude-*'], endpoints: [/v1/chat/completions],"
    " override_headers: [], max_streams: 1000}}}}\n"
    "keys: [{{name: bench, secret: sk-bench, group: g}}]\n"
)
CORS = "cors: {{allow_origins: ['https://app.example.com']}}\n"
POLICIES = {"open": "", "key": KEY, "key + permissions": GROUP, "+ CORS": GROUP + CORS}


def main() -> None:
    cli(__doc__ or "", {name: BASE_POLICY + extra for name, extra in POLICIES.items()}, "policy")


if __name__ == "__main__":
    main()
