"""`python -m llm_proxy_mock [flags]`: run the mock upstream until SIGINT/SIGTERM."""

from llm_proxy_mock.server import main

main()
