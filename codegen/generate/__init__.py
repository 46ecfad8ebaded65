"""Turn each spec into a typed client package and pydantic models under ``generated/``.

``cli`` decides what is stale from a cheap stamp (``fingerprint``) and only then imports the
heavy machinery (``pipeline``): the generators run in-process, in worker processes, into a
staging folder that ``install`` swaps into place only when every vendor succeeded.
"""
