"""Test support that the benchmarks share: synthetic projects (`synthetic`), the stand-in zh→en
model (`standin_model`), headless Chromium on a site served under a sub-path (`browser`), an OpenAI-compatible chat
server on 127.0.0.1 answering from a rule, with faults on request (`chat_server`).
The top layer: no stage of the package imports it (import-linter contract in pyproject.toml),
and it is not installed with the package (it reads the repository's sample project)."""
