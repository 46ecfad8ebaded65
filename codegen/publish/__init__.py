"""Publishing for other-language teams: bundled specs, HTML references and an index in ``dist/``.

``python -m codegen publish`` turns each ``specs/<vendor>/openapi.yaml`` into artefacts that need
nothing from this repository: a dereferenced bundle as YAML and JSON named with the spec's
``info.version``, a self-contained Redoc page, TypeScript types (``ts/generated/``) as proof that
the bundle is usable from another language, and ``dist/index.html`` linking them all.
"""
