"""Breaking-change report: compare each spec with its version at a git revision.

``python -m codegen breaking --base REV`` resolves ``$ref``s on both sides, walks operations,
parameters, bodies and schemas, and classifies every change with direction-aware rules: what
a client *sends* may only get wider, what it *receives* may only get narrower, except for
the two additions tolerant readers absorb (a new response field, a new response enum value:
generated clients and the runtime keep both). See docs/breaking-changes.md for the rule list
and how it compares with optic.
"""
