"""`python -m proxy.mock_upstream [flags]`: run the mock upstream until SIGINT/SIGTERM."""

from proxy.mock_upstream.server import main

main()
