"""llm-policy-proxy: one policy for every call to an LLM.

The proxy serves requests from one asyncio thread; its numpy work (semantic-cache vectors, the
learned injection scorer) is a few small products per request. A multi-threaded BLAS splits those
across cores and its idle threads spin, burning milliseconds of CPU per lookup that the event loop
needed (measured: nearest of 1,000 vectors 3.5 ms of CPU vs 0.09 ms on one thread). So unless the
operator chose otherwise, BLAS runs on the calling thread; this must happen before numpy loads.
"""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
