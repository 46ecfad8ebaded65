"""Contract tests: Schemathesis against the sandbox, recorded fixtures and (opt-in) live vendors.

See ``contract_tests/README.md`` for what runs where and how to point the suites at real hosts.
"""
